"""Dask glue for the blockwise correlation MST: row blocks as tasks on a dask.distributed cluster.

Imported only when a client is given (``pip install arraylens[dask]``). The unit rows are
scattered once to every worker; each task runs :func:`arraylens.ops.mst.candidates.row_candidates`
(the same kernel as the single-process path) and returns a few numbers per row, merged here.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import TracebackType
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError
from arraylens.ops.mst.candidates import RowCandidates, block_pairs, row_candidates


class DaskRunner:
    """Runs row blocks on ``client``'s workers; a context manager that releases the scattered
    data and cancels the tasks still running (Ctrl-C included) when it exits."""

    def __init__(self, client: Any, unit: np.ndarray, sign: float) -> None:
        try:
            from distributed import Client
        except ImportError:  # pragma: no cover - the extra is part of the test install
            raise ArgumentError(
                "client= needs dask.distributed: pip install 'arraylens[dask]'"
            ) from None
        if not isinstance(client, Client):
            raise ArgumentError(f"client must be a dask.distributed.Client, got {type(client).__name__}")
        self.client = client
        self.sign = sign
        self.unit = client.scatter(unit, broadcast=True, hash=False)
        self._pending: list[Any] = []

    def __enter__(self) -> DaskRunner:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.client.cancel([*self._pending, self.unit])
        for fut in [*self._pending, self.unit]:
            fut.release()
        self._pending = []

    def pairs(
        self, spans: list[tuple[int, int]], thr: np.ndarray
    ) -> Iterator[tuple[tuple[np.ndarray, np.ndarray, np.ndarray], int]]:
        """The first pass: every span a task with the thresholds as they are now (the sample's:
        a task cannot see the others' results), merged here as they finish."""
        from distributed import as_completed

        thr_f = self.client.scatter(thr.copy(), broadcast=True, hash=False)
        futures = [
            self.client.submit(block_pairs, self.unit, r0, r1, thr_f, self.sign, pure=False) for r0, r1 in spans
        ]
        rows = {fut.key: r1 - r0 for fut, (r0, r1) in zip(futures, spans, strict=True)}
        self._pending = futures
        try:
            for fut in as_completed(futures):
                yield fut.result(), rows[fut.key]
                fut.release()
        finally:
            self.client.cancel([*futures, thr_f])
            thr_f.release()
            self._pending = []

    def run(self, blocks: list[np.ndarray], k: int, comp: np.ndarray | None) -> Iterator[RowCandidates]:
        from distributed import as_completed

        comp_f = None if comp is None else self.client.scatter(comp, broadcast=True, hash=False)
        futures = [
            self.client.submit(row_candidates, self.unit, rows, k, self.sign, comp_f, pure=False)
            for rows in blocks
        ]
        self._pending = futures
        try:
            for fut in as_completed(futures):
                yield fut.result()
                fut.release()
        finally:
            self.client.cancel(futures)
            if comp_f is not None:
                self.client.cancel([comp_f])
                comp_f.release()
            self._pending = []
