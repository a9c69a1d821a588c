"""Annotated notes out to Markdown that other tools read."""

from paperdesk.export.exporter import ExportReport, export_entries

__all__ = ["ExportReport", "export_entries"]
