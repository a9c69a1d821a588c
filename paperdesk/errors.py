"""Exceptions that carry a message meant for the user."""


class UserError(Exception):
    """A problem the user can fix (bad path, unknown entry...); shown as its message, never a traceback.

    The message is one line, or a first line followed by a short list (an ambiguous title's candidates)."""
