"""Figures (matplotlib). Every function returns a ``matplotlib.figure.Figure``; none shows it.

- :func:`overlay`: the scatter view of a transposed convolution;
- :func:`direct_view`: the same result as a correlation with the rotated kernel;
- :func:`kernels` (module ``weights``): a grid of convolution kernels for any weight layout;
- :func:`display_range`: values mapped into 0..1 with a center at 0.5;
- :func:`spanning_tree`: a correlation minimum spanning tree;
- :func:`blocks`: the source map of a block rearrangement (depth_to_space DCR against CRD);
- :func:`source_map`: a padding's plane, each cell labelled by the input index it reads;
- :func:`pooling`: a pooling's windows on the input plane (padding and ceil extension hatched)
  beside the output, with the winner or the divisor.
- :func:`sampling_grid`: where a resize samples its input (``compare=``: two conventions).
"""

from arraylens.render.figures.blocks import blocks
from arraylens.render.figures.direct import direct_view
from arraylens.render.figures.overlay import overlay
from arraylens.render.figures.padding import source_map
from arraylens.render.figures.pooling import pooling
from arraylens.render.figures.sampling import sampling_grid
from arraylens.render.figures.scale import display_range
from arraylens.render.figures.spanning_tree import spanning_tree
from arraylens.render.figures.weights import LayoutWarning, guess_layouts, kernels

__all__ = [
    "LayoutWarning",
    "blocks",
    "direct_view",
    "display_range",
    "guess_layouts",
    "kernels",
    "overlay",
    "pooling",
    "sampling_grid",
    "source_map",
    "spanning_tree",
]
