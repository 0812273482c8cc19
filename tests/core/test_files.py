"""The one atomic writer (arraylens.core.files): only regular files are replaced (symlinks are
followed), a failed or interrupted write leaves the old file and no temporary file, and a batch
changes all of its files or none (issue 10, items 1 and 6)."""

from __future__ import annotations

import errno
import os
import signal
import socket
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from arraylens.core import files
from arraylens.core.errors import ArgumentError
from arraylens.core.files import AtomicBatch, atomic_with, atomic_write, output_target, save_figure

SRC = Path(__file__).resolve().parents[2] / "src"


def _names(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def _refusal(path: Path | str, what: str = "") -> str:
    with pytest.raises(ArgumentError) as info:
        output_target(path, what)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_dev_null_is_refused_as_a_character_device() -> None:
    message = _refusal("/dev/null", "--out")
    assert message.startswith("--out /dev/null is a character device: arraylens writes only regular files")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_fifo_folder_and_socket_are_refused_and_left_alone(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert _refusal(fifo).endswith(f"{fifo} is a FIFO (named pipe): arraylens writes only regular files "
                                   "(it renames a new file over the old one)")
    assert " is a folder: " in _refusal(tmp_path)
    sock_path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        assert " is a socket: " in _refusal(sock_path)
        with pytest.raises(ArgumentError), atomic_write(sock_path) as fh:
            fh.write("never")
        assert stat.S_ISSOCK(os.lstat(sock_path).st_mode)
    with pytest.raises(ArgumentError, match="FIFO"), atomic_write(fifo) as fh:  # stat only: never opened
        fh.write("never")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _names(tmp_path) == ["pipe", "s.sock"]  # nothing else written


def test_a_missing_folder_is_named_not_the_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "dir" / "t.csv"
    assert _refusal(path, "--out") == f"--out {path}: folder {path.parent} does not exist"


def test_a_symlink_is_followed_its_target_replaced_and_the_link_kept(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("old\n")
    link = tmp_path / "link.txt"
    link.symlink_to("real.txt")
    with atomic_write(link) as fh:
        fh.write("new\n")
    assert link.is_symlink() and os.readlink(link) == "real.txt"
    assert (tmp_path / "real.txt").read_text() == "new\n"
    assert _names(tmp_path) == ["link.txt", "real.txt"]


def test_a_symlink_to_a_device_is_refused_and_kept(tmp_path: Path) -> None:
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    assert _refusal(link) == (f"{link} (a symlink to /dev/null) is a character device: arraylens writes only "
                              "regular files (it renames a new file over the old one)")
    assert link.is_symlink() and os.readlink(link) == "/dev/null"


def test_a_failing_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "page.html"
    target.write_text("old page\n")

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full_disk)
    with pytest.raises(OSError) as info, atomic_write(target) as fh:
        fh.write("new page, half written")
    assert info.value.errno == errno.ENOSPC and info.value.filename == str(target)  # the user's name
    assert target.read_text() == "old page\n"
    assert _names(tmp_path) == ["page.html"]


def test_an_exception_inside_the_write_removes_the_temporary(tmp_path: Path) -> None:
    target = tmp_path / "t.png"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError, match="drawing failed"):
        atomic_with(target, lambda tmp: (Path(tmp).write_bytes(b"half"), _fail("drawing failed")))
    assert target.read_bytes() == b"old" and _names(tmp_path) == ["t.png"]


def _fail(message: str) -> None:
    raise RuntimeError(message)


def test_a_batch_changes_all_of_its_files_or_none(tmp_path: Path) -> None:
    a, b, c = (tmp_path / n for n in ("a.csv", "a.json", "a.png"))
    a.write_text("old a")
    b.write_text("old b")
    with pytest.raises(RuntimeError), AtomicBatch() as batch:
        batch.write(a, lambda tmp: Path(tmp).write_text("new a"))
        batch.write(b, lambda tmp: Path(tmp).write_text("new b"))
        batch.write(c, lambda tmp: _fail("figure failed"))
    assert (a.read_text(), b.read_text()) == ("old a", "old b")
    assert _names(tmp_path) == ["a.csv", "a.json"]
    with AtomicBatch() as batch:
        batch.write(a, lambda tmp: Path(tmp).write_text("new a"))
        batch.write(c, lambda tmp: Path(tmp).write_text("new c"))
    assert (a.read_text(), b.read_text(), c.read_text()) == ("new a", "old b", "new c")
    assert _names(tmp_path) == ["a.csv", "a.json", "a.png"]


def test_a_rename_failing_midway_puts_back_the_files_already_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, c = (tmp_path / n for n in ("a", "b", "c"))
    a.write_text("old a")
    b.write_text("old b")
    real_replace = os.replace

    def replace(src: str, dst: str) -> None:
        if Path(dst) == c:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", replace)
    with pytest.raises(OSError) as info, AtomicBatch() as batch:
        for path in (a, b, c):
            batch.write(path, lambda tmp, p=path: Path(tmp).write_text(f"new {p.name}"))
    assert info.value.filename == str(c)
    assert (a.read_text(), b.read_text()) == ("old a", "old b")
    assert _names(tmp_path) == ["a", "b"]


def test_the_same_file_twice_in_a_batch_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ArgumentError, match="the same file is named for two outputs"), AtomicBatch() as batch:
        batch.write(tmp_path / "x", lambda tmp: None, what="--out")
        batch.write(tmp_path / "x", lambda tmp: None, what="--json")
    assert _names(tmp_path) == []


def test_the_sigterm_handler_is_installed_only_while_writing(tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGTERM)
    seen = []
    atomic_with(tmp_path / "x", lambda tmp: seen.append(signal.getsignal(signal.SIGTERM)))
    assert seen and seen[0] is not before
    assert signal.getsignal(signal.SIGTERM) is before


def test_sigterm_during_a_write_removes_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    child = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from arraylens.core.files import atomic_with

        def write(tmp):
            Path(tmp).write_text("half")
            print(tmp, flush=True)
            time.sleep(60)

        atomic_with({str(target)!r}, write)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    with subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True, env=env) as proc:
        assert proc.stdout is not None
        tmp = Path(proc.stdout.readline().strip())
        assert tmp.parent == tmp_path and tmp.exists()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == -signal.SIGTERM  # ends as SIGTERM's default action says
    assert not tmp.exists()
    assert target.read_text() == "old\n" and _names(tmp_path) == ["out.csv"]


def test_save_figure_chooses_the_format_by_the_target_suffix(tmp_path: Path) -> None:
    class Figure:
        def savefig(self, path: str, format: str, dpi: int) -> None:
            Path(path).write_text(f"{format} {dpi}")

    save_figure(Figure(), tmp_path / "tree.svg", dpi=99)
    save_figure(Figure(), tmp_path / "tree", dpi=99)
    assert (tmp_path / "tree.svg").read_text() == "svg 99"
    assert (tmp_path / "tree").read_text() == "png 99"


def test_sigterm_under_a_python_handler_calls_it_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    received: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: received.append(signum))
    try:
        with pytest.raises(InterruptedError, match="interrupted by SIGTERM; no file was written"):
            atomic_with(target, lambda tmp: (Path(tmp).write_text("half"), os.kill(os.getpid(), signal.SIGTERM)))
        assert received == [signal.SIGTERM]  # the previous handler still heard of it
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert target.read_text() == "old" and _names(tmp_path) == ["out.json"]
