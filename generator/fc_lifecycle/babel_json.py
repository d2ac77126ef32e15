"""A Babel extractor for the texts of ``cookiecutter.json`` that fc-lifecycle shows.

``babel.cfg`` names it (``[fc_lifecycle.babel_json.extract: cookiecutter.json]``), so
``pybabel extract`` puts the prompts, choice labels, the wizard's labels and short labels
and the rule texts into the catalog beside the code's messages. Standard library only:
Babel imports it while extracting; fc-lifecycle itself never does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO


def texts(spec: dict[str, Any]) -> Iterator[str]:
    """Every text of ``spec`` a person reads in fc-lifecycle, in file order."""
    for entry in spec.get("__prompts__", {}).values():
        yield from entry.values() if isinstance(entry, dict) else [entry]
    layout = spec.get("_wizard", {})
    yield from layout.get("hook_labels", {}).values()
    for entry in layout.get("labels", {}).values():
        yield from [entry] if isinstance(entry, str) else [case["label"] for case in entry]
    yield from layout.get("short", {}).values()
    yield from (rule["rule"] for rule in spec.get("_rules", {}).values() if "rule" in rule)


def extract(
    fileobj: BinaryIO, keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel's extractor protocol: ``(line, funcname, message, comments)`` per text."""
    raw = fileobj.read().decode("utf-8")
    lines = raw.splitlines()
    for text in texts(json.loads(raw)):
        quoted = json.dumps(text, ensure_ascii=False)
        line = next((n for n, row in enumerate(lines, 1) if quoted in row), 1)
        yield line, "_", text, ["cookiecutter.json"]
