"""What a reader who forgets the 180-degree kernel rotation computes for a transposed convolution.

Seen as a direct convolution, a transposed convolution correlates the zero-inserted input with the
kernel rotated by 180 degrees: the input element the output's window meets at offset ``o`` is
multiplied by original tap ``kernel - 1 - o``. A reader who slides the *unrotated* kernel pairs
each input element of the sum with the mirrored tap instead, and expects a different number. That
product is computed for real too, but it is added at another output position: input position
``p`` times tap ``m`` lands at full position ``p * stride + m * dilation``.

:func:`mistaken_pairing` lists those pairings for one output element of a
:class:`~arraylens.ops.conv.geometry.ConvTransposeGeometry`, with the sum the reader expects and
where each mistaken product really lands; the plan's explanation carries them in
``details["forgotten_rotation"]`` (read back with :func:`forgotten_rotation`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from arraylens.core.explanation import Explanation, Term, exact_sum
from arraylens.core.text import format_factor, format_index, format_number, format_position, join_ints
from arraylens.ops.conv.geometry import ConvTransposeGeometry


@dataclass(frozen=True)
class MistakenPair:
    """One term paired with the mirrored tap: ``x_index`` with ``w_index`` instead of
    ``true_w_index``; the product lands at ``lands_at`` (canonical full-grid position; output
    position ``lands_at - crop begin``) in the copy of input position ``position``."""

    x_index: tuple[int, ...]
    x_value: float
    w_index: tuple[int, ...]
    w_value: float
    true_w_index: tuple[int, ...]
    true_value: float
    position: tuple[int, ...]
    lands_at: tuple[int, ...]
    output_position: tuple[int, ...]

    @property
    def product(self) -> float:
        return self.x_value * self.w_value


@dataclass(frozen=True)
class ForgottenRotation:
    """The pairings of an output element's terms with the mirrored taps, and their sum."""

    op: str
    index: tuple[int, ...]
    value: float
    pairs: tuple[MistakenPair, ...]
    wrong_value: float
    offset: float
    explained_position: tuple[int, ...]
    names: tuple[str, str, str]
    same_products: bool = False

    @property
    def changes_anything(self) -> bool:
        """False when every mirrored tap is the tap itself (e.g. a 1x1 kernel)."""
        return any(p.w_index != p.true_w_index for p in self.pairs)

    def headline(self) -> str:
        """One sentence: the sum the reader expects next to the true one."""
        _, _, oname = self.names
        at = join_ints(self.index)
        if not self.changes_anything:
            return (
                f"Forgetting the 180-degree kernel rotation changes no pairing here: "
                f"{oname}[{at}] = {format_number(self.value)} either way."
            )
        if self.same_products:
            return (
                f"Forgetting the 180-degree kernel rotation pairs the inputs with other kernel elements, which "
                f"happen to give the same {format_number(self.value)} here: they are the same "
                f"products (equal inputs, or mirrored kernel elements holding equal values); with other "
                f"values the sums differ."
            )
        if format_number(self.wrong_value) == format_number(self.value):
            return (
                f"Forgetting the 180-degree kernel rotation pairs the inputs with other kernel elements, which "
                f"happen to give the same {format_number(self.value)} here; with other values the "
                f"sums differ."
            )
        return (
            f"Forgetting the 180-degree kernel rotation gives {format_number(self.wrong_value)}; "
            f"the true {oname}[{at}] is {format_number(self.value)}."
        )

    def _sum_line(self, true: bool, limit: int) -> str:
        xname, wname, _ = self.names
        shown = self.pairs[:limit]
        factors = " + ".join(
            f"{xname}{format_index(p.x_index)} × {wname}{format_index(p.true_w_index if true else p.w_index)}"
            for p in shown
        )
        products = " + ".join(
            f"({format_number(p.x_value)})"
            f"({format_number(p.true_value if true else p.w_value)})"
            for p in shown
        )
        more = f" + ... ({len(self.pairs) - limit} more)" if len(self.pairs) > limit else ""
        bias = f" + bias {format_factor(self.offset)}" if self.offset else ""
        total = self.value if true else self.wrong_value
        if not self.pairs:
            return f"no terms{bias} = {format_number(total)}"
        return f"{factors}{more}{bias} = {products}{more}{bias} = {format_number(total)}"

    def true_line(self, limit: int = 8) -> str:
        """The true pairing: each input element with its own (rotated-view) tap."""
        return self._sum_line(True, limit)

    def wrong_line(self, limit: int = 8) -> str:
        """The pairing with the unrotated kernel, and the sum it gives."""
        return self._sum_line(False, limit)

    def pair_lines(self, limit: int = 12) -> list[str]:
        """``x[..] = v with w[mirrored] = u: (v)(u) = p, added at out position q`` per term."""
        xname, wname, _ = self.names
        lines = []
        for p in self.pairs[:limit]:
            where = (
                f"the same position {format_position(p.output_position)}"
                if p.output_position == self.explained_position
                else f"output position {format_position(p.output_position)}, not "
                f"{format_position(self.explained_position)}"
            )
            lines.append(
                f"{xname}{format_index(p.x_index)} = {format_number(p.x_value)} with "
                f"{wname}{format_index(p.w_index)} = {format_number(p.w_value)} (the true kernel element is "
                f"{wname}{format_index(p.true_w_index)}): ({format_number(p.x_value)})"
                f"({format_number(p.w_value)}) = {format_number(p.product)}, which the "
                f"transposed convolution adds at {where}"
            )
        if len(self.pairs) > limit:
            lines.append(f"... ({len(self.pairs)} pairings in all)")
        return lines




