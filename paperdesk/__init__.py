"""paperdesk: a desktop reader and annotator for paper-reading notes."""

__version__ = "0.1.0"
