"""Resolving image references to collection files: relative to the note, else by file name."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from urllib.parse import quote, unquote

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]+:")
_DRIVE = re.compile(r"[A-Za-z]:[\\/]")
# Liquid output in a URL: `{{ site.baseurl }}`, `{{ "/assets/x.png" | relative_url }}` (Jekyll).
_LIQUID_OUTPUT = re.compile(r"\{\{-?([^{}]{0,500}?)-?\}\}")
_SITE_ROOT = frozenset({"site.baseurl", "site.url", "site.github.url", "site.github.baseurl", "base_path",
                        "site.base_path", "site.root"})
_STRING = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)')\s*$""")
_URL_SAFE = "/#?&=.-_~%+@,;:!$*"
# A site generator's configuration file marks the folder its site paths ("/assets/a.png") start from.
SITE_CONFIGS = ("_config.yml", "_config.yaml", "_config.toml", "hugo.toml", "hugo.yaml", "hugo.json", "config.toml")


def site_root(note_source: str, has_file: Callable[[str], bool]) -> str:
    """The folder (relative, "" or ending in "/") a note's site paths start from: the nearest folder
    above the note holding a Jekyll or Hugo configuration file, else the collection's root."""
    folder = note_source.rpartition("/")[0]
    while folder:
        if any(has_file(f"{folder}/{name}") for name in SITE_CONFIGS):
            return folder + "/"
        folder = folder.rpartition("/")[0]
    return ""


def _operand(text: str) -> str | None:
    """A string literal's value, "" for the site's root URL variables, None for anything else."""
    text = text.strip()
    if text in _SITE_ROOT:
        return ""
    m = _STRING.match(text)
    return (m.group(1) if m.group(1) is not None else m.group(2)) if m else None


def liquid_url(expression: str) -> str | None:
    """The URL a Liquid output expression gives, read against the collection root as the site root.

    Known: string literals, `site.baseurl`/`site.url` (the root: ""), and the filters
    `relative_url`/`absolute_url`, `prepend:`/`append:` of those. A path is made root-absolute
    (`/assets/x.png`) with `..` clamped at the root; anything else (a page variable) gives None.
    """
    parts = expression.strip().strip("-").split("|")
    value = _operand(parts[0])
    if value is None:
        return None
    rooted = False
    for part in parts[1:]:
        name, _, argument = part.partition(":")
        name = name.strip()
        if name in ("relative_url", "absolute_url"):
            rooted = True
            continue
        if name not in ("prepend", "append"):
            return None
        operand = _operand(argument)
        if operand is None:
            return None
        value = operand + value if name == "prepend" else value + operand
    if _SCHEME.match(value) and not _DRIVE.match(value):
        return quote(value, safe=_URL_SAFE)
    if rooted or value.startswith("/"):
        path, mark, rest = value.partition("?") if "?" in value else value.partition("#")
        clean = posixpath.normpath("/" + path.lstrip("/")) if path.strip("/") else "/"
        value = "/" + clean.lstrip("/") + mark + rest
    return quote(value, safe=_URL_SAFE)


def expand_site_urls(ref: str) -> str:
    """`ref` with each Liquid URL expression replaced by its value (unknown ones kept as written)."""
    if "{{" not in ref:
        return ref

    def value(m: re.Match[str]) -> str:
        found = liquid_url(m.group(1))
        return m.group(0) if found is None else found

    expanded = _LIQUID_OUTPUT.sub(value, ref)
    return re.sub(r"^//+", "/", expanded)   # `{{ site.baseurl }}/{{ "/x" | relative_url }}`


def missing_message(ref: str) -> str:
    """The scan warning for an image reference no collection file answers."""
    written = ref.strip().strip("<>")
    expanded = expand_site_urls(written)
    if expanded != written and "{{" not in expanded:
        return (f"image not found in the collection: {ref} (the site path {expanded}, looked up from the "
                "note's folder, its site's root and the collection's root)")
    if "{{" in written or "{%" in written:
        return f"image not found: {ref} uses a site template value the scan cannot know"
    return f"image not found in the collection: {ref}"


def is_remote(ref: str) -> bool:
    """Whether an image reference is a web/data URL (not a file the collection could hold)."""
    return bool(_SCHEME.match(ref)) and not _DRIVE.match(ref)


Lookup = Callable[[str], "str | None"]   # a candidate path -> the collection file it names, or None
_TITLE = re.compile(r"""\s+(?:"[^"\n]*"|'[^'\n]*')$""")   # a Markdown address's closing title


def markdown_address(text: str, start: int) -> str:
    """A Markdown image's address read from `start` (just after its opening parenthesis) as Python-Markdown
    reads it: up to the parenthesis that closes it (pairs inside counted) on the same line, spaces and all
    (`Screen Shot 2020-12-26.png`), without a closing `"title"` or `'title'`; at most 2,000 characters."""
    depth = 1
    end = min(len(text), start + 2000)
    i = start
    while i < end:
        c = text[i]
        if c == "\n":
            break
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                break
        i += 1
    address = text[start:i].strip()
    titled = _TITLE.search(address)
    return address[:titled.start()].rstrip() if titled else address


