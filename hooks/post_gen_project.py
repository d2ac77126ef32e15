"""Shape the rendered project for the answers given (stdlib only).

Every step is driven by data in ``cookiecutter.json``: the named conditions
(``_conditions``) that choose the variant folders (``_variants/<condition>/<path>``: the
file at ``<path>``, only in projects where the condition holds), which files must be
executable and where the answers are recorded for ``fc-lifecycle update``. The hook runs
under cookiecutter, cruft and ``fc-lifecycle update`` alike, so all three shape a project
one way. The answer rules come from ``fc_template`` in the template folder (standard library only).
"""

import json
import os
import shutil
import stat
import subprocess
import sys

# Single quotes: Jinja's tojson escapes every ' so the JSON cannot end the string.
TEMPLATE_DIR_JSON = r'''{{ fc_template_dir() | tojson }}'''  # fmt: skip
CONTEXT_JSON = r'''{{ cookiecutter | tojson }}'''  # fmt: skip


class VariantError(Exception):
    """The template's variant folders break the one rule (a template bug, not the user's)."""


def holds(condition, answers: dict) -> bool:
    """Whether a condition holds: a ``when`` (each answer it names is one of its values, as
    in ``_rules``) or a list of them (any one holds)."""
    if isinstance(condition, list):
        return any(holds(when, answers) for when in condition)
    return all(answers.get(key) in values for key, values in condition.items())


def chosen_variants(names: list, conditions: dict, answers: dict) -> list:
    """The variant folders (of ``names``) whose condition holds for ``answers``.

    A variant folder is named after one condition of ``_conditions`` in
    ``cookiecutter.json`` (``gunicorn``: Flask or Django; ``flask-event``: an event function
    on Flask); a name that is not there is a template bug, refused.
    """
    unknown = sorted(set(names) - set(conditions))
    if unknown:
        raise VariantError(f"_variants/{unknown[0]}: no such condition in _conditions")
    return [name for name in sorted(names) if holds(conditions[name], answers)]


def keep_variant(folder: str, conditions: dict, answers: dict) -> None:
    """Move the files of each variant folder whose condition holds up into ``folder``; drop
    the others. No precedence: two chosen folders holding the same file is refused."""
    variants = os.path.join(folder, "_variants")
    if not os.path.isdir(variants):
        return
    moves = {}
    for name in chosen_variants(os.listdir(variants), conditions, answers):
        for rel in files_under(os.path.join(variants, name)):
            if rel in moves:
                raise VariantError(f"{folder}/{rel}: in both _variants/{moves[rel]} and {name}")
            moves[rel] = name
    for rel, name in sorted(moves.items()):
        target = os.path.join(folder, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.replace(os.path.join(variants, name, rel), target)
    shutil.rmtree(variants)


def files_under(source: str) -> list:
    """The paths of every file under ``source``, relative to it."""
    return [
        os.path.relpath(os.path.join(root, file), source)
        for root, _dirs, files in os.walk(source)
        for file in files
    ]


def make_executable(paths: list) -> None:
    """Give each path mode 755, as FC requires for ``bootstrap``."""
    mode = stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH
    for path in paths:
        os.chmod(path, mode)


def drop_if_empty(folders: list) -> None:
    """Remove each folder that holds nothing, in order: the folders of files whose names
    rendered empty (``.github/workflows`` without CI), which cookiecutter creates anyway."""
    for folder in folders:
        if os.path.isdir(folder) and not os.listdir(folder):
            os.rmdir(folder)


def template_commit(repo_dir: str) -> str:
    """Return the template's git commit, or "" when it is not a clean git checkout.

    Its own two git calls, not ``fc_lifecycle.git``: this hook runs under plain cookiecutter
    and cruft, where fc-lifecycle is not installed (only ``fc_template`` is at hand).
    """
    try:
        head = subprocess.run(
            ["git", "-C", repo_dir, "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", repo_dir, "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""
    return "" if dirty else head


def is_remote(source: str) -> bool:
    """Tell whether a template source names a remote repository rather than a folder."""
    return "://" in source or "@" in source or source.split(":", 1)[0] in ("gh", "gl", "bb")


def template_source(context: dict, template_dir: str) -> str:
    """Return what the user gave as the template, usable later: a URL or an absolute path.

    A local folder given as a relative path is recorded as the template folder (cookiecutter
    renders from that very folder); a local zip is unpacked into a temporary folder, so it
    is recorded only when given as an absolute path, and otherwise not at all. Under cruft
    ``_template`` is already a URL or an absolute path (cruft renders from a temporary clone).
    """
    source = context.get("_template") or ""
    if is_remote(source) or os.path.isabs(source):
        return source
    return "" if source.lower().endswith(".zip") else template_dir


def template_commit_of(context: dict, template_dir: str, source: str) -> str:
    """Return the template commit: cruft's ``_commit``, else the template folder's HEAD."""
    if context.get("_commit"):
        return context["_commit"]
    if source.lower().endswith(".zip") or not source:
        return ""
    return template_commit(template_dir)


def record_answers(context: dict, template_dir: str) -> None:
    """Write the answers file: template source, version, commit and every answer (typed)."""
    from fc_template import rules

    source = template_source(context, template_dir)
    record = {
        "answers": rules.check_all(context, rules.load_spec(template_dir)),
        "template": {
            "checkout": context.get("_checkout") or "",
            "commit": template_commit_of(context, template_dir, source),
            "source": source,
            "version": context["_version"],
        },
    }
    with open(context["_answers_file"], "w", encoding="utf-8", newline="\n") as handle:
        handle.write(json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def main() -> int:
    """Apply every post-generation step in order."""
    template_dir = json.loads(TEMPLATE_DIR_JSON)
    sys.path.insert(0, template_dir)
    from fc_template import rules

    context = json.loads(CONTEXT_JSON)
    # The typed answers (a yes/no given as text is a bool here), as the answers file has them.
    typed = rules.check_all(context, rules.load_spec(template_dir))
    try:
        for folder in context["_variant_dirs"]:
            keep_variant(folder, context["_conditions"], typed)
    except VariantError as error:
        print(f"error: template: {error}", file=sys.stderr)
        return 1
    make_executable(context["_executables"])
    drop_if_empty(context.get("_drop_if_empty", []))
    record_answers(context, template_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
