"""The interactive, self-contained HTML page of an explanation.

One file, no network: the data is JSON inside the page, the pictures are SVG drawn by a small
inline script (:file:`page.html.j2`, a Jinja2 template). For a transposed convolution, pointing
at an output cell highlights the input cells and kernel taps that feed it and shows the sum with
its numbers; pointing at an input cell shows every output it reaches; a slider steps through the
overlay one input element at a time; a switch shows the direct-convolution view. Above them, the
explained element's true sum stands next to the sum a reader who forgets the 180-degree kernel
rotation expects (``details["forgotten_rotation"]``, see :mod:`arraylens.ops.conv.rotation`). Any
other explanation gets its account and its table of terms. The page is chosen by
``details["kind"]`` and drawn from the explanation's details alone; writing it needs no
matplotlib.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.explanation import Explanation, page_renderer, register_page
from arraylens.core.files import atomic_write
from arraylens.core.text import format_factor, format_index, format_number, format_ref
from arraylens.ops.conv.rotation import ForgottenRotation
from arraylens.render.html.payload import conv_transpose_payload, generic_payload, pool_payload, shown_sections
from arraylens.render.html.payload import json_for_script as _json_for_script

__all__ = ["page_data", "render_page", "write_page"]

_ids = itertools.count(1)


@cache
def _template() -> jinja2.Template:
    text = resources.files("arraylens.render.html").joinpath("page.html.j2").read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, keep_trailing_newline=True)
    return env.from_string(text)


_PAYLOADS: dict[str, Callable[[Explanation], dict[str, Any]]] = {
    "conv_transpose": conv_transpose_payload,
    "pool": pool_payload,
}
"""The page data of each ``details["kind"]`` with its own page; every other kind gets the
generic page (its account and its terms)."""


def page_data(explanation: Explanation) -> dict[str, Any]:
    """The JSON data the page ships, chosen by ``details["kind"]`` (see
    :mod:`arraylens.render.html.payload`)."""
    kind = explanation.details.get("kind")
    payload = _PAYLOADS.get(kind, generic_payload) if isinstance(kind, str) else generic_payload
    return payload(explanation)


def render_page(explanation: Explanation, *, embedded: bool = False) -> str:
    """The page as a string: a whole document, or (``embedded``) one ``<div>`` for Jupyter.

    Raises
    ------
    TypeError
        If ``explanation`` is not an :class:`~arraylens.Explanation`.
    ValueError
        If the explanation holds NaN or infinite numbers (JSON cannot carry them).
    """
    if not isinstance(explanation, Explanation):
        raise ArgumentTypeError(
            f"render_page needs an arraylens Explanation, got {type(explanation).__name__}"
        )
    data = page_data(explanation)
    try:
        data_json = _json_for_script(data)
    except ValueError:
        raise ArgumentError(
            "the page cannot show this explanation: it holds NaN or infinite values"
        ) from None
    title = f"{explanation.op}: {format_ref('out', explanation.index)} = " \
            f"{explanation.format_value(explanation.value)}"
    generic = data.get("kind") == "generic"
    rotation = explanation.details.get("forgotten_rotation")
    rotation_view = None
    if isinstance(rotation, ForgottenRotation):
        oname = rotation.names[2]
        at = f"{oname}{format_index(rotation.index)}"
        rotation_view = {
            "headline": rotation.headline(),
            "changes": rotation.changes_anything,
            "value": format_number(rotation.value),
            "wrong_value": format_number(rotation.wrong_value),
            "true_line": f"{at} = {rotation.true_line()}",
            "wrong_line": rotation.wrong_line(),
            "pairs": rotation.pair_lines(),
        }
    html = _template().render(
        rotation=rotation_view,
        embedded=embedded,
        root_id=f"arraylens-{os.getpid()}-{next(_ids)}",
        title=title,
        summary=explanation.summary,
        window_note=(data.get("window") or {}).get("note"),
        account=str(shown_sections(explanation)),
        sections=shown_sections(explanation).sections if generic else (),
        sum_line=sum_line(explanation) if generic else "",
        data_json=Markup(data_json),
    )
    return html.strip() + "\n"


def sum_line(explanation: Explanation, limit: int = 12) -> str:
    """The value as the sum of its products, ``out[0, 1] = (5)(1) + (6)(-1) = -1`` (at most
    ``limit`` products, then how many more); ``""`` for an explanation without terms."""
    terms = explanation.terms
    if not terms:
        return ""
    write = explanation.format_value
    products = " + ".join(
        f"({write(t.input_value)})({write(t.weight_value)})" for t in terms[:limit]
    )
    if len(terms) > limit:
        products += f" + ... ({len(terms) - limit} more)"
    if explanation.offset:
        products += f" + {format_factor(explanation.offset)}"
    return f"{format_ref('out', explanation.index)} = {products} = {write(explanation.value)}"


def _page(explanation: Explanation, embedded: bool) -> str:
    return render_page(explanation, embedded=embedded)


def write_page(explanation: Explanation, path: str | os.PathLike[str]) -> Path:
    """Write the self-contained page of ``explanation`` to ``path`` (UTF-8); returns the path.

    The page is written atomically (:func:`arraylens.core.files.atomic_write`).

    Raises
    ------
    ArgumentError
        If ``path`` is a folder, a device node, a FIFO or a socket, or its folder is missing.
    OSError
        If the file cannot be written (an older page there is left as it was).
    """
    out = Path(path)
    if not isinstance(explanation, Explanation):
        raise ArgumentTypeError(f"write_page needs an arraylens Explanation, got {type(explanation).__name__}")
    html = page_renderer(explanation.details.get("kind"))(explanation, False)  # a kind's own page (resize)
    with atomic_write(out) as fh:
        fh.write(html)
    return out


# Explanation.to_html and _repr_html_ find the page here (one renderer; page_data picks by kind)
register_page(None, _page)

# the resize page registers itself for details["kind"] == "resize"
from arraylens.render.html import resize as _resize  # noqa: E402,F401
