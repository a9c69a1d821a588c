"""Wikilinks in exported notes: written as ordinary Markdown links and images that other tools read."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from paperdesk.collection import scan
from paperdesk.export import export_entries
from paperdesk.render import render_entry
from paperdesk.store import AnnotationStore

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 24 + b"wikilink-test-image"
ALPHA = """# Alpha paper

Read [[Beta|the beta note]] first, then [[Beta#Method Details]] and [[deep/Beta]].
A figure: ![[figure one.png|300]] and a lost one ![[nowhere.png]].
Not here: [[No such note]], [[../../etc/passwd]], `[[Beta]]`.

```
[[Beta]] in a fence
```
"""
BETA = "# Beta paper\n\nBeta text.\n\n## Method Details\n\nHow it works.\n"


@pytest.fixture
def vault(tmp_path: Path):
    root = tmp_path / "vault"
    (root / "papers" / "deep").mkdir(parents=True)
    (root / "att").mkdir()
    (root / "papers" / "alpha.md").write_text(ALPHA, encoding="utf-8")
    (root / "papers" / "deep" / "Beta.md").write_text(BETA, encoding="utf-8")
    (root / "att" / "figure one.png").write_bytes(PNG)
    return scan(root, use_cache=False)


def exported_alpha(out: Path, report) -> str:
    name = next(f for f in report.files if f.endswith("alpha-paper.md"))
    return (out / name).read_text(encoding="utf-8")


def test_wikilinks_are_written_as_ordinary_links_to_the_exported_notes(vault, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = export_entries(vault, None, vault.entries, out)
    text = exported_alpha(out, report)
    beta = next(f for f in report.files if f.endswith("beta-paper.md"))
    rel = Path(beta).name if Path(beta).parent == Path(next(f for f in report.files if "alpha" in f)).parent \
        else "../" + beta
    assert f"Read [the beta note]({rel}) first" in text
    assert f"[Beta \\> Method Details]({rel}#method-details)" in text
    assert f"and [deep/Beta]({rel})." in text
    assert "![figure one.png](../assets/att/figure%20one.png)" in text
    assert (out / "assets" / "att" / "figure one.png").read_bytes() == PNG
    assert "assets/att/figure one.png" in report.images_copied
    # what does not resolve inside the collection stays as written (and the lost image is reported)
    assert "![[nowhere.png]]" in text and "[[No such note]]" in text and "[[../../etc/passwd]]" in text
    assert any(u.endswith("nowhere.png") for u in report.unresolved_images)
    assert "`[[Beta]]`" in text and "\n[[Beta]] in a fence\n" in text


def test_the_single_file_export_links_to_the_entry_anchor(vault, tmp_path: Path) -> None:
    out = tmp_path / "one"
    report = export_entries(vault, None, vault.entries, out, single_file=True)
    text = (out / next(f for f in report.files if f.endswith(".md"))).read_text(encoding="utf-8")
    beta = next(e for e in vault.entries if e.title == "Beta paper")
    assert f"[the beta note](#entry-{beta.id})" in text


def test_the_export_is_read_back_with_the_links_working(vault, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export_entries(vault, None, vault.entries, out)
    again = scan(out, use_cache=False)
    alpha = next(e for e in again.entries if e.title == "Alpha paper")
    beta = next(e for e in again.entries if e.title == "Beta paper")
    html = render_entry(alpha, again).html
    assert html.count(f'href="paperdesk://open/{beta.id}"') == 2
    assert f'href="paperdesk://open/{beta.id}#method-details"' in html
    assert 'src="paperdesk://note/assets/att/figure%20one.png"' in html


def test_pandoc_reads_them_as_links_and_images(vault, tmp_path: Path) -> None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed (it is a system package: apt-get install pandoc)")
    out = tmp_path / "out"
    report = export_entries(vault, None, vault.entries, out)
    name = next(f for f in report.files if f.endswith("alpha-paper.md"))
    doc = json.loads(subprocess.run([pandoc, "-f", "markdown", "-t", "json", str(out / name)],
                                    capture_output=True, check=True, text=True).stdout)
    found: list[tuple[str, str]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("t") in ("Link", "Image"):
                found.append((node["t"], node["c"][2][0]))
            walk(node.get("c"))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(doc["blocks"])
    assert ("Image", "../assets/att/figure%20one.png") in found
    links = [target for kind, target in found if kind == "Link"]
    assert len(links) == 3 and all(target.split("#")[0].endswith("beta-paper.md") for target in links)
    assert links[1].endswith("#method-details")


def test_a_highlight_over_an_alias_is_marked_around_the_link(vault, tmp_path: Path) -> None:
    store = AnnotationStore.open(tmp_path / "store.json")
    try:
        alpha = next(e for e in vault.entries if e.title == "Alpha paper")
        text = render_entry(alpha, vault).text
        quote = "Read the beta note first"
        start = text.index(quote)
        store.add_highlight(alpha.id, alpha.paper_key, text, start, start + len(quote), 1, "")
        out = tmp_path / "out"
        report = export_entries(vault, store, vault.entries, out)
    finally:
        store.close()
    assert report.highlights_inline == 1
    exported = exported_alpha(out, report)
    assert "==Read [the beta note](" in exported and ") first==" in exported


def test_a_wikilink_to_an_alias_is_written_as_a_link_to_the_aliased_note(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    root.mkdir()
    (root / "alpha.md").write_text("# Alpha paper\n\nBuilds on [[Beta method]].\n", encoding="utf-8")
    (root / "beta.md").write_text("---\naliases: [Beta method]\n---\n" + BETA, encoding="utf-8")
    collection = scan(root, use_cache=False)
    out = tmp_path / "out"
    report = export_entries(collection, None, collection.entries, out)
    text = exported_alpha(out, report)
    beta = Path(next(f for f in report.files if f.endswith("beta-paper.md"))).name
    assert f"Builds on [Beta method]({beta})." in text
