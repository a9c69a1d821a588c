"""The export dialog (Ctrl+E): scope, target folder, options; runs the export in a worker thread."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from paperdesk.gui import icons

if TYPE_CHECKING:
    from paperdesk.collection import Collection, Entry
    from paperdesk.export import ExportReport
    from paperdesk.store import AnnotationStore


class ExportWorker(QThread):
    """Runs export_entries off the GUI thread; reports progress, then done(report) or failed(message)."""

    progressed = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, collection: Collection, store: AnnotationStore, entries: list[Entry], out_dir: Path, *,
                 single_file: bool, html_marks: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.args = (collection, store, entries, out_dir)
        self.options = {"single_file": single_file, "html_marks": html_marks}

    def run(self) -> None:
        """Export (in the worker thread)."""
        try:
            from paperdesk.export import export_entries

            report = export_entries(*self.args, progress=lambda i, n: self.progressed.emit(i, n), **self.options)
        except Exception as exc:  # shown in the dialog, never a traceback
            self.failed.emit(f"{exc}" or type(exc).__name__)
            return
        self.done.emit(report)


def describe_report(report: ExportReport) -> str:
    """Return a readable summary of an ExportReport (any dataclass or object with a useful str)."""
    if dataclasses.is_dataclass(report):
        lines = []
        for f in dataclasses.fields(report):
            value = getattr(report, f.name)
            label = f.name.replace("_", " ")
            if isinstance(value, (list, tuple, set, dict)):
                lines.append(f"{label}: {len(value)}")
                lines.extend(f"  • {item}" for item in list(value)[:20])
                if len(value) > 20:
                    lines.append(f"  … and {len(value) - 20} more")
            else:
                lines.append(f"{label}: {value}")
        return "\n".join(lines)
    return str(report)


class ExportDialog(QDialog):
    """Choose what to export and where; shows progress and the export report."""

    SCOPES = (("current", "Current entry"), ("selection", "Selected entries in the tree"),
              ("filter", "Entries matching the current filter"), ("all", "Whole collection"))

    def __init__(self, collection: Collection, store: AnnotationStore, *, current: str | None, selected: list[str],
                 filtered: list[str] | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export annotated notes")
        self.setWindowIcon(icons.icon("export"))
        self.resize(560, 420)
        self.collection, self.store = collection, store
        self._ids = {"current": [current] if current else [], "selection": list(selected),
                     "filter": list(filtered or []), "all": [e.id for e in collection.entries]}
        self.report: ExportReport | None = None
        self.worker: ExportWorker | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.scope = QComboBox()
        for key, label in self.SCOPES:
            n = len(self._ids[key])
            self.scope.addItem(f"{label} ({n:,})", key)
            if n == 0 or (key == "filter" and filtered is None):
                self.scope.model().item(self.scope.count() - 1).setEnabled(False)
        default = "selection" if len(selected) > 1 else ("filter" if filtered is not None else "all")
        self.scope.setCurrentIndex(self.scope.findData(default))
        form.addRow("Export", self.scope)
        row = QHBoxLayout()
        self.folder = QLineEdit(str(Path.home() / "paperdesk-export"))
        row.addWidget(self.folder, 1)
        browse = QPushButton(icons.icon("open"), "Choose…")
        browse.clicked.connect(self._browse)
        row.addWidget(browse)
        form.addRow("Into folder", row)
        self.single = QCheckBox("One combined Markdown file")
        form.addRow("", self.single)
        self.html_marks = QCheckBox("Mark highlights with <mark> instead of ==text==")
        form.addRow("", self.html_marks)
        layout.addLayout(form)
        self.progress = QProgressBar()
        self.progress.setValue(0)
        self.progress.hide()   # shown once an export runs: an idle "0%" says nothing
        layout.addWidget(self.progress)
        self.output = QPlainTextEdit()
        self.output.setReadOnly(True)
        self.output.setPlaceholderText("Each note is written as Markdown with its highlights marked, its tags "
                                       "and status in front matter. The report of what was written appears here.")
        layout.addWidget(self.output, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setIcon(icons.icon("export"))
        self.export_button.setDefault(True)   # Enter exports
        self.export_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def entries(self) -> list[Entry]:
        """Return the entries of the chosen scope."""
        ids = self._ids[self.scope.currentData()]
        return [e for e in (self.collection.entry(i) for i in ids) if e is not None]

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export into", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def start(self) -> None:
        """Start exporting in the background."""
        entries = self.entries()
        if not entries:
            self.output.setPlainText("Nothing to export in this scope.")
            return
        out = Path(self.folder.text()).expanduser()
        self.export_button.setEnabled(False)
        self.progress.show()
        self.progress.setRange(0, len(entries))
        self.output.setPlainText(f"Exporting {len(entries)} entries to {out} …")
        self.worker = ExportWorker(self.collection, self.store, entries, out,
                                   single_file=self.single.isChecked(), html_marks=self.html_marks.isChecked(),
                                   parent=self)
        self.worker.progressed.connect(self._progress)
        self.worker.done.connect(self._done)
        self.worker.failed.connect(self._failed)
        self.worker.start()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _finished_worker(self) -> None:
        # done/failed is the worker's last act: let its run() return before anything can delete it
        # (a QThread destroyed while running aborts the app)
        if self.worker is not None:
            self.worker.wait()

    def _done(self, report: ExportReport) -> None:
        self._finished_worker()
        self.report = report
        self.progress.setValue(self.progress.maximum())
        self.output.setPlainText("Export finished.\n\n" + describe_report(report))
        self.export_button.setEnabled(True)

    def _failed(self, message: str) -> None:
        self._finished_worker()
        self.output.setPlainText(f"Export failed: {message}")
        self.export_button.setEnabled(True)

    def done(self, result: int) -> None:  # type: ignore[override]
        """Wait for a running export before closing."""
        if self.worker is not None and self.worker.isRunning():
            self.worker.wait()
        super().done(result)
