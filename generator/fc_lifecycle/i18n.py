"""The language fc-lifecycle speaks: gettext catalogs chosen from ``--lang`` or the locale.

Messages are marked with ``_()`` (translated where they are used) or ``N_()`` (only marked:
a constant built at import, translated later by ``_()``). The catalogs are
``locale/<lang>/LC_MESSAGES/fc_lifecycle.po``, compiled to ``.mo`` and committed beside
them, so an editable install and the wheel carry the same files (``make catalogs``
rebuilds them with Babel; ``docs/contributing.md`` says how to add a language).

The language comes from ``--lang`` when given, else from the environment in gettext's
order (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``). Any ``zh`` locale gives the
Simplified Chinese catalog: ``zh_TW`` and ``zh_HK`` too, since there is no Traditional one
yet and Simplified reads better to them than English does for most.
"""

from __future__ import annotations

import argparse
import gettext
import os
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

DOMAIN = "fc_lifecycle"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES: tuple[str, ...] = ("en", "zh")
DEFAULT = "en"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT


def _(message: str) -> str:
    """``message`` in the chosen language (itself when the catalog lacks it)."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the chosen language."""
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 (gettext's own name for the marker)
    """Mark ``message`` for the catalog without translating it yet."""
    return message


def language() -> str:
    """The language in use: ``en`` or ``zh``."""
    return _language


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the locale asks for, in gettext's order; ``en`` when none is known.

    ``LANGUAGE`` may list several (``zh_CN:en``); as in GNU gettext it is ignored when the
    locale itself is ``C``/``POSIX``, so ``LANG=C`` always gives English.
    """
    env = os.environ if environ is None else environ
    locale = next((env[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(name)), "")
    if _base(locale) in ("c", "posix"):
        return DEFAULT
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for item in env.get(name, "").split(":"):
            found = _known(item)
            if found:
                return found
        if env.get(name) and name != "LANGUAGE":
            return DEFAULT  # the first locale variable set decides, as in gettext
    return DEFAULT


def from_argv(argv: Sequence[str]) -> str | None:
    """The ``--lang`` value in ``argv`` (read before the parser exists, since the parser's
    own help texts are already in the chosen language), or None."""
    for index, item in enumerate(argv):
        if item == "--":
            break
        if item == "--lang" and index + 1 < len(argv):
            return argv[index + 1] if argv[index + 1] in LANGUAGES else None
        if item.startswith("--lang="):
            value = item.split("=", 1)[1]
            return value if value in LANGUAGES else None
    return None


def setup(lang: str | None = None) -> str:
    """Load the catalog of ``lang`` (or the locale's language) and make argparse use it too;
    return the language chosen."""
    global _translation, _language
    _language = lang if lang in LANGUAGES else from_environment()
    if _language == DEFAULT:
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[_language], fallback=True)
    # argparse calls its module's ``_``/``ngettext`` (gettext's "messages" domain) for its
    # own words: "usage:", "options", "show this help message and exit", its errors. Its
    # msgids are in our catalog (``argparse_words``), so it takes ours.
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    return _language


def add_option(parser: argparse.ArgumentParser) -> None:
    """The ``--lang`` option every command has (read early by ``from_argv``)."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help=_(
            "language of the messages (default: from LANGUAGE, LC_ALL, LC_MESSAGES or LANG;"
            " any zh locale, zh_TW and zh_HK too, gives Simplified Chinese)"
        ),
    )


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: a wide (CJK) character takes two, a combining
    mark none."""
    return sum(_char_width(char) for char in text)


def ljust(text: str, columns: int) -> str:
    """``text`` padded with spaces to ``columns`` display columns."""
    return text + " " * max(0, columns - width(text))


def cut(text: str, columns: int, mark: str = "…") -> str:
    """``text`` cut to at most ``columns`` display columns, ``mark`` ending a cut one."""
    if width(text) <= columns:
        return text
    kept: list[str] = []
    room = columns - width(mark)
    for char in text:
        room -= _char_width(char)
        if room < 0:
            break
        kept.append(char)
    return "".join(kept) + mark


# Chinese typesetting: closing punctuation never begins a line (it stays with what precedes
# it), opening punctuation never ends one (it stays with what follows).
_NO_BREAK_BEFORE = "，。；：、？！）」』》”’)]}>,.;:!?"
_NO_BREAK_AFTER = "（「『《“‘([{<"


def wrap(text: str, columns: int) -> list[str]:
    """``text`` in lines of at most ``columns`` display columns: Latin words stay whole,
    a line may break between two wide characters, never before closing punctuation.
    (textwrap counts characters, so Chinese lines came out twice too wide.)"""
    lines: list[str] = []
    line = ""
    for token in _tokens(" ".join(text.split())):
        if line and width(line + token) > columns:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    """Words (with the space before them), single wide characters, each with any closing
    punctuation after it."""
    tokens: list[str] = []
    for char in text:
        wide = _char_width(char) == 2
        if tokens and (char in _NO_BREAK_BEFORE or tokens[-1][-1] in _NO_BREAK_AFTER):
            tokens[-1] += char
        elif char == " " or wide or not tokens or _char_width(tokens[-1][-1]) == 2:
            tokens.append(char)
        else:
            tokens[-1] += char
    return tokens


def has_wide(text: str) -> bool:
    """Whether ``text`` holds a character two columns wide."""
    return any(_char_width(char) == 2 for char in text)


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _base(locale: str) -> str:
    return locale.split(".", 1)[0].split("@", 1)[0].strip().lower()


def _known(locale: str) -> str | None:
    base = _base(locale)
    if base.startswith("zh"):
        return "zh"
    if base.startswith("en"):
        return "en"
    return None
