"""Tree expansion that follows the filter: every group open for a narrow result, the user's groups back after."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeView

from paperdesk.gui.navigator.tree_model import EntryTreeModel


class FilterExpansion:
    """Opens every group while a filter leaves few entries, and gives the tree back the groups the
    user had open once the filter leaves many again (or is cleared).

    Without this, groups opened for a narrow filter stay open when the query widens, and every
    later keystroke makes the view lay out thousands of entry rows.
    """

    def __init__(self, view: QTreeView, model: EntryTreeModel, limit: int = 400) -> None:
        self.view = view
        self.model = model
        self.limit = limit
        self._saved: tuple[str, list[tuple[str, ...]]] | None = None

    def before_filter(self, shown: int | None) -> None:
        """Call before the model's filter changes; `shown` is how many entries it will keep (None: all)."""
        if shown is not None and shown <= self.limit and self._saved is None:
            model = self.model
            paths = [model.group_path(i) for i in model.group_indexes() if self.view.isExpanded(i)]
            self._saved = (model.grouping(), [p for p in paths if p])

    def after_filter(self, shown: int | None) -> None:
        """Call after the filter changed: open everything for a narrow result, else restore the user's groups."""
        if shown is not None and shown <= self.limit:
            self.view.expandAll()
            return
        saved, self._saved = self._saved, None
        if saved is None:
            return
        grouping, paths = saved
        if grouping != self.model.grouping():
            return
        self.view.collapseAll()
        for path in paths:
            index = self.model.index_for_group(path)
            if index.isValid():
                self.view.expand(index)

    def forget(self) -> None:
        """Drop the remembered groups (the window chose a new expansion itself)."""
        self._saved = None
