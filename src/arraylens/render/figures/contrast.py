"""Readable numbers on coloured cells: black or white text chosen by the cell's luminance.

The rule is WCAG 2's: the relative luminance ``L`` of an sRGB colour, and the contrast ratio
``(L1 + 0.05) / (L2 + 0.05)`` of two colours. The text takes whichever of black and white
contrasts more with its cell.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.image import AxesImage
from matplotlib.text import Text


def relative_luminance(color: object) -> float:
    """WCAG 2 relative luminance (0 black .. 1 white) of a matplotlib colour."""
    rgb: np.ndarray = np.asarray(to_rgb(color))  # type: ignore[arg-type]
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def contrast_ratio(a: object, b: object) -> float:
    """WCAG 2 contrast ratio of two colours, 1 (none) .. 21 (black on white)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_color_on(background: object) -> str:
    """``"black"`` or ``"white"``, whichever contrasts more with ``background``."""
    lum = relative_luminance(background)
    # black's ratio (lum + 0.05) / 0.05 beats white's 1.05 / (lum + 0.05) above lum ~0.179
    return "black" if (lum + 0.05) ** 2 > 0.05 * 1.05 else "white"


def annotate_cells(
    ax: Axes,
    image: AxesImage,
    values: np.ndarray,
    text: Callable[[float], str],
    **kwargs: object,
) -> list[Text]:
    """Write ``text(v)`` at the centre of each cell of ``image`` in a colour readable on it.

    ``values`` is the 2-d array the image shows (row ``r``, column ``c`` at ``(c, r)``).
    """
    grid = np.atleast_2d(values)
    colors = image.to_rgba(grid)
    return [
        ax.text(c, r, text(float(grid[r, c])), ha="center", va="center",
                color=text_color_on(tuple(colors[r, c, :3])), **kwargs)  # type: ignore[arg-type]
        for r, c in np.ndindex(*grid.shape)
    ]
