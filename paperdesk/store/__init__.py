"""Annotations in TinyDB: reading status, tags, highlights; durable storage and anchoring."""
