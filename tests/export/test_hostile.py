"""Untrusted notes: hostile titles, categories, bodies and image paths never escape the export
folder, never crash the export, and always give valid YAML front matter."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperdesk.bench.synthetic_entries import SyntheticEntry
from paperdesk.collection import ImageRef
from paperdesk.export import export_entries


def collection_of(root: Path, entries: list[SyntheticEntry]) -> SimpleNamespace:
    return SimpleNamespace(root=root, entries=entries, files=sorted({e.source for e in entries}))


def inside(out: Path, path: Path) -> bool:
    return out.resolve() in path.resolve().parents


def test_hostile_names_stay_inside_the_export_folder(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (tmp_path / "secret.png").write_bytes(b"secret")
    entries = [
        SyntheticEntry("a1", "../../etc/passwd", "../..", 2020, "k1", "body one"),
        SyntheticEntry("a2", "CON", "aux", None, "k2", "body two"),
        SyntheticEntry("a3", "x" * 500, "/abs/olute", 2021, "k3", "body three"),
        SyntheticEntry("a4", "\x00nul\x01", "assets", 2021, "k4", "![s](../secret.png)",
                       images=(ImageRef("../secret.png", "../secret.png", 1),)),
        SyntheticEntry("a5", ".hidden", "index.md", 2021, "k5", "![s](/etc/hosts)",
                       images=(ImageRef("/etc/hosts", "/etc/hosts", 1),)),
    ]
    out = tmp_path / "out"
    report = export_entries(collection_of(root, entries), None, entries, out)
    for rel in report.files:
        assert inside(out, out / rel), rel
        assert not any(part in ("..", "") or part.startswith(".") for part in Path(rel).parts), rel
    assert not any(p.name == "secret.png" for p in out.rglob("*"))
    assert len(report.unresolved_images) == 2
    assert not (out / "assets").exists()
    # the category named "assets" does not land in the images folder, "index.md" is not a folder clash
    assert (out / "index.md").is_file()


BODY = st.lists(st.sampled_from([*"ab \n\t*_`$[]()!<>#=~-|\\{}:'\"", "---", "\x00", "é", "中",
                                 "```", "$$", "<script>", "](", "[^1]", "\n---\nk: [\n"]), max_size=80).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(max_size=40), category=st.text(max_size=20), body=BODY)
def test_any_note_exports_to_valid_front_matter(tmp_path: Path, title: str, category: str, body: str) -> None:
    root = tmp_path / "notes"
    root.mkdir(exist_ok=True)
    entry = SyntheticEntry("id1", title or "t", category or "c", None, "file:x.md#t", body,
                           note_tags=(title[:5],) if title[:5].strip() else ())
    out = tmp_path / "out"
    report = export_entries(collection_of(root, [entry]), None, [entry], out)
    for rel in report.files:
        assert inside(out, out / rel)
        text = (out / rel).read_text(encoding="utf-8")
        assert text.startswith("---\n")
        meta = yaml.safe_load(text[4:].partition("\n---\n")[0])
        assert isinstance(meta, dict) and meta["title"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=BODY)
def test_pandoc_reads_any_exported_note(tmp_path: Path, body: str) -> None:
    import shutil
    import subprocess

    import pytest

    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed (a system package: apt-get install pandoc)")
    root = tmp_path / "notes"
    root.mkdir(exist_ok=True)
    entry = SyntheticEntry("id1", "A title", "Cat", 2020, "file:x.md#t", body)
    out = tmp_path / "out"
    report = export_entries(collection_of(root, [entry]), None, [entry], out)
    for rel in report.files:
        result = subprocess.run(["pandoc", "-f", "markdown", "-t", "json", str(out / rel)],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr


def test_foreign_file_or_symlink_where_a_folder_goes(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    entries = [SyntheticEntry("a1", "One", "Alpha", 2020, "k1", "one"),
               SyntheticEntry("a2", "Two", "Beta", 2020, "k2", "two")]
    out = tmp_path / "out"
    out.mkdir()
    (out / "Alpha").write_text("a file, not a folder", encoding="utf-8")
    (out / "Beta").symlink_to(elsewhere, target_is_directory=True)
    report = export_entries(collection_of(root, entries), None, entries, out)
    assert dict(report.renamed) == {"Alpha/2020-one.md": "Alpha-2/2020-one.md",
                                    "Beta/2020-two.md": "Beta-2/2020-two.md"}
    assert (out / "Alpha").read_text(encoding="utf-8") == "a file, not a folder"
    assert list(elsewhere.iterdir()) == []
    assert (out / "Alpha-2/2020-one.md").is_file() and (out / "Beta-2/2020-two.md").is_file()


# --- hostile structure and names (issue 16) ------------------------------------------------------

import json  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import unicodedata  # noqa: E402

import pytest  # noqa: E402

from paperdesk.collection import scan  # noqa: E402
from paperdesk.export import exporter  # noqa: E402

OUR_KEYS = {"title", "paper_key", "categories", "year", "tags", "status", "highlights", "source",
            "lines", "entry_id", "links", "venue", "short_name", "note_front_matter"}
WINDOWS_BAD = set('<>:"\\|?*')
WINDOWS_DEVICES = {"con", "prn", "aux", "nul", "conin$", "conout$", *(f"com{i}" for i in range(10)),
                   *(f"lpt{i}" for i in range(10))}
HIJACK = "---\ntitle: HIJACKED\nheader-includes: <script>alert(1)</script>\n---\n"
# A YAML block wherever pandoc looks for one: after a blank line, in a quote, a list item, a div.
HIJACK_BODIES = {
    "plain": f"# Paper\n\ntext\n\n{HIJACK}\nmore\n",
    "top": f"{HIJACK}# Paper\n\nbody\n",
    "dots": "# Paper\n\ntext\n\n---\ntitle: HIJACKED\n...\n",
    "quote": "# Paper\n\n> intro\n>\n> ---\n> title: HIJACKED\n> ---\n",
    "list": "# Paper\n\n- item\n\n  ---\n  title: HIJACKED\n  ---\n",
    "ordered": "# Paper\n\n1. item\n\n   ---\n   title: HIJACKED\n   ---\n",
    "div": "# Paper\n\n<div>\n\n---\ntitle: HIJACKED\n---\n\n</div>\n",
    "blank-ish": "# Paper\n\na\n\n\t\n---\ntitle: HIJACKED\n---\n",
    "after table": "# Paper\n\n| a |\n|---|\n\n---\ntitle: HIJACKED\n---\n",
    "bad top": "---\ntitle: [unclosed\n---\n\n---\ntitle: HIJACKED\n---\n",
}
needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None,
                                  reason="pandoc is not installed (a system package: apt-get install pandoc)")


def _pandoc_meta(path: Path) -> dict:
    result = subprocess.run(["pandoc", "-f", "markdown", "-t", "json", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["meta"]


def _pandoc_text(value: dict) -> str:
    """The plain text of a pandoc MetaInlines value."""
    out = []
    for node in value["c"]:
        out.append(node["c"] if node["t"] == "Str" else " " if node["t"] == "Space" else "")
    return "".join(out)


@needs_pandoc
def test_yaml_blocks_in_bodies_are_never_read_as_metadata(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    entries = [SyntheticEntry(f"id{i}", f"Real {name}", "Cat", 2020, f"k{i}", body)
               for i, (name, body) in enumerate(sorted(HIJACK_BODIES.items()))]
    out = tmp_path / "out"
    report = export_entries(collection_of(root, entries), None, entries, out)
    notes = [rel for rel in report.files if rel.startswith("Cat/")]
    assert len(notes) == len(entries)
    for rel in notes:
        meta = _pandoc_meta(out / rel)
        assert set(meta) <= OUR_KEYS, (rel, set(meta) - OUR_KEYS)
        assert _pandoc_text(meta["title"]).startswith("Real "), rel
        assert "header-includes" not in meta
        assert "HIJACKED" in (out / rel).read_text(encoding="utf-8")   # kept, as text
    # our own importer reads the block back as the text it was (not as the note's front matter)
    back = scan(out, use_cache=False)
    bodies = {e.source: e.body for e in back.entries}
    for rel in notes:
        if not rel.endswith("real-top.md"):      # a block at the very top is the note's front matter
            assert "title: HIJACKED" in bodies[rel], rel


@pytest.mark.parametrize("front", [
    "t: " + "[" * 5_000 + "]" * 5_000,                                    # RecursionError before
    "t: " + "{a: " * 5_000 + "1" + "}" * 5_000,
    "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(                               # a billion laughs
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)),
])
def test_hostile_front_matter_is_kept_as_text_and_the_export_goes_on(tmp_path: Path, front: str) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    entries = [SyntheticEntry("bad", "Bad", "Cat", 2020, "k1", f"---\n{front}\n---\n# Bad\n\nbody\n"),
               SyntheticEntry("good", "Good", "Cat", 2021, "k2", "# Good\n\nfine\n")]
    out = tmp_path / "out"
    report = export_entries(collection_of(root, entries), None, entries, out)
    assert report.skipped == []
    assert sorted(report.files) == ["Cat/2020-bad.md", "Cat/2021-good.md", "index.md"]
    assert any("front matter kept as text" in w for w in report.warnings)
    bad = (out / "Cat/2020-bad.md").read_text(encoding="utf-8")
    assert len(bad) < len(front) + 2_000                       # nothing expanded
    meta = yaml.safe_load(bad[4:].partition("\n---\n")[0])
    assert meta["title"] == "Bad" and "note_front_matter" not in meta


def test_an_entry_that_fails_is_reported_and_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    entries = [SyntheticEntry("a1", "First", "Cat", 2020, "k1", "# First\n\none\n"),
               SyntheticEntry("a2", "Broken", "Cat", 2020, "k2", "# Broken\n\ntwo\n"),
               SyntheticEntry("a3", "Third", "Cat", 2020, "k3", "# Third\n\nthree\n")]
    real = exporter.split_front_matter

    def fail_on_broken(body: str):
        if "Broken" in body:
            raise RecursionError("maximum recursion depth exceeded")
        return real(body)

    monkeypatch.setattr(exporter, "split_front_matter", fail_on_broken)
    for single in (False, True):
        out = tmp_path / f"out-{single}"
        report = export_entries(collection_of(root, entries), None, entries, out, single_file=single)
        assert report.skipped == ["a2"]
        assert any("'Broken' not exported (RecursionError" in w for w in report.warnings)
        text = "".join((out / rel).read_text(encoding="utf-8") for rel in report.files if rel.endswith(".md"))
        assert "First" in text and "Third" in text and "two" not in text
        assert not (out / "Cat/2020-broken.md").exists()


HOSTILE_NAMES = ["../../etc/passwd", "a/b", "a\\b", "C:\\Windows", "x:y", "*", "?", "what?", "a*b",
                 "\x00\x01\x1b[31mred", "tab\there", "CON", "con", "PRN", "AUX", "NUL", "COM1", "com¹",
                 "LPT9", "CONOUT$", "CONIN$", "aux.txt", "NUL .md", "con.tar.gz", "trailing.", "trailing ",
                 " lead", ".hidden", "..", ".", "x" * 300, "é" * 300, "\U00020000" * 100,
                 "evil\u202egnp.exe", "zero\u200bwidth", "dup", "DUP", "Dup", "duṕ", "dup"]


def _valid_everywhere(component: str) -> bool:
    return (bool(component) and component not in (".", "..") and not component.startswith(".")
            and not (WINDOWS_BAD & set(component))
            and not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in component)
            and component.split(".", 1)[0].rstrip(" ").casefold() not in WINDOWS_DEVICES
            and not component.endswith((".", " ")) and len(component.encode("utf-8")) <= 255)


def test_hostile_titles_and_categories_give_safe_distinct_names(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    entries = [SyntheticEntry(f"t{i}", name, name, 2020 if i % 2 else None, f"k{i}", f"# {i}\n\nbody {i}\n")
               for i, name in enumerate(HOSTILE_NAMES)]
    out = tmp_path / "out"
    out.mkdir()
    (out / "foreign.md").write_text("mine", encoding="utf-8")
    (out / "Cat").mkdir()
    report = export_entries(collection_of(root, entries), None, entries, out)
    assert report.skipped == [] and len([f for f in report.files if f != "index.md"]) == len(entries)
    seen: set[str] = set()
    for rel in report.files:
        path = out / rel
        assert inside(out, path) and path.is_file(), rel
        assert all(_valid_everywhere(part) for part in rel.split("/")), rel
        key = unicodedata.normalize("NFC", rel).casefold()
        assert key not in seen, rel                       # distinct on case-insensitive systems
        seen.add(key)
    assert (out / "foreign.md").read_text(encoding="utf-8") == "mine"
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert on_disk == set(report.files) | {"foreign.md", ".paperdesk-export.json"}


def test_a_foreign_file_at_a_wanted_name_is_never_overwritten(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    entries = [SyntheticEntry("a1", "CON", "aux", 2020, "k1", "# CON\n\nbody\n")]
    out = tmp_path / "out"
    first = export_entries(collection_of(root, entries), None, entries, out)
    target = first.files[0] if first.files[0] != "index.md" else first.files[1]
    (out / target).write_text("edited by hand", encoding="utf-8")
    second = export_entries(collection_of(root, entries), None, entries, out)
    assert (out / target).read_text(encoding="utf-8") == "edited by hand"
    assert target in second.refused and any(wanted == target for wanted, _ in second.renamed)


INJECTIONS = ['x"\n---\nmalicious: true', "x'\n---\nmalicious: true\n...", "a: b\n---\nc: d",
              "- item\n---", "{inject: 1}", "[1, 2]", "&anchor x", "*alias", "!!python/object:os.system",
              "key: value # comment", "\u2028---\u2029malicious: true", "%YAML 1.1", "@at", "`tick`",
              "null", "true", "0x1F", "2020-01-01", "|\n  block", ">\n  folded"]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_yaml_injection_through_any_field_stays_in_its_value(tmp_path: Path, payload: str) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    entry = SyntheticEntry("inj", payload, payload, 2020, "k-inj", "# Heading\n\nbody\n",
                           venue=payload, short_name=payload, note_tags=(payload,))
    out = tmp_path / "out"
    report = export_entries(collection_of(root, [entry]), None, [entry], out)
    rel = next(f for f in report.files if f != "index.md")
    text = (out / rel).read_text(encoding="utf-8")
    head, sep, _ = text[4:].partition("\n---\n")
    assert sep and "malicious" not in yaml.safe_load(head)
    meta = yaml.safe_load(head)
    assert set(meta) <= OUR_KEYS
    one_line = " ".join(payload.replace("\u2028", " ").replace("\u2029", " ").split())
    assert meta["title"] == one_line
    assert meta["categories"] == [payload] and meta["venue"] == payload and meta["tags"] == [payload]
    if shutil.which("pandoc"):
        assert set(_pandoc_meta(out / rel)) <= OUR_KEYS


def test_a_body_too_large_to_map_is_written_as_is_with_yaml_openers_neutralised() -> None:
    from paperdesk.export.note_text import (
        MAX_MAPPED_CHARS,
        EntryAnnotations,
        HighlightInfo,
        NoteContext,
        NoteStats,
        note_body,
    )

    filler = "word [b](c.md) ![i](x.png)\n" * (MAX_MAPPED_CHARS // 27 + 10)
    body = f"# Big\n\n{filler}\n---\ntitle: HIJACKED\n---\n\n```\n\n---\nkept: in code\n```\n"
    ann = EntryAnnotations(highlights=(HighlightInfo("h1", 0, "", "word"),))
    stats = NoteStats()
    rewritten = []
    ctx = NoteContext(palette=[("#ffe066", "")] * 5, image_url=lambda line, ref: rewritten.append(ref),
                      link_url=lambda url: rewritten.append(url))
    text, definitions, reasons = note_body(body, 1, ann, ctx, stats)
    assert rewritten == [] and definitions == []
    assert reasons == [f"the note has more than {MAX_MAPPED_CHARS:,} characters"] and stats.listed_only == 1
    assert "\n* * *\ntitle: HIJACKED\n---\n" in text and "\n---\nkept: in code\n" in text
    assert text.replace("* * *", "---", 1) == body


def test_deep_brackets_and_unclosed_images_make_no_links_in_the_map() -> None:
    from paperdesk.export.markdown_map import build_map

    deep = build_map("[" * 20_000 + "x](" + "(" * 20_000, with_key=False)
    assert deep.link_urls == []
    images = build_map("![" * 20_000, with_key=False)
    assert images.image_urls == []
    many = build_map("[a](b.md) " * 10_000, with_key=False)
    assert len(many.link_urls) == 10_000


YAML_AFTER_A_BLOCK = ["x\n\n---\nk: [\n---\n", "-\n---\nk: [\n---\n", "-\n---\nk: [\na\n---\nk: [\n",
                      "```\nc\n```\n---\nk: [\n---\n", "~~~\nc\n~~~\n---\nk: [\n---\n",
                      "<div>\n</div>\n---\nk: [\n---\n", "| a |\n|---|\n---\nk: [\n---\n",
                      "> -\n> ---\n> k: [\n> ---\n", "# h\n---\nk: [\n---\n"]


def test_pandoc_reads_a_rule_that_starts_a_block_after_any_block(tmp_path: Path) -> None:
    """Pandoc opens a YAML block at a `---` line wherever a new block starts (after a blank line,
    a bare list marker, code, HTML or a table): each is written so it cannot, and a setext
    heading's underline stays one."""
    import json
    import shutil
    import subprocess

    import pytest

    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed (a system package: apt-get install pandoc)")
    for i, body in enumerate([*YAML_AFTER_A_BLOCK, "Para\n---\n\ntext\n"]):
        root = tmp_path / f"notes{i}"
        root.mkdir()
        entry = SyntheticEntry("id1", "A title", "Cat", 2020, "file:x.md#t", body)
        out = tmp_path / f"out{i}"
        report = export_entries(collection_of(root, [entry]), None, [entry], out)
        note = next(rel for rel in report.files if "index" not in str(rel).lower())
        result = subprocess.run(["pandoc", "-f", "markdown", "-t", "json", str(out / note)],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, (body, result.stderr)
        if body.startswith("Para"):
            blocks = json.loads(result.stdout)["blocks"]
            assert [b["c"][0] for b in blocks if b["t"] == "Header"] == [1, 2]   # the title, then "Para"
