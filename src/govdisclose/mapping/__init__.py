"""Mapping: table grids and table-like lines → canonical cells, through the label catalogue."""