def mistaken_pairing(
    geometry: ConvTransposeGeometry, index: tuple[int, ...], value: float, offset: float,
    terms: Sequence[Term],
) -> ForgottenRotation:
    """The pairings of one output element's terms with the mirrored taps, and their sum.

    Parameters
    ----------
    geometry : ConvTransposeGeometry
        The transposed convolution.
    index : tuple of int
        The output element, in the caller's output layout.
    value, offset : float
        The element's value and its bias.
    terms : sequence of Term
        The element's products, indices in the caller's layouts.

    Returns
    -------
    ForgottenRotation
        ``wrong_value`` is the sum of the mistaken products plus ``offset``, computed with an
        exactly rounded sum and rounded to the result's dtype (so it overflows where the
        framework's sum would); ``same_products`` says the mistaken products are the true ones
        in another order (equal inputs, or symmetric taps).
    """
    lx, lw, lo = geometry.x_map, geometry.w_map, geometry.out_map
    nd = geometry.ndim
    kernel = np.array(geometry.kernel)
    stride, dilation = np.array(geometry.spec.stride), np.array(geometry.spec.dilation)
    begin = np.array([b for b, _ in geometry.spec.crop])
    if terms:
        w_canon = np.array([lw.index_to_canonical(t.weight_index) for t in terms])
        x_canon = np.array([lx.index_to_canonical(t.input_index) for t in terms])
    else:
        w_canon = np.zeros((0, nd + 2), dtype=np.int64)
        x_canon = np.zeros((0, nd + 2), dtype=np.int64)
    mirrored = w_canon.copy()
    mirrored[:, :nd] = kernel - 1 - w_canon[:, :nd]
    w_values = geometry.w[tuple(mirrored.T)] if len(terms) else np.zeros(0)
    positions = x_canon[:, 1:-1]
    lands = positions * stride + mirrored[:, :nd] * dilation
    out_pos = lands - begin
    explained = lo.index_to_canonical(index)[1:-1]
    pairs = tuple(
        MistakenPair(
            x_index=t.input_index,
            x_value=t.input_value,
            w_index=lw.index_from_canonical(tuple(m)),
            w_value=float(wv),
            true_w_index=t.weight_index,
            true_value=t.weight_value,
            position=tuple(int(v) for v in p),
            lands_at=tuple(int(v) for v in land),
            output_position=tuple(int(v) for v in q),
        )
        for t, m, wv, p, land, q in zip(
            terms, mirrored, w_values, positions, lands, out_pos, strict=True
        )
    )
    # summed as the framework would: exactly, then rounded to the result's dtype (an exact
    # -2e39 is float32's -inf)
    dtype = np.result_type(geometry.x, geometry.w)
    with np.errstate(over="ignore"):
        wrong = float(dtype.type(exact_sum([p.product for p in pairs] + [offset])))
    same = sorted(p.product for p in pairs) == sorted(t.product for t in terms)
    return ForgottenRotation(
        op=geometry.op,
        index=tuple(index),
        value=float(value),
        pairs=pairs,
        wrong_value=wrong,
        offset=float(offset),
        explained_position=tuple(int(v) for v in explained),
        names=geometry.names,
        same_products=same and bool(pairs),
    )


def forgotten_rotation(explanation: Explanation) -> ForgottenRotation | None:
    """The mirrored-tap pairings a transposed convolution's explanation carries (else ``None``).

    :meth:`~arraylens.ops.conv.plan.ConvTransposePlan.explain` computes them once, with
    :func:`mistaken_pairing`, into ``details["forgotten_rotation"]``; this reads them back.
    """
    found = explanation.details.get("forgotten_rotation")
    return found if isinstance(found, ForgottenRotation) else None
