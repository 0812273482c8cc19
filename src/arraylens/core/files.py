"""Writing output files atomically: a reader never sees a half-written file, a failed or
interrupted write leaves the previous file untouched, and nothing but a regular file is ever
replaced.

Every file arraylens writes (the MST's CSV, JSON and GraphML, HTML pages, figures, demo outputs)
goes through :class:`AtomicBatch`; :func:`atomic_write`, :func:`atomic_with` and
:func:`save_figure` are one-file batches. A write

1. checks the target (:func:`output_target`): a regular file or a name not taken yet is
   written; a **symlink is followed**, so the file it points to is replaced and the link stays a
   link; a folder, a device node (``/dev/null`` included), a FIFO or a socket is refused with one
   line (:class:`~arraylens.core.errors.ArgumentError`) and left as it is: renaming a file over
   it would swap the node itself out (as root, ``/dev/null`` would become a regular file), and
   writing into it would not be atomic (a FIFO would block until someone reads it);
2. writes a hidden temporary file in the target's folder (so the rename never crosses file
   systems), flushes it and ``fsync``-s it;
3. renames it over the target (``os.replace``) and ``fsync``-s the folder.

A batch replaces its targets only after every temporary file is written, so a run that writes
several files changes all of them or none. While a batch runs in the main thread, SIGTERM removes
its temporary files before the process ends as the signal's previous handler says (the handler is
installed for the batch only, then the previous one is restored).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType, TracebackType
from typing import IO, Any

from arraylens.core.errors import ArgumentError

__all__ = ["AtomicBatch", "atomic_with", "atomic_write", "figure_writer", "output_target", "save_figure"]

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


def output_target(path: str | os.PathLike[str], what: str = "") -> Path:
    """The regular file a write to ``path`` replaces: ``path`` itself, or the file its symlinks
    point to.

    Parameters
    ----------
    path : str or path-like
        The file asked for.
    what : str, optional
        How the caller names it in messages (a command-line flag such as ``"--out"``).

    Returns
    -------
    Path
        The file to write (absolute when ``path`` is a symlink); it is a regular file or does
        not exist yet.

    Raises
    ------
    ArgumentError
        One line naming ``path`` and why it is refused: its folder does not exist, or it is (or
        its symlink points to) a folder, a device node, a FIFO or a socket.
    """
    given = Path(path)
    name = f"{what} {given}" if what else str(given)
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    via = f" (a symlink to {target})" if target is not given else ""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        folder = target.parent
        if not folder.is_dir():
            raise ArgumentError(f"{name}{via}: folder {folder} does not exist") from None
        return target
    except OSError as exc:
        raise ArgumentError(f"{name}{via}: cannot be written: {exc.strerror or exc}") from None
    if stat.S_ISREG(mode):
        return target
    kind = next((label for test, label in _KINDS if test(mode)), "not a regular file")
    raise ArgumentError(
        f"{name}{via} is {kind}: arraylens writes only regular files (it renames a new file over the old one)"
    )


def _file_mode(target: Path) -> int:
    """The mode the written file gets: the old file's, else ``0o666`` less the umask (mkstemp
    alone would leave ``0o600``)."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_path(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; some file systems cannot fsync a folder, which is harmless."""
    try:
        _fsync_path(str(folder))
    except OSError:
        pass


def _named(exc: OSError, tmp: str, path: str | os.PathLike[str]) -> OSError:
    """``exc`` naming the user's ``path`` instead of the temporary file (or no file)."""
    if exc.errno is not None and exc.filename in (None, tmp):
        return OSError(exc.errno, exc.strerror, str(path))
    return exc


class _Terminated(BaseException):
    """Raised by the SIGTERM handler inside a batch, so the temporary files are removed while
    the stack unwinds."""


_guard_lock = threading.Lock()


