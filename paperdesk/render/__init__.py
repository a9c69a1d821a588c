"""Entries to safe HTML: Markdown, math, code, images, sanitising."""
