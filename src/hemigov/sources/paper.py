"""Adapter placeholder: layouts added in the adapter work."""

LAYOUTS: list = []
