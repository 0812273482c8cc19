"""What the resize front-ends share: the CLI parsers of their options."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["float_list", "floats", "optional_bool"]


def floats(what: str) -> Callable[[str], float | tuple[float, ...]]:
    """A parser: ``"2"`` -> ``2.0``; ``"1.5,2"`` -> ``(1.5, 2.0)``; ``ValueError`` naming ``what``."""

    def parse(text: str) -> float | tuple[float, ...]:
        parts = [p.strip(" ") for p in text.split(",")]
        try:
            values = tuple(float(p) for p in parts)
        except ValueError:
            raise ValueError(f"{what} must be comma-separated numbers, got {text!r}") from None
        return values[0] if len(values) == 1 else values

    return parse


def float_list(what: str) -> Callable[[str], list[float]]:
    """A parser: ``"1,1,2.5"`` -> ``[1.0, 1.0, 2.5]``; ``ValueError`` naming ``what``."""

    def parse(text: str) -> list[float]:
        value = floats(what)(text)
        return list(value) if isinstance(value, tuple) else [value]

    return parse


def optional_bool(what: str) -> Callable[[str], bool]:
    """A parser of ``true``/``false`` (also ``1``/``0``, ``yes``/``no``)."""

    def parse(text: str) -> bool:
        t = text.strip(" ").lower()
        if t in ("true", "1", "yes"):
            return True
        if t in ("false", "0", "no"):
            return False
        raise ValueError(f"{what} must be true or false, got {text!r}")

    return parse
