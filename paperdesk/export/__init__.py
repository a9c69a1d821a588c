"""Annotated notes out to Markdown that other tools read."""