@contextmanager
def _sigterm_removes_temporaries() -> Iterator[None]:
    """While the block runs, SIGTERM unwinds it (removing temporary files), then the signal is
    delivered again under the previous handler. Only the main thread can install handlers;
    nested batches share the outermost one's."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous is signal.SIG_IGN or previous is _on_sigterm or previous is None:
        yield  # ignored anyway, or an outer batch already guards
        return
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    except _Terminated:
        signal.signal(signal.SIGTERM, previous)
        signal.raise_signal(signal.SIGTERM)  # the default action ends the process here
        raise InterruptedError("interrupted by SIGTERM; no file was written") from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise _Terminated()


class AtomicBatch:
    """Write several files so that all of them change or none does.

    Each :meth:`write` / :meth:`open` writes a temporary file beside its target; leaving the
    ``with`` block without an exception renames them all over their targets; an exception
    (or SIGTERM) removes them and leaves every target as it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with AtomicBatch() as batch:
    ...     with batch.open(folder / "a.txt") as fh:
    ...         _ = fh.write("a\\n")
    ...     batch.write(folder / "b.txt", lambda tmp: pathlib.Path(tmp).write_text("b\\n"))
    >>> sorted(p.name for p in folder.iterdir())
    ['a.txt', 'b.txt']
    """

    def __init__(self) -> None:
        self._pending: list[tuple[str, Path, str]] = []  # (temporary, target, name given)
        self._guard = _sigterm_removes_temporaries()

    def __enter__(self) -> AtomicBatch:
        self._guard.__enter__()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool | None:
        try:
            if kind is None:
                self._commit()
            else:
                self._discard()
        except BaseException as error:
            self._discard()
            self._guard.__exit__(type(error), error, error.__traceback__)
            raise
        return self._guard.__exit__(kind, exc, tb)

    def _temporary(self, path: str | os.PathLike[str], what: str) -> tuple[str, Path]:
        target = output_target(path, what)
        if any(os.path.abspath(target) == os.path.abspath(t) for _, t, _ in self._pending):
            raise ArgumentError(f"{what + ' ' if what else ''}{path}: the same file is named for two outputs")
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".tmp{target.suffix}", dir=target.parent)
        except OSError as exc:  # named by the user's path, not the temporary file's
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        self._pending.append((tmp, target, str(path)))
        os.close(fd)
        return tmp, target

    def write(self, path: str | os.PathLike[str], write: Callable[[str], object], what: str = "") -> None:
        """Let ``write(tmp)`` write the new file at the path ``tmp``; it replaces ``path`` when
        the batch ends without an error. ``what`` names ``path`` in messages (e.g. ``"--out"``).

        Raises
        ------
        ArgumentError
            If ``path`` is not a regular file (see :func:`output_target`).
        OSError
            If the file cannot be written; the message names ``path``.
        """
        tmp, _ = self._temporary(path, what)
        try:
            write(tmp)
            _fsync_path(tmp)
        except OSError as exc:
            raise _named(exc, tmp, path) from None

    @contextmanager
    def open(self, path: str | os.PathLike[str], mode: str = "w", what: str = "", **kwargs: Any) -> Iterator[IO[Any]]:
        """The new file for ``path``, open in ``mode`` (text mode: UTF-8 and ``newline=""``
        unless ``kwargs`` say otherwise); it replaces ``path`` when the batch ends without an
        error."""
        if "b" not in mode:
            kwargs.setdefault("encoding", "utf-8")
            kwargs.setdefault("newline", "")
        tmp, _ = self._temporary(path, what)
        try:
            with open(tmp, mode, **kwargs) as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise _named(exc, tmp, path) from None

    def _commit(self) -> None:
        """Rename every temporary file over its target; if one rename fails, put back the
        targets already replaced (from hard-linked copies of the old files) and fail."""
        for tmp, target, _ in self._pending:  # a target may have changed kind meanwhile
            output_target(target)
            os.chmod(tmp, _file_mode(target))
        backups: list[tuple[str | None, Path]] = []
        try:
            for tmp, target, name in self._pending:
                backup = self._backup(target) if len(self._pending) > 1 else None
                try:
                    os.replace(tmp, target)
                except OSError as exc:
                    if backup is not None:
                        Path(backup).unlink(missing_ok=True)
                    raise OSError(exc.errno, exc.strerror, name) from None
                backups.append((backup, target))
        except BaseException:
            for backup, target in reversed(backups):
                if backup is not None:
                    os.replace(backup, target)
                else:
                    target.unlink(missing_ok=True)  # it did not exist before
            raise
        for backup, target in backups:
            if backup is not None:
                Path(backup).unlink(missing_ok=True)
            _fsync_folder(target.parent)
        self._pending.clear()

    @staticmethod
    def _backup(target: Path) -> str | None:
        """A hard link to the old file (None when there was none), to restore it on failure."""
        if not target.exists():
            return None
        name = str(target.parent / f".{target.name}.{secrets.token_hex(6)}.old")
        try:
            os.link(target, name)
        except OSError:  # a file system without hard links: a copy does as well
            shutil.copy2(target, name)
        return name

    def _discard(self) -> None:
        for tmp, _, _ in self._pending:
            Path(tmp).unlink(missing_ok=True)
        self._pending.clear()


@contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """Open the new file for ``path``; on success it replaces ``path``, else it is deleted
    (a one-file :class:`AtomicBatch`; text mode writes UTF-8 with ``newline=""``).

    Raises
    ------
    ArgumentError
        If ``path`` is a folder, a device node, a FIFO or a socket, or its folder is missing.
    OSError
        If the file cannot be written (the old one is left as it was).
    """
    with AtomicBatch() as batch, batch.open(path, mode, **kwargs) as fh:
        yield fh


def atomic_with(path: str | os.PathLike[str], write: Callable[[str], object]) -> None:
    """Let ``write(tmp_path)`` write a file, then rename it over ``path`` (a one-file
    :class:`AtomicBatch`; same errors as :func:`atomic_write`)."""
    with AtomicBatch() as batch:
        batch.write(path, write)


def figure_writer(figure: Any, path: str | os.PathLike[str], **savefig: Any) -> Callable[[str], object]:
    """``write(tmp)`` that saves ``figure`` (anything with matplotlib's ``savefig``) in the
    format ``path``'s suffix names (PNG when it has none): the temporary file's own name must
    not choose it."""
    fmt = Path(path).suffix.lower().lstrip(".") or "png"
    return lambda tmp: figure.savefig(tmp, format=fmt, **savefig)


def save_figure(figure: Any, path: str | os.PathLike[str], **savefig: Any) -> None:
    """Save a matplotlib figure to ``path`` atomically (format from the suffix; ``savefig``
    keywords such as ``dpi`` pass through). Same errors as :func:`atomic_write`."""
    atomic_with(path, figure_writer(figure, path, **savefig))
