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
