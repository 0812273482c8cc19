"""Padding: a source-index map per mode (reflect, symmetric, wrap, edge) or a fill."""
