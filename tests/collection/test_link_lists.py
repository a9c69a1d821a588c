"""Awesome lists: topic headings over lists of paper links give no entries, and a warning says why."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from paperdesk.collection import scan
from paperdesk.collection.indexfiles import is_link_list, link_list_warning, listed_paper

AWESOME = """# Awesome Diffusion

## Image

- [Denoising Diffusion Probabilistic Models](https://arxiv.org/abs/2006.11239) - Ho et al., NeurIPS 2020
- [Improved Denoising Diffusion Probabilistic Models](https://arxiv.org/abs/2102.09672) - Nichol and Dhariwal, 2021

## Video

1. **Video Diffusion Models** [[paper](https://arxiv.org/abs/2204.03458)] [[page](https://example.org/vdm)]
2. **Imagen Video** [[paper](https://arxiv.org/abs/2210.02303)]

## Audio

* [DiffWave: A Versatile Diffusion Model for Audio Synthesis](https://arxiv.org/abs/2009.09761)
* [WaveGrad: Estimating Gradients for Waveform Generation](https://arxiv.org/abs/2009.00713)
"""

NOTES = """# Diffusion papers

## [Denoising Diffusion Probabilistic Models](https://arxiv.org/abs/2006.11239)

A fixed noising chain and a learned reverse one; predict the noise.
- [code](https://github.com/example/ddpm)
- [Improved DDPM](https://arxiv.org/abs/2102.09672) fixes the variance schedule

## [Video Diffusion Models](https://arxiv.org/abs/2204.03458)

The same denoiser, factorised over space and time.

## [DiffWave](https://arxiv.org/abs/2009.09761)

A non-autoregressive vocoder; fast and small.
"""


def test_a_listed_paper_is_a_name_and_links_with_few_other_words() -> None:
    assert listed_paper("- [Denoising Diffusion](https://arxiv.org/abs/2006.11239) - Ho et al., NeurIPS 2020") == \
        "Denoising Diffusion"
    assert listed_paper("1. **Imagen Video** [[paper](https://arxiv.org/abs/2210.02303)]") == "Imagen Video"
    assert listed_paper("- [paper](https://arxiv.org/abs/2210.02303) [code](https://github.com/x/y)") is None
    assert listed_paper("- [DDPM](https://arxiv.org/abs/2006.11239) " + "word " * 20) is None   # prose
    assert listed_paper("[DDPM](https://arxiv.org/abs/2006.11239) outside a list") is None
    assert listed_paper("- **Bold** but no link") is None


def test_an_awesome_list_gives_a_warning_and_no_papers(make_notes) -> None:
    root = make_notes({"README.md": AWESOME})
    collection = scan(root, use_cache=False)
    assert collection.entries == []
    assert [(w.kind, w.source, w.message) for w in collection.warnings] == [
        ("index", "README.md", "read as an index, not notes: the file lists links (6 to web pages) and has no notes "
                               "of its own, so it gives no entries")]


def test_papers_with_notes_of_their_own_stay_papers(make_notes) -> None:
    root = make_notes({"diffusion.md": NOTES})
    collection = scan(root, use_cache=False)
    assert [e.paper_key for e in collection.entries] == ["arxiv:2006.11239", "arxiv:2204.03458", "arxiv:2009.09761"]
    assert not [w for w in collection.warnings if w.kind == "index"]


def test_an_index_of_the_collections_own_notes_is_not_warned_about(make_notes) -> None:
    root = make_notes({
        "README.md": "# My notes\n\n## 2020\n\n* DDPM [ [note](ddpm.md) ] [ [paper](https://arxiv.org/abs/2006.11239) ]\n"
                     "* DiffWave [ [note](diffwave.md) ] [ [paper](https://arxiv.org/abs/2009.09761) ]\n"
                     "* VDM [ [note](vdm.md) ] [ [paper](https://arxiv.org/abs/2204.03458) ]\n",
        "ddpm.md": "# DDPM\n\ntext\n", "diffwave.md": "# DiffWave\n\ntext\n", "vdm.md": "# VDM\n\ntext\n",
    })
    collection = scan(root, use_cache=False)
    assert sorted(e.source for e in collection.entries) == ["ddpm.md", "diffwave.md", "vdm.md"]
    assert not collection.warnings


LISTISH = st.lists(st.sampled_from(["- ", "* ", "1. ", "## ", "**", "[", "]", "(", ")", "https://a.org/x", "x.md",
                                    "paper", "Title", " ", "\n", "\n\n", "word ", "```", "|", "__"]), max_size=80).map("".join)


@settings(max_examples=200, deadline=None)
@given(LISTISH)
def test_any_text_is_judged_without_error(text: str) -> None:
    lines = text.split("\n")
    for line in lines:
        name = listed_paper(line)
        assert name is None or name.strip()
    assert is_link_list(lines, [(0, len(lines) - 1)]) in (True, False)
    warning = link_list_warning(lines, 0)
    assert warning is None or warning.startswith("read as an index")


def test_a_megabyte_awesome_list_is_judged(make_notes) -> None:
    text = "".join(f"## Topic {i}\n\n" + "".join(f"- [Paper {i}.{j}](https://arxiv.org/abs/2006.{10000 + j}) - "
                                                  "Someone et al., 2020\n" for j in range(50)) for i in range(300))
    assert len(text) > 1_000_000
    root = make_notes({"README.md": text})
    collection = scan(root, use_cache=False)
    assert collection.entries == [] and [w.kind for w in collection.warnings] == ["index"]
