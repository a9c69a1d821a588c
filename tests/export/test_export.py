"""export_entries against the real importer, renderer and store: front matter, marks, footnotes,
orphans, math, images, links, index, idempotence, foreign files, round trip and pandoc."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from export_fixtures import PNG_BYTES, Annotated, annotate, make_collection

from paperdesk.collection import scan
from paperdesk.errors import UserError
from paperdesk.export import export_entries
from paperdesk.export.manifest import MANIFEST_NAME

DDPM_FILE = "Diffusion/2020-denoising-diffusion-probabilistic-models.md"
SDE_FILE = "Score Models/2020-score-based-generative-modeling-through-sdes.md"


@pytest.fixture(scope="module")
def annotated(tmp_path_factory: pytest.TempPathFactory) -> Annotated:
    home = tmp_path_factory.mktemp("module-user")
    with pytest.MonkeyPatch.context() as mp:  # module scope: keep caches out of the real user folders
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            mp.setenv(var, str(home / var.lower()))
        a = make_collection(tmp_path_factory.mktemp("col"))
        annotate(a)
        yield a
        a.store.close()


@pytest.fixture(scope="module")
def exported(annotated: Annotated, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("export") / "out"
    report = export_entries(annotated.collection, annotated.store, annotated.collection.entries, out)
    return out, report


def split(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    head, _, body = text[4:].partition("\n---\n")
    return yaml.safe_load(head), body


def test_one_file_per_entry_in_category_folders_plus_index(exported: tuple[Path, object]) -> None:
    out, report = exported
    notes = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert DDPM_FILE in notes and SDE_FILE in notes
    assert "index.md" in notes
    assert len(notes) == 5
    assert sorted(report.files) == sorted([*notes, "assets/img/ddpm.png"])


def test_front_matter_is_valid_yaml_with_metadata(exported: tuple[Path, object], annotated: Annotated) -> None:
    out, _ = exported
    meta, _ = split(out / DDPM_FILE)
    ddpm = annotated.entry("Denoising Diffusion Probabilistic")
    assert meta["title"] == "Denoising Diffusion Probabilistic Models"
    assert meta["paper_key"] == "arxiv:2006.11239" == ddpm.paper_key
    assert meta["links"][0] == "https://arxiv.org/abs/2006.11239"
    assert meta["categories"] == ["Diffusion"]
    assert meta["year"] == 2020
    assert meta["tags"] == ["diffusion", "to read: later"]
    assert meta["status"] == "read"
    assert meta["status_changed"].startswith("20")
    assert meta["first_highlight"] <= meta["last_highlight"]
    assert meta["highlights"] == 4
    assert meta["source"] == "diffusion.md"
    assert meta["lines"] == list(ddpm.lines)
    assert meta["entry_id"] == ddpm.id
    meta, _ = split(out / SDE_FILE)
    assert (meta["tags"], meta["status"]) == (["SDE"], "reading")


def test_highlights_inline_with_footnotes(exported: tuple[Path, object]) -> None:
    out, report = exported
    _, body = split(out / DDPM_FILE)
    # tolerant to the ** inside the quote: the mark wraps the whole bold span
    assert "==**reverse a noising process** step==[^hl-1]" in body
    assert "[^hl-1]: Green: the core idea" in body
    assert "==and it trains stably==" in body
    _, body = split(out / SDE_FILE)
    assert "==`Langevin dynamics` generalised==[^hl-1]" in body
    assert "[^hl-1]: Purple: see NCSN" in body
    assert report.highlights_inline == 3


def test_highlight_in_code_is_listed_not_marked(exported: tuple[Path, object]) -> None:
    out, _ = exported
    _, body = split(out / DDPM_FILE)
    assert "loss = mse(eps, model(x_t, t))  # predict the noise\n" in body
    assert "- ==predict the noise== — *pink*: inside code *(not marked in the text above: inside code)*" in body


def test_highlights_section_and_orphans_never_dropped(exported: tuple[Path, object]) -> None:
    out, report = exported
    _, body = split(out / DDPM_FILE)
    highlights = body.index("\n### Highlights\n")
    orphans = body.index("\n### Orphaned highlights\n")
    assert highlights < orphans
    assert "- something that was removed — *yellow*: lost note" in body[orphans:]
    assert "something that was removed" not in body[:orphans]
    assert report.orphans == 1


def test_math_is_kept_as_tex_and_never_marked(exported: tuple[Path, object]) -> None:
    out, _ = exported
    _, body = split(out / DDPM_FILE)
    assert "$L = \\|\\epsilon - \\epsilon_\\theta(x_t, t)\\|^2$" in body
    assert "$$\nq(x_t \\mid x_{t-1}) = \\mathcal{N}(x_t; \\sqrt{1-\\beta_t} x_{t-1}, \\beta_t I)\n$$" in body
    for span in body.split("$")[1::2]:
        assert "==" not in span


def test_images_copied_and_paths_rewritten(exported: tuple[Path, object]) -> None:
    out, report = exported
    assert (out / "assets/img/ddpm.png").read_bytes() == PNG_BYTES
    _, body = split(out / DDPM_FILE)
    assert "![ddpm figure](../assets/img/ddpm.png)" in body
    assert "![gone](img/missing.png)" in body            # unresolved: left as written
    assert report.unresolved_images == ["diffusion.md:15: img/missing.png"]
    assert report.images_copied == ["assets/img/ddpm.png"]


def test_links_between_notes_point_at_exported_files(exported: tuple[Path, object]) -> None:
    out, _ = exported
    _, body = split(out / DDPM_FILE)
    target = "../Score%20Models/2020-score-based-generative-modeling-through-sdes.md"
    assert f"[score models]({target}#score-based-generative-modeling-through-sdes)" in body
    assert (out / DDPM_FILE).parent.joinpath("../" + SDE_FILE).exists()
    _, body = split(out / SDE_FILE)
    assert "[DDPM](../Diffusion/2020-denoising-diffusion-probabilistic-models.md)" in body


def test_index_lists_entries_by_category_and_year(exported: tuple[Path, object]) -> None:
    out, _ = exported
    text = (out / "index.md").read_text(encoding="utf-8")
    diffusion = text.index("## Diffusion (1/2 read)")
    score = text.index("## Score Models (0/2 read)")
    assert diffusion < score
    assert text.index("### 2021", diffusion) < text.index("### 2020", diffusion) < score
    assert (f"- [Denoising Diffusion Probabilistic Models]({DDPM_FILE.replace(' ', '%20')}) — read · "
            "tags: diffusion, to read: later · 4 highlights") in text
    assert "Score%20Models/2020-score-based-generative-modeling-through-sdes.md) — reading · tags: SDE" in text
    assert "## Highlight colours" in text


def test_second_export_is_byte_identical(annotated: Annotated, exported: tuple[Path, object],
                                         tmp_path: Path) -> None:
    out, _ = exported
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    report = export_entries(annotated.collection, annotated.store, annotated.collection.entries, out)
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert before == after
    assert report.written == [] and len(report.unchanged) == len(report.files)
    # and a fresh folder gets the same bytes too
    other = tmp_path / "again"
    export_entries(annotated.collection, annotated.store, annotated.collection.entries, other)
    assert {p.relative_to(other): p.read_bytes() for p in other.rglob("*") if p.is_file()} == {
        p.relative_to(out): b for p, b in before.items()
    }


def test_foreign_files_are_never_overwritten(annotated: Annotated, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "Diffusion").mkdir(parents=True)
    mine = b"my own notes, not paperdesk's\n"
    (out / DDPM_FILE).write_bytes(mine)
    (out / "index.md").write_bytes(mine)
    report = export_entries(annotated.collection, annotated.store, annotated.collection.entries, out)
    assert (out / DDPM_FILE).read_bytes() == mine
    assert (out / "index.md").read_bytes() == mine
    renamed = dict(report.renamed)
    assert renamed[DDPM_FILE] == DDPM_FILE.replace(".md", "-2.md")
    assert renamed["index.md"] == "index-2.md"
    assert "renamed: index.md exists and was not written by paperdesk" in report.summary()
    assert "Denoising Diffusion" in (out / renamed[DDPM_FILE]).read_text(encoding="utf-8")
    # the index links to the renamed note, and the other note's link follows it too
    assert DDPM_FILE.replace(".md", "-2.md") in (out / "index-2.md").read_text(encoding="utf-8")
    assert "2020-denoising-diffusion-probabilistic-models-2.md" in (out / SDE_FILE).read_text(encoding="utf-8")


def test_a_file_paperdesk_wrote_but_the_user_edited_is_kept(annotated: Annotated, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export_entries(annotated.collection, annotated.store, annotated.collection.entries, out)
    edited = (out / SDE_FILE).read_bytes() + b"\nmy addition\n"
    (out / SDE_FILE).write_bytes(edited)
    report = export_entries(annotated.collection, annotated.store, annotated.collection.entries, out)
    assert (out / SDE_FILE).read_bytes() == edited
    assert dict(report.renamed)[SDE_FILE].endswith("-2.md")


def test_a_foreign_manifest_makes_the_export_refuse(annotated: Annotated, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST_NAME).write_text("{not ours", encoding="utf-8")
    with pytest.raises(UserError, match="not written by paperdesk"):
        export_entries(annotated.collection, annotated.store, annotated.collection.entries, out)
    assert (out / MANIFEST_NAME).read_text(encoding="utf-8") == "{not ours"


def test_manifest_lists_files_with_hashes(exported: tuple[Path, object]) -> None:
    out, report = exported
    data = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert data["format"] == "paperdesk-export"
    assert sorted(data["files"]) == sorted(report.files)


def test_round_trip_through_the_importer(annotated: Annotated, exported: tuple[Path, object]) -> None:
    out, _ = exported
    again = scan(out, use_cache=False)
    key = lambda e: (e.title, e.category, e.year)  # noqa: E731
    assert sorted(map(key, again.entries)) == sorted(map(key, annotated.collection.entries))
    for entry in again.entries:
        meta, _ = split(out / entry.source)
        original = annotated.collection.entry(meta["entry_id"])
        assert meta["tags"] == annotated.store.tags(original.paper_key)
        assert meta["status"] == annotated.store.status(original.paper_key)
        assert {t.casefold() for t in entry.note_tags} == {t.casefold() for t in meta["tags"]}


def test_html_marks_carry_the_colour(annotated: Annotated, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export_entries(annotated.collection, annotated.store, annotated.collection.entries, out, html_marks=True)
    _, body = split(out / DDPM_FILE)
    assert ('<mark class="hl-1" style="background-color: #8ce99a">**reverse a noising process** step</mark>'
            "[^hl-1]") in body
    assert "==" not in body


def test_single_file(annotated: Annotated, tmp_path: Path) -> None:
    out = tmp_path / "out"
    seen: list[tuple[int, int]] = []
    report = export_entries(annotated.collection, annotated.store, annotated.collection.entries, out,
                            single_file=True, progress=lambda done, total: seen.append((done, total)))
    assert report.files == ["assets/img/ddpm.png", "paperdesk-notes.md"] or sorted(report.files) == [
        "assets/img/ddpm.png", "paperdesk-notes.md"]
    text = (out / "paperdesk-notes.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(text[4:].partition("\n---\n")[0])
    assert [m["title"] for m in meta["entries"]][:2] == [
        "Improved Denoising Diffusion Probabilistic Models", "Denoising Diffusion Probabilistic Models"]
    assert "![ddpm figure](assets/img/ddpm.png)" in text
    assert "[^e2-hl-1]: Green: the core idea" in text
    ddpm_anchor = f'<a id="entry-{annotated.entry("Score-Based").id}"></a>'
    assert ddpm_anchor in text
    assert seen[-1] == (4, 4)


def test_export_without_store(annotated: Annotated, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ddpm = annotated.entry("Denoising Diffusion Probabilistic")
    report = export_entries(annotated.collection, None, [ddpm], out)
    assert sorted(report.files) == ["Diffusion/2020-denoising-diffusion-probabilistic-models.md",
                                    "assets/img/ddpm.png", "index.md"]
    meta, body = split(out / DDPM_FILE)
    assert (meta["status"], meta["tags"], meta["highlights"]) == ("unread", [], 0)
    assert "Highlights" not in body and "==" not in body
    # a link to a note that was not exported stays as written, and is reported
    assert "(score.md#score-based-generative-modeling-through-sdes)" in body
    assert any("not exported" in w for w in report.warnings)


def _pandoc_json(path: Path) -> dict:
    result = subprocess.run(["pandoc", "-f", "markdown", "-t", "json", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"pandoc failed on {path}: {result.stderr}"
    return json.loads(result.stdout)


def _stringify(node: object) -> str:
    """Concatenate the text of a pandoc JSON AST (Str, Space, Code, RawInline...)."""
    if isinstance(node, dict):
        t, c = node.get("t"), node.get("c")
        if t == "Str":
            return c
        if t in ("Space", "SoftBreak", "LineBreak"):
            return " "
        if t in ("Code", "RawInline", "Math"):
            return c[-1] if isinstance(c, list) else ""
        if t == "CodeBlock":
            return c[-1]
        return _stringify(c) if c is not None else ""
    if isinstance(node, list):
        return "".join(_stringify(n) for n in node)
    return ""


def _meta_list(value: dict) -> list[str]:
    return [_stringify(item["c"]) for item in value["c"]] if value["t"] == "MetaList" else []


@pytest.fixture
def pandoc() -> str:
    path = shutil.which("pandoc")
    if path is None:
        pytest.skip("pandoc is not installed (it is a system package: apt-get install pandoc)")
    return path


def test_pandoc_reads_every_exported_file(pandoc: str, exported: tuple[Path, object],
                                          annotated: Annotated) -> None:
    out, _ = exported
    for path in sorted(out.rglob("*.md")):
        doc = _pandoc_json(path)
        if path.name == "index.md":
            continue
        meta = doc["meta"]
        entry = annotated.collection.entry(_stringify(meta["entry_id"]["c"]))
        assert _meta_list(meta["tags"]) == annotated.store.tags(entry.paper_key)
        assert _stringify(meta["status"]["c"]) == annotated.store.status(entry.paper_key)
        text = " ".join(" ".join(_stringify(block) for block in doc["blocks"]).split())
        for h in annotated.store.highlights(entry.id):
            if not h.orphan:
                assert " ".join(h.quote.split()) in text.replace("**", "").replace("`", ""), h.quote


def test_one_note_per_file_layouts_round_trip(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "attention.md").write_text(
        '---\ntitle: "Attention Is All You Need"\ntags: [transformers, nlp]\ndate: 2017-06-12\n'
        "link: https://arxiv.org/abs/1706.03762\n---\n\n# Attention Is All You Need\n\n"
        "Self-attention replaces recurrence.\n\n## Method\n\nMulti-head attention.\n", encoding="utf-8")
    (root / "resnet.md").write_text(
        "**Title**: Deep Residual Learning\n**Year**: 2015\n**Tags**: cnn, vision\n\n"
        "Residual connections ease optimisation.\n", encoding="utf-8")
    collection = scan(root, use_cache=False)
    out = tmp_path / "out"
    report = export_entries(collection, None, collection.entries, out)
    assert len(report.files) == 3
    for rel in report.files:
        text = (out / rel).read_text(encoding="utf-8")
        assert text.count("\n---\n") == 1          # exactly one front matter block
    again = scan(out, use_cache=False)
    key = lambda e: (e.title, e.category, e.year, tuple(e.note_tags))  # noqa: E731
    assert sorted(map(key, again.entries)) == sorted(map(key, collection.entries))


def test_single_file_starts_with_an_index_of_anchors(annotated: Annotated, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export_entries(annotated.collection, annotated.store, annotated.collection.entries, out, single_file=True)
    text = (out / "paperdesk-notes.md").read_text(encoding="utf-8")
    ddpm = annotated.entry("Denoising Diffusion Probabilistic")
    item = f"- [Denoising Diffusion Probabilistic Models](#entry-{ddpm.id}) — read · tags: diffusion, to read: later"
    assert item in text
    assert text.index(item) < text.index(f'<a id="entry-{ddpm.id}"></a>')


def test_titles_with_apostrophes_round_trip(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "a.md").write_text("---\ntitle: \"Don't Stop: Pretraining\"\n---\n\nNo heading here.\n",
                               encoding="utf-8")
    collection = scan(root, use_cache=False)
    out = tmp_path / "out"
    export_entries(collection, None, collection.entries, out)
    assert [e.title for e in scan(out, use_cache=False).entries] == ["Don't Stop: Pretraining"]
