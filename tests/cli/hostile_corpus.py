"""The corpus of hostile inputs and output targets for tests/cli/test_hostile_inputs.py, and the
tally its summary line reports ("hostile inputs tried: N, mishandled: M, files damaged: K").

Every file is small: the zip bomb is 32 MiB of zeros deflated to about 32 KiB, written in
chunks, and the tests run under a 16 MiB ``ARRAYLENS_MAX_BYTES``, so nothing big is allocated.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MAX_BYTES = "16M"
BOMB_BYTES = 32 * 2**20  # claimed and real (deflated) size of the zip bomb's member


@dataclass
class Tally:
    """What the hostile-input tests tried and what went wrong (printed in the terminal summary)."""

    tried: int = 0
    mishandled: list[str] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"hostile inputs tried: {self.tried}, mishandled: {len(self.mishandled)}, "
                f"files damaged: {len(self.damaged)}")


TALLY = Tally()


def _npy_header_only(path: Path, shape: tuple[int, ...], dtype: str = "<f8", pad_to: int = 192) -> None:
    """A .npy whose header claims ``shape`` but whose file is ``pad_to`` bytes long."""
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": dtype, "fortran_order": False, "shape": shape})
    data = buf.getvalue()
    path.write_bytes(data + b"\0" * max(pad_to - len(data), 0))


def _zip_bomb(path: Path) -> None:
    """An .npz whose one member holds BOMB_BYTES of float64 zeros, deflated to a tiny file."""
    n = BOMB_BYTES // 8
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": (n,)})
    chunk = bytes(2**20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf, zf.open("x.npy", "w") as fh:
        fh.write(header.getvalue())
        for _ in range(BOMB_BYTES // len(chunk)):
            fh.write(chunk)


def _npz_lying(path: Path) -> None:
    """An .npz whose member's header claims shape (10**11,) over 64 bytes of data."""
    member = io.BytesIO()
    np.lib.format.write_array_header_1_0(member, {"descr": "<f8", "fortran_order": False, "shape": (10**11,)})
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("x.npy", member.getvalue() + bytes(64))


def build_inputs(root: Path) -> dict[str, Path]:
    """The bad input files, by case name (each refused by every command that reads arrays)."""
    root.mkdir(parents=True, exist_ok=True)
    p: dict[str, Path] = {}

    def put(name: str, file: str) -> Path:
        p[name] = root / file
        return p[name]

    put("missing", "missing.npy")
    put("folder", "folder.npy").mkdir()
    put("empty_npy", "empty.npy").write_bytes(b"")
    put("empty_csv", "empty.csv").write_bytes(b"")
    put("blank_csv", "blank.csv").write_text("\n  \n,\n")
    put("empty_npz", "empty.npz").write_bytes(b"")
    good = io.BytesIO()
    np.save(good, np.arange(16.0).reshape(4, 4))
    put("truncated_npy", "truncated.npy").write_bytes(good.getvalue()[:-40])
    put("truncated_header_npy", "truncated_header.npy").write_bytes(good.getvalue()[:30])
    _npy_header_only(put("lying_npy", "lying.npy"), (10**11,))
    _npy_header_only(put("lying_2d_npy", "lying2d.npy"), (10**6, 10**6), pad_to=300)
    put("bad_magic_npy", "magic.npy").write_bytes(b"PK\x03\x04 not an array at all" * 4)
    _zip_bomb(put("zip_bomb_npz", "bomb.npz"))
    _npz_lying(put("lying_npz", "lying.npz"))
    put("corrupt_npz", "corrupt.npz").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 2)
    with zipfile.ZipFile(put("npz_two", "two.npz"), "w") as zf:
        zf.writestr("a.npy", good.getvalue())
        zf.writestr("b.npy", good.getvalue())
    with zipfile.ZipFile(put("npz_not_npy", "notnpy.npz"), "w") as zf:
        zf.writestr("a.txt", b"hello")
    np.save(put("pickle_npy", "pickle.npy"), np.array([{"a": 1}, None], dtype=object), allow_pickle=True)
    np.savez(put("pickle_npz", "pickle.npz"), x=np.array([[1], "x"], dtype=object))
    put("unknown_suffix", "data.bin").write_bytes(good.getvalue())
    put("not_utf8_csv", "latin1.csv").write_bytes(b"caf\xe9,b\n1,2\n")
    put("mixed_header_csv", "mixed.csv").write_text("9,N/A\n1,2\n3,4\n")
    put("ragged_csv", "ragged.csv").write_text("1,2\n3\n")
    put("word_cell_csv", "word.csv").write_text("a,b\n1,2\n3,x\n")
    put("overflow_csv", "overflow.csv").write_text("a,b\n1e400,1\n2,3\n")
    put("underscore_csv", "underscore.csv").write_text("1_0,2\n3,4\n")
    put("header_only_csv", "header.csv").write_text("[bold red]x,[/]\n")
    put("nul_csv", "nul.csv").write_bytes(b"1,2\x00\n3,4\n")
    os.mkfifo(put("fifo_input", "fifo.csv"))
    os.symlink("/dev/zero", put("device_input", "zero.npy"))
    os.symlink(root / "nowhere.npy", put("dangling_link", "dangling.npy"))
    return p


