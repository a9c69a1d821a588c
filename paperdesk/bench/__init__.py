"""Benchmarks: synthetic collections and the figures of `paperdesk bench`."""
