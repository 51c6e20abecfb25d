"""Recognisers: read report structure (meta, template, sections) from a ``Document``."""
