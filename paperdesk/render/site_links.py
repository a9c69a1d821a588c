"""A note's site addresses (Hugo `ref`, Jekyll `post_url`/`link`, `/static/...` files) read against its collection."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from paperdesk.collection.images import site_root
from paperdesk.render.safe_path import resolve_inside
from paperdesk.render.templates import SiteLinks
from paperdesk.render.wikilinks import href_to, index_for

if TYPE_CHECKING:
    from paperdesk.collection import Collection

# Where a site generator keeps the files it serves at the site's root ("/img/a.png").
SITE_FOLDERS = ("", "static/", "assets/", "public/")


def site_links(collection: Collection, source: str) -> SiteLinks:
    """The SiteLinks of note `source`: names resolve like wikilinks, site paths to files inside the root."""
    index = index_for(collection)
    files = getattr(collection, "all_files", None)

    def note_href(name: str) -> str | None:
        path, _, anchor = name.partition("#")
        path = path.strip().lstrip("/")
        for candidate in (path, path.rstrip("/") + "/index", path.rstrip("/") + "/_index"):
            found = index.resolve(candidate, source) if candidate.strip("/") else None
            if found is not None:
                return href_to(found, source, anchor)
        return None

    def exists(relpath: str) -> bool:
        if files is not None:
            return relpath in files
        target = resolve_inside(collection.root, quote(relpath, safe="/"))
        return target is not None and target.is_file()

    roots: list[str] = []   # the note's own site root, then the collection's: found on the first site path

    def site_file(url: str) -> str:
        path, mark, rest = url.partition("?") if "?" in url else url.partition("#")
        relpath = unquote(path).lstrip("/")
        if not relpath or ".." in relpath.split("/"):
            return url
        if not roots:
            roots.extend(dict.fromkeys((site_root(source, exists), "")))
        for root in roots:
            for folder in SITE_FOLDERS:
                if exists(root + folder + relpath):
                    return "/" + quote(root + folder + relpath, safe="/") + mark + rest
        return url

    return SiteLinks(note_href, site_file)
