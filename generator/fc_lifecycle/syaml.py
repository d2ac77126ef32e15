"""Read ``s.yaml`` as Serverless Devs does: duplicate keys are errors, ``${vars.x}`` resolved.

Every mapping key's line is kept, so a problem can point at the line to fix.

Limits, so that any input is read in bounded time and memory (a real s.yaml is a few kB, a
few hundred nodes, under ten levels deep): the file is read only if it is a regular file of at
most ``MAX_BYTES`` of UTF-8 text; the parser stops past ``MAX_DEPTH`` levels of nesting or
``MAX_NODES`` nodes; and the document with every alias and ``${vars.x}`` expanded may have at
most ``MAX_EXPANDED`` nodes and ``MAX_EXPANDED_CHARS`` characters of text (an alias bomb is
small as text and huge expanded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from fc_lifecycle.errors import UserError
from fc_lifecycle.i18n import _
from fc_lifecycle.safe_read import read_text

Path_ = tuple  # a path into the document: keys and list indexes
VAR = re.compile(r"\$\{\s*vars\.([A-Za-z0-9_]+)\s*\}")
# A real s.yaml: a few kB, a few hundred nodes, under ten levels; these leave a wide margin
# and keep the worst input under a second of parsing and checking and a few MB.
MAX_BYTES = 128 * 1024
MAX_DEPTH = 64
MAX_NODES = 5_000
MAX_EXPANDED = 10_000
MAX_EXPANDED_CHARS = 1024 * 1024


class _Limit(Exception):
    """The input went past one of the limits above."""


class _Budget:
    """What the expanded document may still hold: nodes and characters of text."""

    def __init__(self) -> None:
        self.nodes = MAX_EXPANDED
        self.chars = MAX_EXPANDED_CHARS

    def spend(self, nodes: int = 0, chars: int = 0) -> None:
        self.nodes -= nodes
        self.chars -= chars
        if self.nodes < 0:
            raise _Limit(f"aliases expand to more than {MAX_EXPANDED} nodes")
        if self.chars < 0:
            raise _Limit(f"aliases and vars expand to more than {MAX_EXPANDED_CHARS} characters")


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, stopping past ``MAX_DEPTH`` levels or ``MAX_NODES`` nodes
    (its composer recurses once per level, so a deep file would end in RecursionError)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.nodes = 0

    def fetch_flow_collection_start(self, TokenClass: Any) -> None:
        # The scanner reads ahead through an open flow collection: stop it at the limit too.
        if self.flow_level >= MAX_DEPTH:
            raise _Limit(f"nested deeper than {MAX_DEPTH} levels")
        super().fetch_flow_collection_start(TokenClass)

    def add_indent(self, column: int) -> bool:
        if len(self.indents) >= MAX_DEPTH:
            raise _Limit(f"nested deeper than {MAX_DEPTH} levels")
        return super().add_indent(column)

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Limit(f"more than {MAX_NODES} YAML nodes")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Limit(f"nested deeper than {MAX_DEPTH} levels")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


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
    return loads(read_text(Path(path), MAX_BYTES, "YAML"), str(path))


def loads(text: str, name: str = "s.yaml") -> Document:
    """Parse YAML text strictly and resolve ``${vars.x}``.

    Raises:
        UserError: a YAML syntax error, a duplicate key or a limit passed (one line).
    """
    if len(text) > MAX_BYTES:
        raise UserError(
            _("%(name)s: larger than %(kib)s KiB: will not read it as YAML")
            % {"name": name, "kib": MAX_BYTES // 1024}
        )
    loader, budget, document = _Loader(text), _Budget(), Document(None)
    try:
        node = loader.get_single_node()
        document.data = _convert(loader, node, (), document, budget) if node is not None else None
        variables = document.data.get("vars", {}) if isinstance(document.data, dict) else {}
        if isinstance(variables, dict):
            document.data = _resolve(document.data, variables, (), document, budget)
    except yaml.YAMLError as error:
        raise UserError(f"{name}: {_one_line(error)}") from None
    except _Limit as error:
        raise UserError(
            _("%(name)s: %(limit)s: will not read it") % {"name": name, "limit": error}
        ) from None
    finally:
        loader.dispose()
    return document


def _convert(
    loader: yaml.SafeLoader, node: yaml.Node, path: Path_, document: Document, budget: _Budget
) -> Any:
    # Aliases make the node graph a DAG (or a cycle): count what the expanded tree would hold.
    budget.spend(nodes=1, chars=len(node.value) if isinstance(node, yaml.ScalarNode) else 0)
    if len(path) > MAX_DEPTH:
        raise _Limit(f"nested deeper than {MAX_DEPTH} levels (with aliases expanded)")
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line = key_node.start_mark.line + 1
                raise yaml.constructor.ConstructorError(
                    None, None, f"a mapping key must be a plain value (line {line})"
                )
            key = loader.construct_object(key_node, deep=True)
            if key in result:
                line = key_node.start_mark.line + 1
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicated mapping key {key!r} (line {line})"
                )
            document.lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = _convert(loader, value_node, (*path, key), document, budget)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(loader, item, (*path, i), document, budget)
            for i, item in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)


def _resolve(value: Any, variables: dict, path: Path_, document: Document, budget: _Budget) -> Any:
    if isinstance(value, dict):
        return {k: _resolve(v, variables, (*path, k), document, budget) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, variables, (*path, i), document, budget) for i, v in enumerate(value)]
    if not isinstance(value, str) or "${" not in value:
        return value
    budget.spend(chars=len(value))
    whole = VAR.fullmatch(value.strip())
    if whole and whole.group(1) in variables:
        return variables[whole.group(1)]

    def substitute(match: re.Match) -> str:
        if match.group(1) not in variables:
            document.unresolved.append((path, match.group(0)))
            return match.group(0)
        text = str(variables[match.group(1)])
        budget.spend(chars=len(text))  # before the copy is made: ${vars.x} x 10000 is a bomb
        return text

    return VAR.sub(substitute, value)


def _one_line(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    where = f" (line {mark.line + 1})" if mark is not None else ""
    return " ".join(f"{problem}{where}".split())
