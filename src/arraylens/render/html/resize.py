"""The interactive page of a resize: the input pixels with the output pixel centres mapped into
them, and the output pixels around the explained one; pointing at an output pixel shows its
source position, the input pixels its filter reads and their weights.

Registered for ``details["kind"] == "resize"`` (:func:`arraylens.core.explanation.register_page`).
Drawn from the explanation's details alone (``grid``: up to 16 output positions per axis around
the explained one, each with its source coordinate, taps and weights; see
:func:`arraylens.ops.resize.explain.grid_window`); the last two resized axes are drawn, one
resized axis as a single row. Needs no matplotlib.
"""

from __future__ import annotations

import itertools
import os
from functools import cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.explanation import Explanation, register_page
from arraylens.core.text import format_index
from arraylens.render.html.payload import json_for_script, page_sections, shown_sections

__all__ = ["render_resize_page", "resize_payload"]

#: At most this many input cells per drawn axis.
MAX_INPUT_CELLS = 64

_ids = itertools.count(1)


@cache
def _template() -> jinja2.Template:
    text = resources.files("arraylens.render.html").joinpath("resize.html.j2").read_text(encoding="utf-8")
    return jinja2.Environment(autoescape=True, keep_trailing_newline=True).from_string(text)


def _window(axis: dict[str, Any], source: float, in_size: int) -> list[int]:
    """``[lo, hi)`` of the input cells drawn on one axis: under the mapped centres and the taps,
    cut to :data:`MAX_INPUT_CELLS` around the explained source position."""
    pts = [*axis["source"], source]
    for taps in axis.get("taps", []):
        pts.extend(taps)
    lo = max(int(min(pts) + 0.5) - (1 if min(pts) < -0.5 else 0), -1)
    hi = min(int(max(pts) + 0.5) + 1, in_size + 1)
    lo = max(lo, -1)
    if hi - lo > MAX_INPUT_CELLS:
        lo = max(lo, int(source + 0.5) - MAX_INPUT_CELLS // 2)
        hi = lo + MAX_INPUT_CELLS
    return [lo, max(hi, lo + 1)]


def resize_payload(explanation: Explanation) -> dict[str, Any]:
    """The page data of a resize explanation.

    Raises
    ------
    ValueError
        If the explanation is not a resize's.
    """
    d = explanation.details
    if d.get("kind") != "resize":
        raise ValueError(f"{explanation.op}: not a resize explanation")
    n = len(d["in_sizes"])
    drawn = list(range(max(0, n - 2), n))
    names = list(d.get("axis_names") or [str(a) for a in d["axes"]])
    axes = []
    for k in drawn:
        g = d["grid"][k]
        axes.append({
            "name": names[k], "inSize": d["in_sizes"][k], "outSize": d["out_sizes"][k],
            "coordinate": d["coordinates"][k], "scale": d["scales"][k], "at": d["at"][k],
            "start": g["start"], "positions": g["positions"], "source": g["source"],
            "taps": g.get("taps"), "weights": g.get("weights"),
            "window": _window(g, d["source"][k], d["in_sizes"][k]),
            "formula": d["formulas"][k],
        })
    return {
        "kind": "resize",
        "op": explanation.op,
        "index": list(explanation.index),
        "value": float(explanation.value),
        "filter": d["filter"],
        "antialias": bool(d.get("antialias")),
        "axes": axes,
        "elsewhere": [{"label": e["label"], "value": e["value"], "same": e["same"], "why": e["why"],
                       "source": [e["source"][k] for k in drawn]} for e in d.get("elsewhere", [])],
        "sections": page_sections(explanation),
    }


def render_resize_page(explanation: Explanation, embedded: bool = False) -> str:
    """The resize page as a string: a whole document, or (``embedded``) one ``<div>``.

    Raises
    ------
    TypeError
        If ``explanation`` is not an :class:`~arraylens.Explanation`.
    ValueError
        If it is not a resize's, or holds NaN or infinite numbers.
    """
    if not isinstance(explanation, Explanation):
        raise ArgumentTypeError(f"render_resize_page needs an arraylens Explanation, got {type(explanation).__name__}")
    data = resize_payload(explanation)
    try:
        data_json = json_for_script(data)
    except ValueError:
        raise ArgumentError("the page cannot show this explanation: it holds NaN or infinite values") from None
    title = f"{explanation.op}: out{format_index(explanation.index)} = {explanation.format_value(explanation.value)}"
    return _template().render(
        embedded=embedded, root_id=f"arraylens-resize-{os.getpid()}-{next(_ids)}", title=title,
        summary=explanation.summary, account=str(shown_sections(explanation)), data_json=Markup(data_json),
    ).strip() + "\n"


register_page("resize", render_resize_page)
