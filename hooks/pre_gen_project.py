"""Last line of defence: refuse answers that break FC's rules before anything is written.

The rules live in ``fc_template/rules.py`` in the template folder (standard library only);
the Jinja extension in ``_extensions`` has normally refused a bad answer already. Jinja
appears only inside the two string literals below, so the file is valid Python before
cookiecutter renders it.
"""

import json
import sys

# Single quotes: Jinja's tojson escapes every ' so the JSON cannot end the string.
TEMPLATE_DIR_JSON = r'''{{ fc_template_dir() | tojson }}'''  # fmt: skip
CONTEXT_JSON = r'''{{ cookiecutter | tojson }}'''  # fmt: skip


def main() -> int:
    """Check every answer; print one line naming the first bad one and return 1."""
    template_dir = json.loads(TEMPLATE_DIR_JSON)
    sys.path.insert(0, template_dir)
    from fc_template import rules

    try:
        rules.check_all(json.loads(CONTEXT_JSON), rules.load_spec(template_dir))
    except rules.AnswerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
