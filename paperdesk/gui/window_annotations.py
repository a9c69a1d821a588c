"""Annotation edits of the main window through the undo stack, and refreshing after store changes (a mixin)."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QMenu

from paperdesk.gui import icons
from paperdesk.gui.safe_text import ask_item, ask_text
from paperdesk.gui.undo_commands import (
    AddHighlightCommand,
    AddTagCommand,
    EditHighlightCommand,
    RemoveHighlightCommand,
    RemoveTagCommand,
    RenameTagCommand,
    SetStatusCommand,
)

log = logging.getLogger(__name__)
STATUS_CYCLE = {"unread": "reading", "reading": "read", "read": "unread"}


class WindowAnnotations:
    """Status, tags and highlights of the open entry; store notifications refresh tree, panel and page."""

    def _header(self, entry_id: str) -> Any:
        """Build the page header (title, link, category, year, status, tags) for an entry."""
        entry = self.collection.entry(entry_id) if self.collection else None
        if entry is None:
            return None
        from paperdesk.render import EntryHeader

        tags = tuple(self.store.tags(entry.paper_key)) if self.store is not None else ()
        colors = {t: c for t in tags if (c := self._tag_color(t))}
        return EntryHeader(title=entry.title, paper_url=entry.links[0] if entry.links else None,
                           category=entry.category, year=entry.year, venue=entry.venue,
                           short_name=entry.short_name, status=self._status(entry.paper_key),
                           tags=tags, tag_colors=colors)

    def _update_page_header(self, entry: Any) -> None:
        """Show a new status and tags in the page header in place: no reload, the selection stays."""
        header = self._header(entry.id)
        if header is None:
            return
        if hasattr(self.reader, "set_header"):
            self.reader.set_header(header)  # used when the reader re-renders (theme change, live reload)
        else:
            self.reader._header = header
        tags = [[t, header.tag_colors.get(t) if _HEX.match(header.tag_colors.get(t) or "") else None]
                for t in header.tags]
        self.reader.run_in_page(f"({_HEADER_JS})({json.dumps(header.status)}, {json.dumps(tags)})")

    # ----- annotations (through the undo stack) -------------------------------------------------------
    def set_status(self, status: str) -> None:
        """Set the open entry's reading status (undoable)."""
        entry = self.current_entry()
        if entry is None or self.store is None or self._status(entry.paper_key) == status:
            self._update_side_panel()
            return
        self.undo_stack.push(SetStatusCommand(self.store, entry.paper_key, status, entry.title))
        self.statusBar().showMessage(f"Marked {status}", 2000)

    def cycle_status(self) -> None:
        """Cycle the open entry's status unread -> reading -> read (r)."""
        entry = self.current_entry()
        if entry is not None:
            self.set_status(STATUS_CYCLE.get(self._status(entry.paper_key), "reading"))

    def selected_entry_ids(self) -> list[str]:
        """Return the entries selected in the tree (each once, in tree order)."""
        ids = {self.model.entry_id(i) for i in self.tree.selectionModel().selectedRows(0)}
        return [eid for eid in self.model.visible_entry_ids() if eid in ids]

    def set_status_of(self, entry_ids: list[str], status: str) -> None:
        """Set the status of several entries as one undoable step."""
        if self.store is None or self.collection is None:
            return
        entries = [e for e in (self.collection.entry(i) for i in entry_ids) if e is not None]
        keys = list(dict.fromkeys(e.paper_key for e in entries if self._status(e.paper_key) != status))
        if not keys:
            return
        self.undo_stack.beginMacro(f"Mark {len(keys)} entries {status}")
        for key in keys:
            self.undo_stack.push(SetStatusCommand(self.store, key, status))
        self.undo_stack.endMacro()
        self.statusBar().showMessage(f"Marked {len(keys)} {status}", 2500)

    def _tree_menu(self, pos: Any) -> None:
        ids = self.selected_entry_ids()
        if not ids:
            return
        menu = QMenu(self)
        for status in ("unread", "reading", "read"):
            label = f"Mark {'Selection' if len(ids) > 1 else 'Entry'} as {status.capitalize()}"
            menu.addAction(icons.icon(status), label, lambda s=status: self.set_status_of(ids, s))
        menu.addSeparator()
        if len(ids) == 1:
            self.entry_actions.fill(menu)
            menu.addSeparator()
        menu.addAction(self.actions_by_name["export"])
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    def _auto_reading(self) -> None:
        entry = self.current_entry()
        if entry is not None and self.store is not None and self._status(entry.paper_key) == "unread":
            self.store.set_status(entry.paper_key, "reading")
            self.statusBar().showMessage("Marked reading", 2000)

    def focus_tags(self) -> None:
        """Show the side panel if hidden and focus its tag editor (t)."""
        if self._distraction_free:
            self.toggle_distraction_free()
        self.side_panel.focus_tag_editor()

    def ask_rename_tag(self) -> None:
        """Ask for a tag and its new name, then rename (or merge) it everywhere (undoable)."""
        if self.store is None:
            return
        tags = sorted(self.store.all_tags(), key=str.casefold)
        if not tags:
            self.statusBar().showMessage("No tags yet", 3000)
            return
        old, ok = ask_item(self, "Rename tag", "Tag:", tags)
        if not ok:
            return
        new, ok = ask_text(self, "Rename tag", f"New name for “{old}” (an existing tag merges):", old)
        if ok:
            self.rename_tag(old, new)

    def rename_tag(self, old: str, new: str) -> None:
        """Rename or merge a tag across the collection (undoable)."""
        if self.store is not None and new.strip() and new.strip() != old:
            self.undo_stack.push(RenameTagCommand(self.store, old, new.strip()))

    def set_tag_color(self, tag: str, color: str) -> None:
        """Give a tag a colour ("" removes it); shown in the tree, the chips and the page header."""
        if self.store is not None:
            self.store.set_tag_color(tag, color or None)

    def add_tag(self, tag: str) -> None:
        """Add a tag to the open entry's paper (undoable)."""
        entry = self.current_entry()
        if entry is not None and self.store is not None and tag.strip():
            self.undo_stack.push(AddTagCommand(self.store, entry.paper_key, tag.strip()))

    def remove_tag(self, tag: str) -> None:
        """Remove a tag from the open entry's paper (undoable)."""
        entry = self.current_entry()
        if entry is not None and self.store is not None:
            self.undo_stack.push(RemoveTagCommand(self.store, entry.paper_key, tag))

    def _on_highlight_created(self, info: dict) -> None:
        entry = self.collection.entry(info.get("entry_id", "")) if self.collection else None
        if entry is None or self.store is None:
            return
        self.undo_stack.push(AddHighlightCommand(
            self.store, entry.id, entry.paper_key, self.reader.plain_text, int(info["start"]),
            int(info["end"]), int(info.get("color", 0))))

    def _find_highlight(self, highlight_id: str) -> Any:
        if self.store is None or self.current_id is None:
            return None
        return next((h for h in self.store.highlights(self.current_id) if h.id == highlight_id), None)

    def edit_highlight(self, highlight_id: str, *, note: str | None = None, color: int | None = None) -> None:
        """Change a highlight's note or colour (undoable)."""
        h = self._find_highlight(highlight_id)
        if h is not None:
            self.undo_stack.push(EditHighlightCommand(self.store, h, note=note, color=color))

    def delete_highlight(self, highlight_id: str) -> None:
        """Delete a highlight (undoable)."""
        if self._find_highlight(highlight_id) is not None:
            self.undo_stack.push(RemoveHighlightCommand(self.store, highlight_id))

    def _on_highlight_clicked(self, highlight_id: str) -> None:
        self.side_panel.popup_menu(highlight_id, QCursor.pos())

    def show_all_highlights(self) -> None:
        """List every highlight of the collection (Ctrl+Shift+H); each opens its entry scrolled to it."""
        if self.collection is None or self.store is None:
            self.statusBar().showMessage("Open a collection first", 3000)
            return
        from paperdesk.gui.highlights_view import HighlightsDialog

        index = self.index

        def matching(query: str) -> set[str] | None:
            return set(index.filter(query)) if index is not None else None

        dialog = HighlightsDialog(self.collection, self.store.all_highlights(), self.store.palette(), matching, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.openRequested.connect(lambda entry_id, hid: self.show_entry(entry_id, highlight=hid))
        dialog.relinkRequested.connect(self._open_orphan)
        self.highlights_dialog = dialog
        dialog.show()

    def _open_orphan(self, entry_id: str, highlight_id: str) -> None:
        if self.show_entry(entry_id):
            self.side_panel.select_highlight(highlight_id)
            self.statusBar().showMessage(
                "Select the passage in the reader, then choose Relink to Selection in the side panel", 8000)

    def relink_highlight(self, highlight_id: str) -> None:
        """Re-attach an orphaned highlight to the text selected in the reader."""
        script = ("(function(){var s=window.getSelection(); if(!s||!s.rangeCount||s.isCollapsed) return null;"
                  "var c=document.getElementById('content')||document.body;"
                  "return JSON.stringify(window.paperdesk.offsetsFromRange(c, s.getRangeAt(0)));})()")

        def done(result: Any) -> None:
            offsets = _offsets(result)
            if offsets is None or self.store is None:
                self.statusBar().showMessage("Select the passage in the reader first, then relink.", 4000)
                return
            self.store.relink_highlight(highlight_id, self.reader.plain_text, *offsets)
            self.reader.refresh_highlights()

        if hasattr(self.reader, "selection_offsets"):
            self.reader.selection_offsets(lambda found: done(
                json.dumps({"start": found[0], "end": found[1]}) if found else None))
        else:
            self.reader.run_in_page(script, done)

    # ----- store change notifications --------------------------------------------------------------------
    def _note_change(self, kind: str, key: str) -> None:
        self._pending.append((kind, key))
        self._flush_timer.start()

    def _flush_changes(self) -> None:
        changes, self._pending = self._pending, []
        if self.store is None or self.collection is None or not changes:
            return
        kinds = {k for k, _ in changes}
        paper_keys = {e.paper_key for e in self.collection.entries}
        keys: set[str] | None = set()
        for kind, key in changes:
            if keys is None:
                break
            if kind in ("status", "tags") and key in paper_keys:
                keys.add(key)
            elif kind == "highlight" and self.collection.entry(key) is not None:
                keys.add(self.collection.entry(key).paper_key)
            elif kind in ("status", "tags", "highlight", "reload"):
                keys = None  # a tag's colour or name, a highlight of another collection, a reload
        current = self.current_entry()
        if kinds & {"status", "tags", "highlight", "reload"}:
            self.model.refresh_annotations(keys)
            if self.index is not None:
                self.index.refresh_annotations(keys)
                if self.filter_box.text().strip():
                    self.apply_filter(self.filter_box.text())
            self._refresh_known_tags()
            self._update_counts()
        if kinds & {"search", "reload"}:
            self.filter_box.set_saved_searches(self._saved_searches())
        if kinds & {"palette", "reload"}:
            self.side_panel.set_palette(self._palette())
            if "palette" in kinds and self.index is not None:   # color:<meaning> follows renames
                self.index.refresh_annotations(set())
                if self.filter_box.text().strip():
                    self.apply_filter(self.filter_box.text())
        if current is None:
            return
        touched = keys is None or current.paper_key in keys
        header = (self._status(current.paper_key), tuple(self.store.tags(current.paper_key)))
        if touched and kinds & {"status", "tags", "reload"} and header != self._shown_header:
            self._shown_header = header
            self._update_page_header(current)
        if touched and kinds & {"highlight", "palette", "reload"}:
            self.reader.refresh_highlights()
        self._update_side_panel()

    def _refresh_known_tags(self) -> None:
        if self.store is not None:
            self.side_panel.set_known_tags(list(self.store.all_tags()))

    # ----- store helpers ----------------------------------------------------------------------------------
    def _status(self, paper_key: str) -> str:
        return self.store.status(paper_key) if self.store is not None else "unread"

    def _tag_color(self, tag: str) -> str | None:
        try:
            return self.store.tag_color(tag) if self.store is not None else None
        except Exception:
            return None

    def _palette(self) -> list[tuple[str, str]]:
        try:
            return [tuple(p) for p in self.store.palette()] if self.store is not None else []
        except Exception:
            return []

    def _saved_searches(self) -> dict[str, str]:
        try:
            return dict(self.store.saved_searches()) if self.store is not None else {}
        except Exception:
            return {}

    def _store_setting(self, key: str, default: Any) -> Any:
        try:
            return self.store.setting(key, default) if self.store is not None else default
        except Exception:
            return default

    def _save_opened(self) -> None:
        if self.store is None:
            return
        try:
            if self._opened:
                self.store.set_setting("opened", dict(sorted(self._opened.items(), key=lambda kv: kv[1])[-500:]))
            if self.current_id:
                self.store.set_setting("last_entry", self.current_id)
        except Exception as exc:
            log.warning("could not save the reading position: %s", exc)


_HEX = re.compile(r"^#[0-9a-fA-F]{3,8}$")
_HEADER_JS = """function (status, tags) {
  var h = document.getElementById("entry-header"); if (!h) { return false; }
  var s = h.querySelector(".status");
  if (s) { s.textContent = status; s.className = "status status-" + status; }
  var box = h.querySelector(".entry-tags");
  if (!tags.length) { if (box) { box.remove(); } return true; }
  if (!box) { box = document.createElement("div"); box.className = "entry-tags"; h.appendChild(box); }
  box.textContent = "";
  tags.forEach(function (t) {
    var chip = document.createElement("span"); chip.className = "tag"; chip.setAttribute("data-tag", t[0]);
    if (t[1]) { var dot = document.createElement("span"); dot.className = "tag-dot";
                dot.style.background = t[1]; chip.appendChild(dot); }
    chip.appendChild(document.createTextNode(t[0])); box.appendChild(chip);
  });
  return true;
}"""


def _offsets(result: Any) -> tuple[int, int] | None:
    """Read (start, end) from what offsetsFromRange returned (JSON text): [s, e] or {start, end}."""
    try:
        if isinstance(result, str):
            result = json.loads(result) if result else None
        if isinstance(result, dict):
            start, end = int(result["start"]), int(result["end"])
        elif isinstance(result, (list, tuple)) and len(result) == 2:
            start, end = int(result[0]), int(result[1])
        else:
            return None
    except (KeyError, TypeError, ValueError):  # includes bad JSON
        return None
    return (start, end) if 0 <= start < end else None
