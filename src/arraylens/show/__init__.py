"""Figures (matplotlib). Every function returns a ``matplotlib.figure.Figure``; none shows it."""

from arraylens.show.overlay import overlay

__all__ = ["overlay"]
