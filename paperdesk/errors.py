"""Exceptions that carry a one-line message meant for the user."""


class UserError(Exception):
    """A problem the user can fix (bad path, unknown entry...); shown as one line, never a traceback."""
