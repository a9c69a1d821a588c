"""Qt set-up that must happen before the QApplication exists (scheme, shared GL contexts)."""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QCoreApplication, Qt

from paperdesk.gui.scheme import register_scheme

_PINNED = False


def pin_singletons() -> None:
    """Make None/True/False effectively immortal on Python < 3.12 (a PySide6 6.12 refcount bug).

    The PySide6 6.12 wheels are built against 3.12 headers, where `Py_RETURN_NONE/TRUE/FALSE`
    no longer take a reference (those objects are immortal there). On 3.11 every such return
    (processEvents(), emit(), a slot returning None...) drops one reference too many and the
    interpreter aborts with "deallocating None/True/False" once the count reaches zero. Adding
    a large count once, as 3.12 does, keeps them alive for the life of the process.
    """
    global _PINNED
    if _PINNED or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40
    _PINNED = True


def prepare_qt() -> None:
    """Register the paperdesk: scheme and share GL contexts; call once before QApplication()."""
    pin_singletons()
    if QCoreApplication.instance() is None:
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    register_scheme()


pin_singletons()  # as early as possible: importing this module is the first step of every GUI path