def root_path_parts(path: str) -> list[str]:
    """The folder and file names of a root, drive or site path (`/a/b.png`, `C:\\x\\b.png`), without
    its query, fragment, drive letter and `.`/`..` steps."""
    path = unquote(path.split("?", 1)[0].split("#", 1)[0])
    return [p for p in re.split(r"[\\/]+", path) if p and p not in (".", "..") and not re.fullmatch(r"[A-Za-z]:", p)]


def site_path_file(parts: list[str], note_source: str, site: str, lookup: Lookup) -> str | None:
    """The site-path tails rule, one for the scan and the reader: the path, then each shorter tail of it,
    against the note's folder, its site's root (`site_root`) and the collection's root; the first found."""
    note_dir = note_source.rpartition("/")[0]
    for i in range(len(parts)):
        tail = "/".join(parts[i:])
        for candidate in (f"{note_dir}/{tail}" if note_dir else tail, site + tail, tail):
            found = lookup(candidate)
            if found:
                return found
    return None


def _by_name(parts: list[str], candidates: list[str]) -> str:
    """Of the files named like a foreign path's last part, the one sharing most trailing folders with it."""
    if len(candidates) == 1:
        return candidates[0]
    wanted = [p.casefold() for p in reversed(parts)]

    def shared_suffix(candidate: str) -> int:
        n = 0
        for a, b in zip(reversed(candidate.casefold().split("/")), wanted, strict=False):
            if a != b:
                break
            n += 1
        return n

    return max(candidates, key=lambda c: (shared_suffix(c), -len(c)))


def find_image(ref: str, note_source: str, lookup: Lookup, site: Callable[[], str],
               named: Callable[[str], list[str]] | None) -> str | None:
    """The collection file image `ref` (as written in `note_source`) shows, by the one rule the scan and the
    reader share: a site URL (`{{ site.baseurl }}/a.png`) by `site_path_file`; a relative path against the
    note's folder (never above the root); a root or drive path by `site_path_file` too; then any of them by
    its file name anywhere (`named`: the collection's files of that name, case-folded), the longest shared
    tail first.
    `lookup` says which collection file a candidate path is (None: none); `site` gives the note's site root."""
    written = ref.strip().strip("<>")
    raw = expand_site_urls(written)
    if not raw:
        return None
    if raw != written and "{{" not in raw:
        return None if is_remote(raw) else site_path_file(root_path_parts(raw), note_source, site(), lookup)
    note_dir = note_source.rpartition("/")[0]
    if not raw.startswith(("/", ".")) and not any(c in raw for c in "\\%?#{:") and "/.." not in raw:
        found = lookup(f"{note_dir}/{raw}" if note_dir else raw)
        if found:
            return found
    path = unquote(raw.split("?", 1)[0].split("#", 1)[0]) if not _DRIVE.match(raw) else raw
    path = path.replace("\\", "/")
    foreign = path.startswith("/") or bool(_DRIVE.match(path)) or "{{" in path or "{%" in path
    if not foreign:
        rel = posixpath.normpath(posixpath.join(note_dir, path))
        if not rel.startswith("../") and rel != "..":
            found = lookup(rel)
            if found:
                return found
    elif "{{" not in path and "{%" not in path:
        found = site_path_file(root_path_parts(path), note_source, site(), lookup)
        if found:
            return found
    parts = [p for p in path.split("/") if p and p not in (".", "..")]
    if not parts or named is None:
        return None
    candidates = [c for c in named(parts[-1].casefold()) if lookup(c)]
    return _by_name(parts, candidates) if candidates else None


class ImageResolver:
    """Resolve references against the set of files in the collection (relative posix paths)."""

    def __init__(self, files: set[str]) -> None:
        self.files = files
        self._by_name: dict[str, list[str]] | None = None
        self._resolved: dict[str, dict[str, str | None]] = {}  # note folder -> ref -> answer
        self._sites: dict[str, str] = {}   # note folder -> its site root

    def resolve(self, ref: str, note_source: str) -> str | None:
        """Return the collection file `ref` (written in `note_source`) points at, or None."""
        folder = note_source[:note_source.rfind("/") + 1]  # the answer depends on the note's folder only
        answers = self._resolved.get(folder)
        if answers is None:
            answers = self._resolved[folder] = {}
        try:
            return answers[ref]
        except KeyError:
            found = answers[ref] = find_image(ref, note_source, self._lookup, lambda: self._site(note_source),
                                              self._named)
            return found

    def _lookup(self, path: str) -> str | None:
        return path if path in self.files else None

    def _site(self, note_source: str) -> str:
        folder = note_source.rpartition("/")[0]
        found = self._sites.get(folder)
        if found is None:
            found = self._sites[folder] = site_root(note_source, self.files.__contains__)
        return found

    def _named(self, name: str) -> list[str]:
        if self._by_name is None:
            index: dict[str, list[str]] = {}
            for f in self.files:
                index.setdefault(f.rsplit("/", 1)[-1].casefold(), []).append(f)
            for paths in index.values():
                paths.sort()
            self._by_name = index
        return self._by_name.get(name, [])
