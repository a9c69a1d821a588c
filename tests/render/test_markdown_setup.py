"""The converter: extensions found by module path (no entry-point scan), converters pooled across threads."""

from __future__ import annotations

import subprocess
import sys
import threading

import markdown
import pytest

from paperdesk.paths import PROJECT_DIR
from paperdesk.render import markdown_setup

SAMPLE = "# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nx = 1\n```\n\n==marked== ~~gone~~ [^1]\n\n[^1]: note\n"


def test_the_converter_gives_what_markdown_gives_with_extensions_by_name() -> None:
    by_name = markdown.Markdown(extensions=markdown_setup.EXTENSIONS,
                                extension_configs=markdown_setup.extension_configs(), output_format="html")
    ours = markdown_setup._new()
    assert [type(e) for e in ours.registeredExtensions] == [type(e) for e in by_name.registeredExtensions]
    assert ours.convert(SAMPLE) == by_name.convert(SAMPLE)


def test_building_the_converter_never_scans_entry_points() -> None:
    code = ("import sys, markdown; from paperdesk.render import markdown_setup as m; m.to_html('# x'); "
            "print('importlib.metadata' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(PROJECT_DIR),
                          check=True, timeout=120)
    assert done.stdout.strip() == "False"


def test_a_converter_built_on_one_thread_serves_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    builds: list[str] = []
    real = markdown_setup._build
    monkeypatch.setattr(markdown_setup, "_build", lambda: builds.append(threading.current_thread().name) or real())
    markdown_setup.reset_converter()
    worker = threading.Thread(target=markdown_setup.to_html, args=("*one*",), name="worker")
    worker.start()
    worker.join()
    assert markdown_setup.to_html("*two*") == "<p><em>two</em></p>"
    assert builds == ["worker"]


def test_a_converter_that_raised_is_not_used_again(monkeypatch: pytest.MonkeyPatch) -> None:
    markdown_setup.reset_converter()
    markdown_setup.to_html("warm")
    broken = markdown_setup._idle[-1]
    monkeypatch.setattr(broken, "convert", lambda text: (_ for _ in ()).throw(RuntimeError("half-way")))
    with pytest.raises(RuntimeError):
        markdown_setup.to_html("boom")
    assert broken not in markdown_setup._idle
    assert markdown_setup.to_html("*fine*") == "<p><em>fine</em></p>"
