"""Note text in Qt widgets: always plain text; the app's own rich text only through `rich()`.

Qt guesses (`Qt.AutoText`) whether a label, tooltip or message box holds HTML, and HTML in a
label loads images from any path. Note titles, categories, tags, venues and quotes come from
the internet, so every widget that can show them is set to plain text here, tooltips are
escaped, and the one way to build rich text is `rich(template, *parts)`, which escapes each
part. Labels made by `rich_label` carry the property `paperdesk_rich` so a test can tell them
from labels that must stay plain.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QMessageBox, QWidget

RICH_PROPERTY = "paperdesk_rich"
_PLAIN = Qt.TextFormat.PlainText


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that never interprets its text as HTML."""
    label = QLabel(parent)
    label.setTextFormat(_PLAIN)
    label.setText(text)
    return label


def rich(template: str, *parts: object) -> str:
    """The app's own HTML `template` with each `{}` filled by an escaped part."""
    return template.format(*(html.escape(str(part), quote=True) for part in parts))


def rich_label(template: str, *parts: object, parent: QWidget | None = None) -> QLabel:
    """A rich-text label built by `rich()`, marked so audits know it was built safely."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText(rich(template, *parts))
    label.setProperty(RICH_PROPERTY, True)
    return label


def tip(text: str) -> str:
    """A tooltip showing `text` literally (tooltips guess rich text and cannot be told otherwise)."""
    if not text:
        return ""
    escaped = html.escape(text, quote=False).replace("\n", "<br>")
    return f"<qt>{escaped}</qt>"


def axis_label(text: str) -> str:
    """A chart axis or legend label (QtCharts draws those as HTML) showing `text` literally."""
    return html.escape(text, quote=False)


def menu_text(text: str) -> str:
    """A menu or button text showing `text` literally ('&' would make a mnemonic)."""
    return text.replace("&", "&&")


def message_box(icon: QMessageBox.Icon, title: str, text: str, parent: QWidget | None = None,
                buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok) -> QMessageBox:
    """A message box whose text is plain text."""
    box = QMessageBox(icon, title, "", buttons, parent)
    box.setTextFormat(_PLAIN)
    box.setText(text)
    return box


def _plain_dialog(parent: QWidget | None, title: str, label: str) -> QInputDialog:
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    for child in dialog.findChildren(QLabel):
        child.setTextFormat(_PLAIN)
    return dialog


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> tuple[str, bool]:
    """QInputDialog.getText with a plain-text label."""
    dialog = _plain_dialog(parent, title, label)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setTextValue(text)
    ok = dialog.exec() == QInputDialog.DialogCode.Accepted
    return dialog.textValue(), ok


def ask_multiline(parent: QWidget | None, title: str, label: str, text: str = "") -> tuple[str, bool]:
    """QInputDialog.getMultiLineText with a plain-text label."""
    dialog = _plain_dialog(parent, title, label)
    dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
    dialog.setTextValue(text)
    # Enter makes a new line in the note; Ctrl+Enter confirms, as in every dialog of the app.
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        QShortcut(QKeySequence(keys), dialog, dialog.accept)
    ok = dialog.exec() == QInputDialog.DialogCode.Accepted
    return dialog.textValue(), ok


def ask_item(parent: QWidget | None, title: str, label: str, items: list[str]) -> tuple[str, bool]:
    """QInputDialog.getItem (not editable) with a plain-text label."""
    dialog = _plain_dialog(parent, title, label)
    dialog.setComboBoxItems(items)
    dialog.setComboBoxEditable(False)
    ok = dialog.exec() == QInputDialog.DialogCode.Accepted
    return dialog.textValue(), ok
