"""Shape the rendered project for the answers given (stdlib only).

Every step is driven by data in ``cookiecutter.json``: which folders hold per-framework
variants, which files belong to which lifecycle hook, which files must be executable and
where the answers are recorded for ``fc-lifecycle update``.
"""

import json
import os
import shutil
import stat
import subprocess
import sys

# Single quotes: Jinja's tojson escapes every ' so the JSON cannot end the string.
CONTEXT_JSON = r'''{{ cookiecutter | tojson }}'''  # fmt: skip


def keep_variant(folder: str, framework: str) -> None:
    """Move the chosen framework's variants up into ``folder``; drop the others.

    A variant folder is named after one framework (``flask``) or after several joined by
    ``+`` (``flask+django``) for files they share.
    """
    variants = os.path.join(folder, "_variants")
    if not os.path.isdir(variants):
        return
    for name in sorted(os.listdir(variants)):
        if framework not in name.split("+"):
            continue
        chosen = os.path.join(variants, name)
        for root, _dirs, files in os.walk(chosen):
            target_dir = os.path.join(folder, os.path.relpath(root, chosen))
            os.makedirs(target_dir, exist_ok=True)
            for file in files:
                os.replace(os.path.join(root, file), os.path.join(target_dir, file))
    shutil.rmtree(variants)


def drop_hook_files(context: dict) -> None:
    """Delete the files of every lifecycle hook that is switched off."""
    for hook, paths in context["_hook_files"].items():
        if context[hook] is True:
            continue
        for path in paths:
            if os.path.exists(path):
                os.remove(path)


def make_executable(paths: list) -> None:
    """Give each path mode 755, as FC requires for ``bootstrap``."""
    mode = stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH
    for path in paths:
        os.chmod(path, mode)


def template_commit(repo_dir: str) -> str:
    """Return the template's git commit, or "" when it is not a clean git checkout."""
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


def template_dir(context: dict) -> str:
    """Return the template's folder as an absolute path, or "" when it cannot be known.

    cookiecutter passes the path as typed (often "."), relative to the folder it was started
    in, and runs this hook from the new project; while hooks run, cookiecutter's own working
    directory is the template folder, which Linux shows as /proc/<parent>/cwd.
    """
    path = context["_repo_dir"]
    if os.path.isabs(path):
        return path
    parent_cwd = f"/proc/{os.getppid()}/cwd"
    return os.path.realpath(parent_cwd) if os.path.isdir(parent_cwd) else ""


def is_remote(source: str) -> bool:
    """Tell whether a template source names a remote repository rather than a folder."""
    return "://" in source or "@" in source or source.split(":", 1)[0] in ("gh", "gl", "bb")


def record_answers(context: dict) -> None:
    """Write the answers file: template source, version, commit and every answer."""
    numbers = [key for key, rule in context["_rules"].items() if "min" in rule]
    answers = {key: value for key, value in context.items() if not key.startswith("_")}
    answers.update({key: int(answers[key]) for key in numbers if key in answers})
    repo = template_dir(context)
    source = context["_template"]
    if not is_remote(source):
        source = repo or source
    record = {
        "answers": answers,
        "template": {
            "checkout": context.get("_checkout") or "",
            # A wheel's template is stamped with its commit (hatch_build.py); a git one is asked.
            "commit": context.get("_commit") or (template_commit(repo) if repo else ""),
            "source": source,
            "version": context["_version"],
        },
    }
    with open(context["_answers_file"], "w", encoding="utf-8", newline="\n") as handle:
        handle.write(json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def main() -> int:
    """Apply every post-generation step in order."""
    context = json.loads(CONTEXT_JSON)
    for folder in context["_variant_dirs"]:
        keep_variant(folder, context["framework"])
    drop_hook_files(context)
    make_executable(context["_executables"])
    record_answers(context)
    return 0


if __name__ == "__main__":
    sys.exit(main())