def build_rich_csv(root: Path) -> dict[str, Path]:
    """Readable but hostile CSV files: accepted by some commands, refused by others."""
    root.mkdir(parents=True, exist_ok=True)
    texts = {
        "bom_csv": "\ufeffalpha,beta\n1,2\n2,1\n4,5\n3,3\n",
        "markup_csv": "[bold red]x,[/]\n1,2\n2,1\n4,5\n3,3\n",
        "control_csv": "\x1b[31mred\x1b[0m,bell\x07\u202e\n1,2\n2,1\n4,5\n3,3\n",
        "formula_csv": "=HYPERLINK(\"x\"),+a,@SUM(A1),-b\n1,2,3,4\n2,1,3,3\n4,5,1,2\n3,3,0,9\n",
        "complex_csv": "1+2j,3\n4,5-1i\n-2i,1\n7,(1+1j)\n",
        "nan_csv": "nan,1\n2,inf\n-inf,3\n4,5\n",
        "huge_csv": "1e308,1\n-1e308,2\n1.7e308,3\n-1.5e308,4\n",
        "tiny_csv": "1e-320,1\n-3e-320,2\n2e-320,3\n4e-320,5\n",
        "one_column_csv": "x\n1\n2\n3\n",
        "one_row_csv": "1,2,3\n",
        "constant_csv": "a,b\n1,2\n1,3\n1,5\n",
    }
    out: dict[str, Path] = {}
    for name, text in texts.items():
        out[name] = root / f"{name}.csv"
        out[name].write_text(text, encoding="utf-8")
    return out


def build_rich_npy(root: Path, shape: tuple[int, ...]) -> dict[str, Path]:
    """Readable but hostile .npy arrays of ``shape`` (an op's usual input), and wrong shapes."""
    root.mkdir(parents=True, exist_ok=True)
    n = int(np.prod(shape))
    base = np.arange(1.0, n + 1).reshape(shape)
    nan = base.copy()
    nan.flat[0] = np.nan
    nan.flat[-1] = np.inf
    arrays = {
        "nan_npy": nan,
        "huge_npy": np.where(base % 2 == 0, 1.7e308, -1.6e308),
        "complex_npy": base + 1j,
        "float16_npy": base.astype(np.float16),
        "int64_npy": (base * 2**40).astype(np.int64),
        "uint8_npy": base.astype(np.uint8),
        "bool_npy": base > 2,
        "str_npy": base.astype(str),
        "bytes_npy": base.astype("S3"),
        "datetime_npy": base.astype("datetime64[s]"),
        "structured_npy": np.zeros(shape, dtype=[("a", "<f8"), ("b", "<i4")]),
        "scalar_npy": np.array(3.0),
        "zero_size_npy": np.zeros((*shape[:-1], 0)),
        "rank7_npy": np.ones((1,) * 7),
        "fortran_npy": np.asfortranarray(base),
        "big_endian_npy": base.astype(">f8"),
    }
    out: dict[str, Path] = {}
    for name, a in arrays.items():
        out[name] = root / f"{name}.npy"
        np.save(out[name], a)
    return out


@dataclass(frozen=True)
class Snapshot:
    """What an output target is before a run: its type, mode and, for a regular file, contents."""

    kind: int
    mode: int
    link: str | None
    data: bytes | None


def snapshot(path: Path) -> Snapshot | None:
    """The state of ``path`` (None when it does not exist); never opens a FIFO or a device."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    link = os.readlink(path) if stat.S_ISLNK(st.st_mode) else None
    data = path.read_bytes() if stat.S_ISREG(st.st_mode) else None
    return Snapshot(stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), link, data)


def build_outputs(root: Path) -> dict[str, Path]:
    """Output targets no command may write or replace: /dev/null, a FIFO, a folder, a symlink to
    /dev/null, a symlink to a FIFO, a file in a missing folder."""
    root.mkdir(parents=True, exist_ok=True)
    fifo = root / "fifo.out"
    os.mkfifo(fifo)
    folder = root / "folder.out"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep")
    link = root / "null_link.out"
    os.symlink("/dev/null", link)
    fifo_link = root / "fifo_link.out"
    os.symlink(fifo, fifo_link)
    return {
        "dev_null": Path("/dev/null"),
        "fifo": fifo,
        "folder": folder,
        "symlink_dev_null": link,
        "symlink_fifo": fifo_link,
        "missing_folder": root / "missing" / "dir" / "t.out",
    }
