"""``arraylens.translate``: one entry for every registered source, by family.

Transposed convolutions go to :mod:`arraylens.translate.conv_transpose` (unchanged); pads and
block rearrangements to :mod:`arraylens.translate.rearrange`; forward convolutions to
:mod:`arraylens.translate.conv` (targets torch, tensorflow, onnx); poolings to
:mod:`arraylens.translate.pool`; resizes to :mod:`arraylens.translate.resize`.
"""

from __future__ import annotations

from typing import Any

from arraylens.core.errors import ArgumentError
from arraylens.translate import conv, conv_transpose, pool, rearrange, resize

__all__ = ["SOURCES", "TARGETS", "translate"]

#: Every source op name and alias translate accepts.
SOURCES: tuple[str, ...] = tuple(sorted({*conv_transpose.SOURCES, *rearrange.SOURCES, *conv.SOURCES,
                                         *pool.SOURCES, *resize.SOURCES}))
#: Every target framework (conv targets first, then numpy for pads).
TARGETS: tuple[str, ...] = tuple(dict.fromkeys(conv_transpose.TARGETS + rearrange.TARGETS + pool.TARGETS
                                               + resize.TARGETS))


def translate(source_op: str, target_framework: str, **source_arguments: Any) -> Any:
    """The ``target_framework`` call that computes what ``source_op(**source_arguments)`` does.

    A transposed convolution gives a :class:`arraylens.translate.conv_transpose.Translation`;
    a pad or block rearrangement a :class:`arraylens.translate.rearrange.RearrangeTranslation`;
    a pooling a :class:`arraylens.translate.pool.PoolTranslation`;
    a resize a :class:`arraylens.translate.resize.ResizeTranslation`.
    See :func:`arraylens.translate.conv_transpose.translate` and
    :func:`arraylens.translate.rearrange.translate` for the arguments.

    Raises
    ------
    ValueError (ArgumentError)
        For an unknown source op (naming every known one), or what the family's translate raises.
    """
    if source_op in resize.SOURCES:
        return resize.translate(source_op, target_framework, **source_arguments)
    if source_op in rearrange.SOURCES:
        return rearrange.translate(source_op, target_framework, **source_arguments)
    if source_op in pool.SOURCES:
        return pool.translate(source_op, target_framework, **source_arguments)
    if source_op in conv_transpose.SOURCES:
        return conv_transpose.translate(source_op, target_framework, **source_arguments)
    if source_op in conv.SOURCES:
        return conv.translate(source_op, target_framework, **source_arguments)
    raise ArgumentError(f"unknown source op {source_op!r}; known: {', '.join(SOURCES)}")
