"""Which files of code/ go into FC's deploy package, and copying them there.

What fc3 (``s deploy``) uploads is code/ less what the ``.fcignore`` files in it name, read with
gitignore's rules (one per line, ``!`` re-includes, a name without ``/`` matches at any depth, a
``.fcignore`` in a sub-folder applies below it) and matched case-insensitively, as fc3 does.
The matching is pathspec's (gitignore semantics), not ours.

Symbolic links: FC's pages do not say whether a link in the code package stays a link, and
Serverless Devs answered that it does not support them (devsapp/fc#938), so the package never
holds one. A link to a file or folder inside code/ is copied as what it points to; a link that
points out of code/, into a left-out path, nowhere, or round in a loop is refused, and so is
anything that is neither a file nor a folder (a FIFO, a socket, a device).

Everything is checked (``plan``) before anything is written (``copy``).
"""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

IGNORE_FILE = ".fcignore"
# What the build makes again itself, so never copied: its own caches and s build's folder.
REBUILT = ["/.fcignore", "/python/", "__pycache__/", "*.pyc"]
# A package this large is a link tree gone wrong (FC takes 500 MB at most).
MAX_ENTRIES = 100_000


class PackageError(Exception):
    """A path in code/ that cannot go into the package; the message is one line naming it."""


@dataclass(frozen=True)
class Entry:
    """One file or folder of the package: where to read it, its name in the package."""

    source: Path
    name: str
    is_dir: bool


@dataclass
class Plan:
    """The package's entries in order (folders before what is in them) and what was left out."""

    entries: list[Entry] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


Rules = list[tuple[str, pathspec.GitIgnoreSpec]]


def compile_rules(lines: list[str]) -> pathspec.GitIgnoreSpec:
    """The rules of one ignore file: fc3 reads ``./x`` as ``/x`` and ignores case."""
    cleaned = []
    for line in lines:
        if line.startswith("./"):
            line = line[1:]
        elif line.startswith("!./"):
            line = "!" + line[2:]
        cleaned.append(line.lower())
    return pathspec.GitIgnoreSpec.from_lines(cleaned)


