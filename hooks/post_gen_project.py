"""Shape the rendered project for the answers given (stdlib only).

Every step is driven by data in ``cookiecutter.json``: which folders hold per-framework
variants, which files must be executable and where the answers are recorded for
``fc-lifecycle update``. Files of a lifecycle hook that is switched off are not dropped
here: their file names are conditional on the hook's answer (a name that renders empty is
not written), so cookiecutter, cruft and ``fc-lifecycle update`` all skip them one way.
The answer rules come from ``fc_template`` in the template folder (standard library only).
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


def keep_variant(folder: str, keys: list) -> None:
    """Move the chosen variants up into ``folder``; drop the others.

    A variant folder is named after the keys it applies to: one key (a framework,
    ``flask``, or a function type, ``event``); keys joined by ``+`` for files they share
    (``flask+django``: Flask or Django); keys joined by ``&`` for files that need them all
    (``event&flask``: an event function on Flask). Where two chosen folders hold a file of
    the same name, the more specific one wins: an ``&`` folder over single keys, and among
    single keys the later in ``keys`` (a function type's file replaces a framework's).
    """
    variants = os.path.join(folder, "_variants")
    if not os.path.isdir(variants):
        return
    ranked = [(variant_rank(name, keys), name) for name in sorted(os.listdir(variants))]
    for _rank, name in sorted(item for item in ranked if item[0] is not None):
        move_tree(os.path.join(variants, name), folder)
    shutil.rmtree(variants)


def variant_rank(name: str, keys: list):
    """Where a variant folder goes in the order of moves (later replaces earlier), or None
    when it does not apply: (how many keys it needs, the position of its last key)."""
    ranks = [
        (len(needed), max(keys.index(key) for key in needed))
        for needed in (alternative.split("&") for alternative in name.split("+"))
        if all(key in keys for key in needed)
    ]
    return max(ranks, default=None)


def move_tree(source: str, folder: str) -> None:
    """Move every file under ``source`` to the same place under ``folder``."""
    for root, _dirs, files in os.walk(source):
        target_dir = os.path.join(folder, os.path.relpath(root, source))
        os.makedirs(target_dir, exist_ok=True)
        for file in files:
            os.replace(os.path.join(root, file), os.path.join(target_dir, file))


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
    context = json.loads(CONTEXT_JSON)
    for folder in context["_variant_dirs"]:
        keep_variant(folder, [context["framework"], context["function_type"]])
    make_executable(context["_executables"])
    drop_if_empty(context.get("_drop_if_empty", []))
    record_answers(context, template_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
