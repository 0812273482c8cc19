"""The one error type for the caller's mistakes.

Every check in arraylens that refuses the caller's input (a bad argument, a shape that does not
fit, an index out of range, an unknown name) raises :class:`ArgumentError` or one of its
subclasses. Anything else that escapes arraylens is a bug in arraylens. The CLI relies on that
split: an :class:`ArgumentError` ends in one line and exit status 2, any other exception is
reported as an internal error (exit status 1).

The subclasses exist only so that the built-in base a caller may already catch stays the same:
a refused argument type is still a :class:`TypeError`, an index out of range still an
:class:`IndexError`, an unknown name still a :class:`KeyError` and an axis out of range still
NumPy's :class:`~numpy.exceptions.AxisError`, exactly as the libraries arraylens mirrors raise
them. Catch :class:`ArgumentError` to catch them all.
"""

from __future__ import annotations

from numpy.exceptions import AxisError

__all__ = [
    "ArgumentAxisError",
    "ArgumentError",
    "ArgumentIndexError",
    "ArgumentKeyError",
    "ArgumentOverflowError",
    "ArgumentTypeError",
]


class ArgumentError(ValueError):
    """The caller's input was refused: an argument, a shape, an index or a name.

    A :class:`ValueError`, so ``except ValueError`` keeps working. The message is one sentence
    that names the argument and the rule it breaks.

    Examples
    --------
    >>> import arraylens
    >>> try:
    ...     arraylens.cov_to_corr([[1.0, 2.0]])
    ... except arraylens.ArgumentError as exc:
    ...     print(exc)
    cov must be a square 2-D covariance matrix, got shape (1, 2)
    """


class ArgumentTypeError(ArgumentError, TypeError):
    """An argument of the wrong kind (a string where integers are needed, complex input, ...).

    Also a :class:`TypeError`, as the library being mirrored raises one for the same mistake.
    """


class ArgumentIndexError(ArgumentError, IndexError):
    """An index outside the array it addresses.

    Also an :class:`IndexError`, as Python and NumPy raise one for the same mistake.
    """


class ArgumentKeyError(ArgumentError, KeyError):
    """A name that is not known (an unknown function, operation or target).

    Also a :class:`KeyError`, as a failed lookup raises one. Unlike a plain :class:`KeyError`,
    its message prints as written, without quotes.
    """

    def __str__(self) -> str:
        return ValueError.__str__(self)


class ArgumentOverflowError(ArgumentError, OverflowError):
    """A value that does not fit the type it must become (a fill value out of the dtype's range).

    Also an :class:`OverflowError`, as NumPy and Python raise one for the same mistake.
    """


class ArgumentAxisError(ArgumentError, AxisError):
    """An axis outside the array's dimensions.

    Also NumPy's :class:`~numpy.exceptions.AxisError` (itself a :class:`ValueError` and an
    :class:`IndexError`), with NumPy's arguments and message:
    ``ArgumentAxisError(axis, ndim)`` reads "axis 2 is out of bounds for array of dimension 2".
    """