def read_rules(folder: Path, shown: str) -> pathspec.GitIgnoreSpec | None:
    """The rules of ``folder``'s .fcignore, or None when there is none."""
    path = folder / IGNORE_FILE
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(mode):
        raise PackageError(f"{shown}{IGNORE_FILE}: not a regular file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PackageError(f"{shown}{IGNORE_FILE}: not UTF-8 text") from None
    return compile_rules(text.splitlines())


_REBUILT = compile_rules(REBUILT)


def decide(rules: Rules, name: str, is_dir: bool) -> tuple[bool, bool]:
    """Whether ``name`` is left out, and whether by a user's rule (not a REBUILT one)."""
    probe = name.lower() + ("/" if is_dir else "")
    # The rebuilt rules win over every .fcignore: no ``!`` brings a stale cache back.
    if _REBUILT.match_file(probe):
        return True, False
    result = False
    for base, spec in rules:
        if probe.startswith(base):
            include = spec.check_file(probe[len(base) :]).include
            result = result if include is None else include
    return result, result


class _Walker:
    """Walks code/ once, following the rules of every .fcignore on the way."""

    def __init__(self, root: Path, shown: str) -> None:
        self.root = root
        self.shown = shown
        self.plan = Plan()

    def fail(self, name: str, why: str) -> PackageError:
        return PackageError(f"{self.shown}{name}: {why}")

    def rules_here(self, folder: Path, rel: str, inherited: Rules) -> Rules:
        spec = read_rules(folder, self.shown + rel)
        return inherited if spec is None else [*inherited, (rel.lower(), spec)]

    def walk(self, folder: Path, rel: str, inherited: Rules, seen: tuple[Path, ...]) -> None:
        rules = self.rules_here(folder, rel, inherited)
        with os.scandir(folder) as scan:
            names = sorted(entry.name for entry in scan)
        for base in names:
            self.add(folder / base, rel + base, rules, seen)

    def add(self, path: Path, name: str, rules: Rules, seen: tuple[Path, ...]) -> None:
        mode = path.lstat().st_mode
        link = stat.S_ISLNK(mode)
        as_dir = stat.S_ISDIR(mode)
        out, by_user = decide(rules, name, as_dir)
        if link:  # matched as a file and as a folder: left out if either leaves it out
            out_dir, user_dir = decide(rules, name, True)
            out, by_user = out or out_dir, by_user or user_dir
        if out:
            if by_user:
                self.plan.left_out.append(name + ("/" if as_dir else ""))
            return
        real = self.link_target(path, name) if link else path
        mode = real.stat().st_mode if link else mode
        if len(self.plan.entries) >= MAX_ENTRIES:
            raise self.fail(name, f"more than {MAX_ENTRIES} files in the package (a link tree?)")
        if stat.S_ISDIR(mode):
            if real in seen:
                raise self.fail(name, "a symlink loop (it points to a folder that contains it)")
            self.plan.entries.append(Entry(real, name, True))
            self.walk(real, name + "/", rules, (*seen, real))
        elif stat.S_ISREG(mode):
            self.plan.entries.append(Entry(real, name, False))
        else:
            raise self.fail(name, "not a regular file or folder (a FIFO, socket or device)")

    def link_target(self, path: Path, name: str) -> Path:
        """Where a link inside code/ leads, or a one-line refusal."""
        shown_target = os.readlink(path)
        try:
            real = path.resolve(strict=True)
        except FileNotFoundError:
            raise self.fail(name, f"a symlink to {shown_target}, which does not exist") from None
        except (RuntimeError, OSError):
            raise self.fail(name, "a symlink loop") from None
        if real != self.root and self.root not in real.parents:
            raise self.fail(
                name,
                f"a symlink to {real}, outside {self.shown.rstrip('/')}: FC gets only what is "
                "in it, so copy the file in or remove the link",
            )
        inside = real.relative_to(self.root).as_posix()
        if real != self.root and self.left_out_in_place(inside, real.is_dir()):
            left_out = f"a symlink to {self.shown}{inside}, which {IGNORE_FILE} leaves out"
            raise self.fail(name, left_out)
        return real

    def left_out_in_place(self, inside: str, is_dir: bool) -> bool:
        """Whether the path ``inside`` code/ (a link's target) is left out where it is."""
        parts = inside.split("/")
        rules: Rules = []
        for depth, part in enumerate(parts):
            folder = "".join(f"{above}/" for above in parts[:depth])
            rules = self.rules_here(self.root / folder, folder, rules)
            last = depth == len(parts) - 1
            if decide(rules, folder + part, is_dir or not last)[0]:
                return True
        return False


def plan(source: Path, shown: str = "code/") -> Plan:
    """What goes into the package from ``source``; PackageError names the first path refused."""
    root = source.resolve(strict=True)
    walker = _Walker(root, shown)
    walker.walk(root, "", [], (root,))
    return walker.plan


def copy(plan: Plan, target: Path) -> None:
    """Write the planned entries under ``target`` (a new folder): files, never links."""
    target.mkdir(parents=True)
    for entry in plan.entries:
        destination = target / entry.name
        if entry.is_dir:
            destination.mkdir()
            shutil.copymode(entry.source, destination)
        else:
            copy_file(entry.source, destination)


def copy_file(source: Path, destination: Path) -> None:
    """Copy one regular file with its mode and times, refusing one that became something else."""
    # O_NOFOLLOW, O_NONBLOCK: a path swapped for a link or a FIFO since the plan fails, not hangs.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(source, flags)
    with os.fdopen(descriptor, "rb") as reader:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise PackageError(f"{source}: changed into something other than a file")
        with open(destination, "xb") as writer:
            shutil.copyfileobj(reader, writer)
    shutil.copystat(source, destination)
