"""A corpus of hostile note files, written for these tests: each case is a name and the bytes of
one note, built by code (never copied from anywhere), plus the limit it should trip, if any."""

from __future__ import annotations

import codecs
import random
from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    """One hostile note file."""

    name: str
    data: bytes
    # A word the scan's warnings or the render's problems must hold when the app's limits engage
    # ("" when the note is merely odd and may render normally).
    expect: str = ""


def _md(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _yaml_bomb(levels: int = 9) -> str:
    """Billion-laughs aliases: each level refers to the one before nine times."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "---\ntitle: Bomb\n" + "\n".join(lines) + "\n---\n"


def _nested(open_: str, close: str, depth: int) -> str:
    return open_ * depth + "x" + close * depth


def cases() -> list[Case]:
    """Every corpus case (sizes chosen to reach each limit, not to be slow)."""
    rng = random.Random(1612)
    random_bytes = bytes(rng.randrange(256) for _ in range(4096))
    prose = "# Hostile note\n\nSome words before the trouble starts.\n\n"
    out = [
        Case("random-bytes", random_bytes, "binary"),
        Case("random-bytes-after-a-heading", _md(prose) + random_bytes),
        Case("nul-bytes", _md(prose) + b"a\x00b\x00\x00c\n\x00\n# \x00title\x00\n"),
        Case("invalid-utf8", _md(prose) + b"\xc3\x28 \xa0\xa1 \xe2\x28\xa1 \xf0\x28\x8c\xbc \xf8\xa1\xa1\xa1\xa1 \xed\xa0\x80\n"),
        Case("overlong-utf8", _md(prose) + b"\xc0\xaf\xe0\x80\xaf\xf0\x80\x80\xaf \xc0\x80\n"),
        Case("utf16-odd-length-bom", codecs.BOM_UTF16_LE + "# UTF-16 note\n\nbody text\n".encode("utf-16-le") + b"\x00"),
        Case("utf16-odd-length-no-bom", "# UTF-16 note\n\nbody text\n".encode("utf-16-le")[:-1]),
        Case("utf16-lone-surrogates", codecs.BOM_UTF16_BE + "# Lone\n\n".encode("utf-16-be")
             + b"\xd8\x00\x00a\xdc\x00\xdb\xff\n\x00"),
        Case("utf16-be-bom-then-garbage", codecs.BOM_UTF16_BE + random_bytes[:301]),
        Case("utf32-bom-truncated", codecs.BOM_UTF32_LE + b"#\x00\x00\x00 \x00\x00"),
        Case("bom-utf8-invalid", codecs.BOM_UTF8 + b"# T\n\n\xff\xfe\xfd\n", "encoding"),
        Case("only-crs", b"# CR note\r\rline one\rline two\r\r\r" * 50),
        Case("line-1mb", _md(prose + "a" * MB + "\n"), "shown as written"),
        Case("line-5mb-spaces", _md(prose + "word " * (MB + 1) + "\n"), "shown as written"),
        Case("list-10000-levels", _md(prose + "".join("  " * i + "- x\n" for i in range(0, 10_000, 50))
                                      + "- " * 10_000 + "deep\n"), "shown as written"),
        Case("quotes-10000-levels", _md(prose + "> " * 10_000 + "deep\n"), "shown as written"),
        Case("quote-staircase", _md(prose + "".join("> " * i + "q\n" for i in range(1, 300))), "shown as written"),
        Case("backticks-100k", _md(prose + "`" * 100_000 + "\n")),
        Case("backtick-runs", _md(prose + "\n".join(" ".join("`" * k for k in range(1, 150)) for _ in range(6)) + "\n")),
        Case("emphasis-pathological", _md(prose + "\n".join("*_" * 400 for _ in range(60)) + "\n")),
        Case("emphasis-nested-unclosed", _md(prose + "**_" * 3000 + "x\n")),
        Case("unclosed-fence", _md(prose + "```python\nprint('never closed')\n<script>alert(1)</script>\n" * 200)),
        Case("unclosed-math", _md(prose + "$$\n\\begin{matrix} a & b \\\\\n" + "\\frac{1}{" * 300 + "\n")),
        Case("unclosed-inline-math", _md(prose + "$x " * 3000 + "\n")),
        Case("unclosed-comment", _md(prose + "<!-- never closed\n<script>alert(1)</script>\n" + "text\n" * 100)),
        Case("comment-tricks", _md(prose + "<!--> <script>alert(1)</script> -->\n<!--!> <img src=x onerror=alert(1)> -->\n"
                                   "<!-- --!> <iframe src=javascript:alert(1)> -->\n")),
        Case("table-10000-columns", _md(prose + "|" + "a|" * 10_000 + "\n|" + "-|" * 10_000 + "\n|" + "1|" * 10_000 + "\n")),
        Case("table-10000-rows", _md(prose + "| a | b |\n|---|---|\n" + "| <b>x | `y |\n" * 10_000)),
        Case("front-matter-not-yaml", _md("---\n: : :\n\t- [ {\n  ]]]: !!python/object/apply:os.system ['id']\n---\n"
                                          "# After\n\nbody\n")),
        Case("front-matter-bomb", _md(_yaml_bomb() + "# Bomb\n\nbody\n")),
        Case("front-matter-deep", _md("---\ntitle: Deep\nx: " + "[" * 5000 + "]" * 5000 + "\n"
                                      + "".join("  " * i + f"k{i}:\n" for i in range(300)) + "---\nbody\n")),
        Case("front-matter-unclosed", _md("---\ntitle: Open\n" + "key: value\n" * 2000)),
        Case("front-matter-toml-garbage", _md("+++\ntitle = [[[\n\"\"\"\n+++\n# T\n\nbody\n")),
        Case("front-matter-huge-title", _md("---\ntitle: " + "T" * 200_000 + "\n---\nbody\n")),
        Case("liquid-nesting", _md(prose + "{% if a %}" * 5000 + "x" + "{% endif %}" * 5000 + "\n"
                                   + "{% raw %}" * 300 + "{% endraw %}\n{% comment %}" * 200 + "\n")),
        Case("hugo-shortcode-nesting", _md(prose + "{{< notice >}}" * 3000 + "x" + "{{< /notice >}}" * 3000 + "\n"
                                           + "{{% details %}}\n" * 500 + "{{< figure src=\"../../../etc/passwd\" >}}\n")),
        Case("hugo-unbalanced", _md(prose + "{{< a b=\"" * 2000 + "\n{{% x %}}{{< /y >}}{{< " * 500 + "\n")),
        Case("templates-in-code", _md(prose + "```\n{% raw %}{{< x >}}\n" * 400)),
        Case("brackets-deep", _md(prose + _nested("[", "](u)", 20_000) + "\n"), "shown as written"),
        Case("html-divs-deep", _md(prose + "<div>" * 20_000 + "x" + "</div>" * 20_000 + "\n"), "shown as written"),
        Case("links-20000", _md(prose + " ".join(f"[l{i}](#a{i})" for i in range(20_000)) + "\n")),
        Case("wikilinks-hostile", _md(prose + "[[../../etc/passwd]] ![[/etc/passwd]] ![[..\\..\\secret.png]] "
                                      "![[C:\\Windows\\win.ini]] [[" + "[" * 3000 + "\n")),
        Case("callouts-deep", _md(prose + "> [!note]\n" * 3000)),
        Case("footnotes-many", _md(prose + "".join(f"x[^{i}] " for i in range(3000)) + "\n\n"
                                   + "".join(f"[^{i}]: f{i} [^{i + 1}]\n" for i in range(3000)))),
        Case("entities", _md(prose + "&#0; &#x110000; &#xD800; &#99999999999; &javascript; &lt;script&gt;"
                             + "&#x6A;avascript:alert(1)\n")),
        Case("bidi-and-controls", _md("# \u202eevil\u202c title\u0007\n\n\u2066x\u2069 \u200b\u2028\u2029\x1b[31m\n")),
    ]
    return out
