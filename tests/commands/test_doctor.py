"""`paperdesk doctor`: counts and locations of a collection's problems, as text and JSON."""

from __future__ import annotations

import json

import pytest

from paperdesk.cli import main


@pytest.fixture
def sick_collection(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "fig").mkdir()
    (tmp_path / "fig" / "ok.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "one.md").write_text(
        "# Notes\n\n## Paper One\n\n![fig](fig/missing.png) ![ok](fig/ok.png)\n\n"
        "$x^$ and $y$ and $\\argmax_x f$\n\n[other](sub/two.md#paper-two) [gone](nothere.md)\n"
        "\n![remote](https://example.org/a.png)\n",
        encoding="utf-8",
    )
    (tmp_path / "sub" / "two.md").write_bytes("# Two\n\n## Paper Two\n\nCafé naïve\n".encode("cp1252"))
    return tmp_path


def _doctor_json(capsys, path) -> dict:
    assert main(["doctor", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_counts_and_locations(capsys, sick_collection):
    report = _doctor_json(capsys, sick_collection)
    counts = report["counts"]
    assert counts["images"] == 1 and counts["math"] == 1 and counts["links"] == 1
    assert counts["remote_images"] == 1 and counts["encodings"] == 1
    assert report["entries"] >= 2 and report["files"] == 2
    image = report["findings"]["images"][0]
    assert (image["source"], image["line"]) == ("one.md", 5) and "fig/missing.png" in image["message"]
    math = report["findings"]["math"][0]
    assert (math["source"], math["line"]) == ("one.md", 7) and "$x^$" in math["message"]
    link = report["findings"]["links"][0]
    assert (link["source"], link["line"]) == ("one.md", 9) and "nothere.md" in link["message"]
    assert report["findings"]["encodings"][0]["source"] == "sub/two.md"
    for name, items in report["findings"].items():
        assert counts[name] == len(items)


def test_text_report(capsys, sick_collection):
    assert main(["doctor", str(sick_collection)]) == 0
    out = capsys.readouterr().out
    assert "unresolved images" in out and "one.md:5: image not found: fig/missing.png" in out
    assert "one.md:9: broken link: nothere.md" in out


def test_healthy_collection(capsys, tmp_path):
    (tmp_path / "a.md").write_text("# A paper\n\nFine $x$ text.\n", encoding="utf-8")
    assert main(["doctor", str(tmp_path)]) == 0
    assert "No problems found." in capsys.readouterr().out


def test_missing_path_is_a_user_error(capsys, tmp_path):
    assert main(["doctor", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("paperdesk: ") and "Traceback" not in err


@pytest.mark.slow   # renders ~600 formulas with a cold math cache
def test_runs_on_each_seed(capsys, seeds_dir):
    seen = {}
    for seed in sorted(seeds_dir.glob("*.txt")):
        report = _doctor_json(capsys, seed)
        assert report["entries"] > 0
        assert report["counts"]["render"] == 0
        seen[seed.name[:3]] = report
    # honest findings known from reading the seeds
    assert seen["000"]["counts"]["images"] > 50                     # assets/ folder not shipped
    assert all("E:\\" in f["message"] for f in seen["003"]["findings"]["images"])
    assert seen["003"]["counts"]["images"] > 10
    assert seen["001"]["counts"]["links"] > 0                       # Jekyll {% post_url %} links


def test_runs_on_bundled_notes(capsys, notes_dir):
    report = _doctor_json(capsys, notes_dir)
    assert report["entries"] > 10 and report["counts"]["render"] == 0


@pytest.fixture
def hostile_collection(tmp_path):
    import os

    from paperdesk.collection import discover

    root = tmp_path / "hostile"
    root.mkdir()
    (root / "fine.md").write_text("# Fine\n\n## A paper\n\ntext\n", encoding="utf-8")
    (root / "brackets.md").write_text("# B\n\n" + "[" * 20_000 + "x](" + "(" * 20_000 + "\n", encoding="utf-8")
    (root / "lists.md").write_text("# L\n\n" + "- " * 40_000 + "x\n", encoding="utf-8")
    (root / "quotes.md").write_text("# Q\n\n" + "> " * 10_000 + "q\n", encoding="utf-8")
    (root / "bomb.md").write_text("---\na: &a [x,x,x]\nb: &b [*a,*a,*a]\ntitle: bomb\n---\n# Bomb\n\nbody\n",
                                  encoding="utf-8")
    (root / "evil\n  fake.md: forged finding.md").write_text("# N\n\nbody\n", encoding="utf-8")
    os.mkfifo(root / "pipe.md")
    with open(root / "huge.md", "wb") as handle:
        handle.truncate(discover.MAX_NOTE_BYTES + 1)
    return root


def test_hostile_structure_is_reported_not_hung_on(capsys, hostile_collection):
    report = _doctor_json(capsys, hostile_collection)
    files = {(f["source"], f["message"].split("]")[0]) for f in report["findings"]["files"]}
    assert ("pipe.md", "[special") in files and ("huge.md", "[too-large") in files
    assert any(kind == "[name" for _, kind in files)
    shown = {f["source"] for f in report["findings"]["render"]}
    assert {"brackets.md", "lists.md", "quotes.md"} <= shown
    assert main(["doctor", str(hostile_collection)]) == 0
    out = capsys.readouterr().out
    assert "\n  fake.md: forged finding" not in out and "evil\\n  fake.md" in out


def test_a_file_past_its_render_budget_is_reported_not_rendered(tmp_path, monkeypatch):
    from paperdesk.collection import scan
    from paperdesk.commands import doctor

    (tmp_path / "many.md").write_text("".join(f"## 2021 - [Paper {i}](https://arxiv.org/abs/2101.0000{i})\n"
                                              "text line with words\n" for i in range(6)), encoding="utf-8")
    collection = scan(tmp_path, use_cache=False)
    assert len(collection.entries) == 6
    rendered = []
    real = doctor.render_entry
    monkeypatch.setattr(doctor, "render_entry", lambda e, c: rendered.append(e.id) or real(e, c))
    findings = doctor.diagnose(collection, file_budget=0.0)
    assert len(rendered) == 1
    budget = [f for f in findings if f.section == "render"]
    assert len(budget) == 1 and budget[0].message.startswith("5 entries not checked")
