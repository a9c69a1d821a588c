"""Markdown files to paper entries: discovery, decoding, layout detection, metadata, ids."""
