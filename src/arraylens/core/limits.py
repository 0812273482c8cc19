"""Resource limits: refuse an allocation before making it, with one line naming the shape and size.

Every array arraylens allocates whose size the caller controls (a convolution's result, an
explicitly padded input, an FFT's length, an array read from a file) is first compared with a
limit: the machine's available memory (``MemAvailable`` in ``/proc/meminfo``, else
``os.sysconf``), or the ``ARRAYLENS_MAX_BYTES`` environment variable when it is set. An
allocation over the limit raises :class:`ResourceError` instead of exhausting the machine or
ending in a traceback.

A ``.npy`` or ``.npz`` file is checked from its header, before any of its data is read: a
192-byte file whose header claims 10**11 elements is refused without allocating them.
"""

from __future__ import annotations

import math
import os
import re
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np

from arraylens.core.errors import ArgumentError

__all__ = [
    "MAX_BYTES_ENV",
    "ResourceError",
    "check_allocation",
    "check_allocations",
    "check_array_file",
    "format_bytes",
    "max_bytes",
    "surely_fits",
]

MAX_BYTES_ENV = "ARRAYLENS_MAX_BYTES"

_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


class ResourceError(ArgumentError, MemoryError):
    """An allocation refused because it needs more memory than arraylens may use.

    Both an :class:`~arraylens.core.errors.ArgumentError` (the caller asked for it and can
    change the arguments) and a :class:`MemoryError` (what NumPy raises when it cannot
    allocate), so code catching either keeps working. The message names what was to be
    allocated, its shape, its size and the limit.
    """


