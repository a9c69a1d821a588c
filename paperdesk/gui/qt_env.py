"""Qt set-up that must happen before the QApplication exists (scheme, shared GL contexts)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt

from paperdesk.gui.scheme import register_scheme


def prepare_qt() -> None:
    """Register the paperdesk: scheme and share GL contexts; call once before QApplication()."""
    if QCoreApplication.instance() is None:
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    register_scheme()
