"""GUI test set-up: register the paperdesk: scheme and share GL contexts before pytest-qt's qapp."""

from __future__ import annotations

from paperdesk.gui.qt_env import prepare_qt

# Import time: runs before pytest-qt's `qapp` fixture creates the QApplication.
prepare_qt()
