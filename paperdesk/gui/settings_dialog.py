"""The settings dialog: theme, zoom, automatic "reading" delay, remote images, palette meanings."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from paperdesk.gui import prefs
from paperdesk.gui.remote_bar import ENTRIES_SETTING, remote_entries
from paperdesk.gui.side_panel import swatch
from paperdesk.store import AnnotationStore, StoreReadOnly
from paperdesk.vocab import Theme, default_palette

THEME_LABELS = {Theme.AUTO: "Follow the system", Theme.LIGHT: "Light", Theme.DARK: "Dark"}
SYNC_LABEL = "Keep annotations in the collection (sync through git)"


class SyncSwitch(Protocol):
    """What the dialog asks of the window about sync (gui.window.sync_control.SyncControl)."""

    def is_on(self) -> bool: ...
    def unavailable(self) -> str | None: ...
    def request_enable(self) -> None: ...


class SettingsDialog(QDialog):
    """Edits the window preferences (QSettings) and this collection's settings (the store)."""

    def __init__(self, settings: QSettings, store: AnnotationStore | None = None, parent: QWidget | None = None,
                 *, sync: SyncSwitch | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings, self.store = settings, store
        self.refused: str | None = None   # why the collection's settings could not be saved
        layout = QVBoxLayout(self)

        app_box = QGroupBox("Appearance and reading")
        form = QFormLayout(app_box)
        self.theme = QComboBox()
        for key, label in THEME_LABELS.items():
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex(max(0, self.theme.findData(prefs.get(settings, "theme"))))
        form.addRow("Theme", self.theme)
        self.zoom = QSpinBox()
        self.zoom.setRange(50, 300)
        self.zoom.setSingleStep(10)
        self.zoom.setSuffix(" %")
        self.zoom.setValue(round(float(prefs.get(settings, "zoom")) * 100))
        form.addRow("Text size (zoom)", self.zoom)
        self.auto_reading = QCheckBox("Mark an unread entry as reading after")
        self.auto_reading.setToolTip("Counted while the window is active, once you scrolled the entry or it "
                                     "fits on the screen; never for the entry reopened at start-up")
        self.delay = QSpinBox()
        self.delay.setRange(1, 3600)
        self.delay.setSuffix(" s")
        delay = int(prefs.get(settings, "auto_reading_delay"))
        self.delay.setValue(delay if delay > 0 else int(prefs.DEFAULTS["auto_reading_delay"]))
        self.auto_reading.setChecked(prefs.auto_reading_delay(settings) > 0)
        self.delay.setEnabled(self.auto_reading.isChecked())
        self.auto_reading.toggled.connect(self.delay.setEnabled)
        reading_row = QHBoxLayout()
        reading_row.addWidget(self.auto_reading)
        reading_row.addWidget(self.delay)
        reading_row.addStretch(1)
        form.addRow("Reading status", reading_row)
        layout.addWidget(app_box)

        coll_box = QGroupBox("This collection")
        coll_form = QFormLayout(coll_box)
        self.remote = QCheckBox("Load images from the web")
        self.remote.setToolTip("Off by default: notes from the internet could track you through remote images")
        self.meanings: list[QLineEdit] = []
        palette = default_palette()
        if store is not None:
            self.remote.setChecked(bool(store.setting("allow_remote_images", False)))
            palette = [tuple(p) for p in store.palette()] or palette
        else:
            coll_box.setEnabled(False)
        coll_form.addRow("Remote images", self.remote)
        allowed = len(remote_entries(store)) if store is not None else 0
        self.forget_remote = QCheckBox(f"Block them again in the {allowed} "
                                       f"{'note' if allowed == 1 else 'notes'} allowed one by one")
        self.forget_remote.setVisible(allowed > 0)
        coll_form.addRow("", self.forget_remote)
        self._sync = sync
        self.sync_box = QCheckBox(SYNC_LABEL)
        self.sync_box.setToolTip("Like `paperdesk sync init`: the annotations move into .paperdesk/annotations.json, "
                                 "merged field by field when Git merges two clones")
        if sync is not None and sync.is_on():
            self.sync_box.setChecked(True)
            self.sync_box.setEnabled(False)
            self.sync_box.setToolTip("Sync is on: the annotations are kept in .paperdesk/annotations.json")
        elif sync is None or (why := sync.unavailable()) is not None:
            self.sync_box.setEnabled(False)
            if sync is not None:
                self.sync_box.setToolTip(why)
        coll_form.addRow("Sync", self.sync_box)
        for i, (color, meaning) in enumerate(palette):
            edit = QLineEdit(meaning)
            edit.addAction(swatch(color, 14), QLineEdit.ActionPosition.LeadingPosition)
            edit.setPlaceholderText("what this colour means")
            self.meanings.append(edit)
            coll_form.addRow(f"Colour {i + 1}", edit)
        layout.addWidget(coll_box)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """Save every setting, then close."""
        self.save()
        super().accept()

    def save(self) -> None:
        """Write the chosen values to QSettings and the store."""
        prefs.put(self.settings, "theme", self.theme.currentData())
        prefs.put(self.settings, "zoom", self.zoom.value() / 100.0)
        prefs.put(self.settings, "auto_reading", self.auto_reading.isChecked())
        prefs.put(self.settings, "auto_reading_delay", self.delay.value())
        if self.store is None:
            return
        if self._sync is not None and self.sync_box.isEnabled() and self.sync_box.isChecked():
            self._sync.request_enable()     # after the dialog closed: the store is closed and reopened
        try:
            self._save_collection(self.store)
        except StoreReadOnly as exc:   # the window's own settings are saved; tell why these were not
            self.refused = f"The collection's settings were not saved: {exc}"
            window = self.parentWidget()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(self.refused, 10000)

    def _save_collection(self, store: AnnotationStore) -> None:
        if bool(store.setting("allow_remote_images", False)) != self.remote.isChecked():
            store.set_setting("allow_remote_images", self.remote.isChecked())
        if self.forget_remote.isChecked():
            store.set_setting(ENTRIES_SETTING, [])
        current = [m for _c, m in store.palette()]
        for i, edit in enumerate(self.meanings):
            if i < len(current) and edit.text().strip() != current[i]:
                store.set_palette_meaning(i, edit.text().strip())
