"""Qt set-up that must happen before the QApplication exists (scheme, shared GL contexts, sandbox as root)."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, Qt

from paperdesk.gui.scheme import register_scheme
from paperdesk.platform_check import disable_sandbox_for_root


def prepare_qt() -> None:
    """Register the paperdesk: scheme and share GL contexts; call once before QApplication().

    Run as root, QtWebEngine's sandbox is switched off with one line on stderr saying why.
    """
    note = disable_sandbox_for_root(os.environ, os.geteuid() if hasattr(os, "geteuid") else None)
    if note:
        print(f"paperdesk: {note}", file=sys.stderr)
    if QCoreApplication.instance() is None:
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    register_scheme()
