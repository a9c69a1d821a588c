"""What the window shows of the open entry: the reader page with its header, and the side panel."""

from __future__ import annotations

from paperdesk.collection import Entry
from paperdesk.collection.own_link import paper_link
from paperdesk.gui.reader.page_render import PageRender
from paperdesk.gui.reader.view import ReaderView
from paperdesk.gui.side_panel import SidePanel
from paperdesk.gui.window.session import ChangeSet, CollectionSession
from paperdesk.render import EntryHeader
from paperdesk.store import Anchor
from paperdesk.vocab import ChangeKind, Status, effective_tags


class EntryPresenter:
    """Shows an entry in the reader and the side panel, and follows store changes to it."""

    def __init__(self, session: CollectionSession, reader: ReaderView, side_panel: SidePanel) -> None:
        self.session = session
        self.reader = reader
        self.side_panel = side_panel
        self._shown: tuple[str, tuple[str, ...]] | None = None   # status and tags the page header shows

    def header(self, entry: Entry) -> EntryHeader:
        """The page header of an entry: title, link, category, year, status and tags with their colours."""
        store = self.session.store
        tags = tuple(store.tags(entry.paper_key)) if store is not None else ()
        colors = {t: c for t in tags if store is not None and (c := store.tag_color(t))}
        return EntryHeader(title=entry.title, paper_url=paper_link(entry),
                           category=entry.category, year=entry.year, venue=entry.venue,
                           short_name=entry.short_name, status=self._status(entry), tags=tags, tag_colors=colors)

    def show(self, entry: Entry, *, anchor: str | None = None, highlight: str | None = None,
             page: PageRender | None = None) -> None:
        """Load an entry into the reader and the side panel (`page`: already rendered for it, as now)."""
        collection = self.session.collection
        assert collection is not None
        header = self.header(entry)
        self.reader.show_entry(entry, collection, header, anchor=anchor, highlight=highlight, page=page)
        self._shown = (header.status or Status.UNREAD, header.tags)
        self.update_side_panel(entry)

    def reshow(self, entry: Entry) -> None:
        """The open entry's note changed on disk: render it again (the reader keeps its scroll)."""
        collection = self.session.collection
        assert collection is not None
        self.reader.show_entry(entry, collection, self.header(entry))

    def clear(self) -> None:
        """Nothing is open."""
        self.reader.clear()
        self.side_panel.show_entry(None)

    def update_side_panel(self, entry: Entry | None, anchors: list[Anchor] | None = None) -> None:
        """Show an entry's status, tags and highlights (placed as `anchors` say, when given)."""
        store = self.session.store
        if entry is None or store is None:
            self.side_panel.show_entry(None)
            return
        tags = list(store.tags(entry.paper_key))
        if anchors is None:
            highlights = sorted(store.highlights(entry.id), key=lambda h: h.start)
            placed = [h for h in highlights if not h.orphan]
            orphans = [h for h in highlights if h.orphan]
        else:
            placed = [a.highlight for a in sorted(anchors, key=lambda a: a.start or 0) if a.start is not None]
            orphans = [a.highlight for a in anchors if a.start is None]
        self.side_panel.show_entry(entry.title, self._status(entry), tags,
                                   {t: store.tag_color(t) for t in tags}, placed, orphans,
                                   note_tags=list(effective_tags(entry, store)[len(tags):]))

    def follow(self, changes: ChangeSet, entry: Entry | None) -> None:
        """Bring the open entry's header, highlights and side panel up to date after store changes."""
        store = self.session.store
        if entry is None or store is None:
            return
        touched = changes.touches(entry.paper_key)
        header = self.header(entry)
        shown = (header.status or Status.UNREAD, header.tags)
        if touched and changes.any(ChangeKind.STATUS, ChangeKind.TAGS, ChangeKind.RELOAD) and shown != self._shown:
            self._shown = shown
            self.reader.update_header(header)
        if touched and changes.any(ChangeKind.HIGHLIGHT, ChangeKind.PALETTE, ChangeKind.RELOAD) \
                and not changes.anchors_only:   # the page already shows the anchors just saved
            self.reader.refresh_highlights()
        self.update_side_panel(entry)

    def _status(self, entry: Entry) -> Status:
        store = self.session.store
        return Status(store.status(entry.paper_key)) if store is not None else Status.UNREAD
