"""Read YAML as ``s`` does: a duplicate key is an error."""

from __future__ import annotations

import yaml


class StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate mapping keys."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        duplicates = {key for key in keys if keys.count(key) > 1}
        if duplicates:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {sorted(duplicates)}", node.start_mark
            )
        return super().construct_mapping(node, deep=deep)


def load(text: str):
    """Parse ``text`` strictly."""
    return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - SafeLoader subclass