def format_bytes(n: int | float) -> str:
    """``3999999999996`` -> ``'3.64 TiB'``: a byte count in binary units, three digits.

    Parameters
    ----------
    n : int or float
        A number of bytes.

    Returns
    -------
    str
    """
    value = float(n)
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if abs(value) < 1024 or unit == "PiB":
            return f"{int(value)} bytes" if unit == "bytes" else f"{value:.3g} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def _available_memory() -> int | None:
    """The memory the system can give now without swapping, or None if it cannot be read."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        return None


def max_bytes() -> tuple[int | None, str]:
    """The most bytes one allocation may take, and where that limit comes from.

    Returns
    -------
    limit : int or None
        ``ARRAYLENS_MAX_BYTES`` when set (a whole number of bytes, optionally with a binary
        suffix: ``512M``, ``2G``), else the machine's available memory, else None (no limit
        known).
    source : str
        Words for messages: where the limit comes from and how to change it.

    Raises
    ------
    ArgumentError
        If ``ARRAYLENS_MAX_BYTES`` is set to something that is not a size.
    """
    raw = os.environ.get(MAX_BYTES_ENV, "").strip()
    if raw:
        match = re.fullmatch(r"([0-9]+)\s*([kmgtKMGT]?)(?:i?[bB])?", raw)
        if match is None:
            raise ArgumentError(
                f"{MAX_BYTES_ENV}={raw!r} is not a size: give a whole number of bytes, optionally "
                "with K, M, G or T (e.g. 2G)"
            )
        return int(match[1]) * _UNITS[match[2].lower()], f"set by {MAX_BYTES_ENV}"
    available = _available_memory()
    return available, f"the memory available now; {MAX_BYTES_ENV} sets another limit"


# The last reading of the available memory: (monotonic time, bytes). A request below
# 1/_SMALL_SHARE of a reading younger than _FRESH_S seconds is accepted without reading
# /proc/meminfo again (a file read costs more than a small computation): the answer could only
# differ if the available memory fell by that factor within that time.
_LAST_READING: list[tuple[float, int]] = []
_FRESH_S = 1.0
_SMALL_SHARE = 8


def _surely_fits(nbytes: int) -> bool:
    """True when ``nbytes`` is far below a fresh reading of the available memory and no
    ``ARRAYLENS_MAX_BYTES`` is set (then :func:`max_bytes` need not be asked)."""
    if not _LAST_READING or os.environ.get(MAX_BYTES_ENV, "").strip():
        return False
    when, available = _LAST_READING[0]
    return nbytes * _SMALL_SHARE <= available and time.monotonic() - when < _FRESH_S


def surely_fits(nbytes: int) -> bool:
    """Whether ``nbytes`` certainly passes :func:`check_allocation` without reading the limit.

    For a caller that knows its arrays' bytes in advance (a cached plan): True when the bytes are
    far below a reading of the available memory less than a second old and no
    ``ARRAYLENS_MAX_BYTES`` is set; otherwise False, and the caller runs
    :func:`check_allocation` / :func:`check_allocations`, which read the limit and refuse with
    their message.
    """
    return _surely_fits(nbytes)


def _limit() -> tuple[int | None, str]:
    """:func:`max_bytes`, remembering a reading of the available memory for :func:`_surely_fits`."""
    limit, source = max_bytes()
    if limit is not None and not os.environ.get(MAX_BYTES_ENV, "").strip():
        _LAST_READING[:] = [(time.monotonic(), limit)]
    return limit, source


def check_allocation(shape: Sequence[int], dtype: Any, what: str) -> int:
    """Refuse to allocate an array of ``shape`` and ``dtype`` that exceeds :func:`max_bytes`.

    Call it before allocating an array whose size the caller controls.

    Parameters
    ----------
    shape : sequence of int
        The array's shape (Python integers: the size is computed exactly, without overflow).
    dtype : dtype-like
        The array's element type.
    what : str
        What the array is, for the message (e.g. ``"the result of tf.nn.conv2d_transpose"``).

    Returns
    -------
    int
        The bytes the array needs.

    Raises
    ------
    ResourceError
        If the array needs more bytes than the limit: one line naming ``what``, the shape, the
        size and the limit.

    Examples
    --------
    >>> import os
    >>> os.environ["ARRAYLENS_MAX_BYTES"] = "1M"
    >>> check_allocation((256, 256), "float64", "a test array")
    524288
    >>> try:
    ...     check_allocation((1000, 1000), "float64", "a test array")
    ... except ResourceError as exc:
    ...     print(exc.args[0][:60])
    a test array of shape (1000, 1000) (float64) needs 7.63 MiB,
    >>> del os.environ["ARRAYLENS_MAX_BYTES"]
    """
    dt = np.dtype(dtype)
    dims = tuple(int(v) for v in shape)
    nbytes = math.prod(dims) * dt.itemsize
    if _surely_fits(nbytes):
        return nbytes
    limit, source = _limit()
    if limit is not None and nbytes > limit:
        raise ResourceError(
            f"{what} of shape {dims} ({dt}) needs {format_bytes(nbytes)}, more than the "
            f"{format_bytes(limit)} arraylens may use ({source})"
        )
    return nbytes


def check_allocations(parts: Sequence[tuple[str, Sequence[int], Any]], what: str, nbytes: int | None = None) -> int:
    """Refuse a computation whose arrays, held at the same time, exceed :func:`max_bytes`.

    Parameters
    ----------
    parts : sequence of (str, shape, dtype)
        Each array the computation holds at its peak: what it is, its shape and dtype.
    what : str
        The computation, for the message (e.g. ``"tf.nn.conv2d"``).
    nbytes : int, optional
        The bytes ``parts`` need together, when the caller worked them out before (a prepared
        call, whose parts never change): a request far below a fresh reading of the available
        memory is then accepted without adding the sizes up again; otherwise the parts are
        checked as without it (the same limit, the same message).

    Returns
    -------
    int
        The bytes the arrays need together.

    Raises
    ------
    ResourceError
        If they need more than the limit: one line naming each array's shape and size, the
        total and the limit.
    """
    if nbytes is None:  # (the sizes alone: the shapes' tuples are made only for a message)
        nbytes = sum(math.prod(map(int, shape)) * np.dtype(dt).itemsize for _, shape, dt in parts)
    if _surely_fits(nbytes):
        return nbytes
    sized = [(name, tuple(int(v) for v in shape), np.dtype(dt)) for name, shape, dt in parts]
    sizes = [math.prod(shape) * dt.itemsize for _, shape, dt in sized]
    total = sum(sizes)
    limit, source = _limit()
    if limit is not None and total > limit:
        listed = ", ".join(
            f"{name} {shape} ({dt}) {format_bytes(n)}" for (name, shape, dt), n in zip(sized, sizes, strict=True)
        )
        raise ResourceError(
            f"{what} needs {format_bytes(total)} ({listed}), more than the {format_bytes(limit)} "
            f"arraylens may use ({source})"
        )
    return total


def _npy_header(fh: IO[bytes]) -> tuple[tuple[int, ...], np.dtype[Any]]:
    """Shape and dtype from the header of the ``.npy`` stream ``fh`` (no data is read)."""
    version = np.lib.format.read_magic(fh)
    if version == (1, 0):
        shape, _, dtype = np.lib.format.read_array_header_1_0(fh)
    else:  # 2.0, and 3.0 (the same layout, UTF-8: ASCII headers read alike)
        shape, _, dtype = np.lib.format.read_array_header_2_0(fh)
    return tuple(int(v) for v in shape), dtype


def _check_header(shape: tuple[int, ...], dtype: np.dtype[Any], data_bytes: int, what: str) -> None:
    """The size a header claims, against the limit and against the data that follows it."""
    nbytes = check_allocation(shape, dtype, what)
    if not dtype.hasobject and nbytes > data_bytes:
        raise ArgumentError(
            f"{what} is truncated or its header lies: the header claims shape {shape} ({dtype}, "
            f"{format_bytes(nbytes)}) but only {format_bytes(max(data_bytes, 0))} of data follow it"
        )


def check_array_file(path: str | os.PathLike[str], what: str = "array") -> None:
    """Check a ``.npy`` or ``.npz`` file's headers against :func:`max_bytes` before loading it.

    Only the headers are read: the magic string, the shape and the dtype of each array.

    Parameters
    ----------
    path : str or path-like
        A ``.npy`` or ``.npz`` file (other suffixes are not checked).
    what : str
        What the array is, for messages.

    Raises
    ------
    ResourceError
        If an array in the file would need more memory than the limit.
    ArgumentError
        If a header claims more data than the file holds, or a ``.npz`` file is not a zip
        archive. A header that cannot be read is left for the loader to report (it names the
        problem in its own words).
    """
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        if suffix == ".npy":
            with p.open("rb") as fh:
                shape, dtype = _npy_header(fh)
                data_bytes = p.stat().st_size - fh.tell()
            _check_header(shape, dtype, data_bytes, f"{what} in {p}")
        elif suffix == ".npz":
            with zipfile.ZipFile(p) as zf:
                for info in zf.infolist():
                    if not info.filename.endswith(".npy"):
                        continue
                    with zf.open(info) as fh:
                        shape, dtype = _npy_header(fh)
                        data_bytes = info.file_size - fh.tell()
                    _check_header(shape, dtype, data_bytes, f"{what} {info.filename[:-4]!r} in {p}")
    except zipfile.BadZipFile as exc:
        raise ArgumentError(f"cannot read {what} from {p}: not a valid .npz (zip) file ({exc})") from None
    except ArgumentError:  # a refusal above (also a ValueError): not a header problem
        raise
    except (ValueError, EOFError, KeyError, SyntaxError, OSError):
        return  # not a readable header: np.load says why when it reads the file
