"""The front page and the documentation site: the README's links into docs/ resolve.

The docs' own links are checked by ``make docs`` (mkdocs' strict build, run by ``make
test``); the README is outside the site, so its links to docs/ are checked here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown.extensions.toc import slugify

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
README_ZH = ROOT / "README.zh-CN.md"
# [text](target) outside code; README links are relative to the repository root.
LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} (.+?)\s*$", re.M)


def readme_links(readme: Path = README) -> list[str]:
    """Every relative link target in a README (web links are not ours to check)."""
    text = readme.read_text(encoding="utf-8")
    return [t for t in LINK.findall(text) if not re.match(r"[a-z]+:", t)]


def anchors(page: Path) -> set[str]:
    """The heading anchors mkdocs gives a page (its default ``toc`` slugs)."""
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.M | re.S)
    return {slugify(title, "-") for title in HEADING.findall(text)}


def test_readme_is_a_front_page() -> None:
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 250


def test_readme_links_to_docs() -> None:
    assert any(t.startswith("docs/") for t in readme_links())


@pytest.mark.parametrize(
    "target",
    [pytest.param(t, id=f"en:{t}") for t in readme_links()]
    + [pytest.param(t, id=f"zh:{t}") for t in readme_links(README_ZH)],
)
def test_readme_link_resolves(target: str) -> None:
    path, _, anchor = target.partition("#")
    page = ROOT / path
    assert page.is_file(), f"README links to {path}, which does not exist"
    if anchor:
        assert anchor in anchors(page), f"{path} has no heading #{anchor}"


def test_every_doc_page_is_in_the_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    assert pages == set(re.findall(r":\s*([\w./-]+\.md)\s*$", nav, flags=re.M))


def test_both_readmes_link_each_other_at_the_top() -> None:
    """The Chinese front page and the English one, each a click from the other's top."""
    for readme, other in ((README, README_ZH.name), (README_ZH, README.name)):
        top = readme.read_text(encoding="utf-8").splitlines()[:4]
        assert any(f"]({other})" in line for line in top), readme.name


def test_chinese_readme_and_guide_pages() -> None:
    """The Chinese README links the Chinese user's guide, whose pages are in Chinese."""
    links = readme_links(README_ZH)
    guide = ["index", "questions", "new", "run", "validate", "update"]
    for page in guide:
        assert f"docs/zh/{page}.md" in links
        text = (ROOT / "docs" / "zh" / f"{page}.md").read_text(encoding="utf-8")
        assert len(re.findall(r"[\u4e00-\u9fff]", text)) > 200, page
