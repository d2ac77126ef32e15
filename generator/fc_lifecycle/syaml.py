"""Read ``s.yaml`` as Serverless Devs does: duplicate keys are errors, ``${vars.x}`` resolved.

Every mapping key's line is kept, so a problem can point at the line to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from fc_lifecycle.errors import UserError

Path_ = tuple  # a path into the document: keys and list indexes
VAR = re.compile(r"\$\{\s*vars\.([A-Za-z0-9_]+)\s*\}")


@dataclass
class Document:
    """The parsed file, the line of every key, and references that could not be resolved."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    unresolved: list[tuple[Path_, str]] = field(default_factory=list)

    def line(self, path: Path_) -> int | None:
        """The line of ``path``, or of its nearest parent that has one."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path)


def load(path: Path) -> Document:
    """Parse a file strictly and resolve ``${vars.x}``.

    Raises:
        UserError: unreadable file, YAML syntax error or a duplicate key (one line).
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise UserError(f"{path}: cannot read ({error.strerror})") from None
    return loads(text, str(path))


def loads(text: str, name: str = "s.yaml") -> Document:
    """Parse YAML text strictly and resolve ``${vars.x}``."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        document = Document(None)
        document.data = _convert(loader, node, (), document) if node is not None else None
    except yaml.YAMLError as error:
        raise UserError(f"{name}: {_one_line(error)}") from None
    finally:
        loader.dispose()
    variables = document.data.get("vars", {}) if isinstance(document.data, dict) else {}
    if isinstance(variables, dict):
        document.data = _resolve(document.data, variables, (), document)
    return document


def _convert(loader: yaml.SafeLoader, node: yaml.Node, path: Path_, document: Document) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in result:
                line = key_node.start_mark.line + 1
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicated mapping key {key!r} (line {line})"
                )
            document.lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = _convert(loader, value_node, (*path, key), document)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(loader, item, (*path, i), document) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def _resolve(value: Any, variables: dict, path: Path_, document: Document) -> Any:
    if isinstance(value, dict):
        return {k: _resolve(v, variables, (*path, k), document) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, variables, (*path, i), document) for i, v in enumerate(value)]
    if not isinstance(value, str) or "${" not in value:
        return value
    whole = VAR.fullmatch(value.strip())
    if whole and whole.group(1) in variables:
        return variables[whole.group(1)]

    def substitute(match: re.Match) -> str:
        if match.group(1) not in variables:
            document.unresolved.append((path, match.group(0)))
            return match.group(0)
        return str(variables[match.group(1)])

    return VAR.sub(substitute, value)


def _one_line(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    where = f" (line {mark.line + 1})" if mark is not None else ""
    return " ".join(f"{problem}{where}".split())
