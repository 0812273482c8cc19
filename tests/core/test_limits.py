"""core.limits: the allocation limit and its refusal."""

from __future__ import annotations

import pytest

from arraylens.core.errors import ArgumentError
from arraylens.core.limits import ResourceError, check_allocation, check_allocations, format_bytes, max_bytes


def test_arraylens_max_bytes_sets_the_limit_with_binary_suffixes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARRAYLENS_MAX_BYTES", "2G")
    assert max_bytes() == (2 << 30, "set by ARRAYLENS_MAX_BYTES")
    monkeypatch.setenv("ARRAYLENS_MAX_BYTES", "1234")
    assert max_bytes()[0] == 1234


def test_without_the_variable_the_limit_is_the_available_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ARRAYLENS_MAX_BYTES", raising=False)
    limit, source = max_bytes()
    assert limit is not None and limit > 0 and "available" in source


def test_a_bad_arraylens_max_bytes_is_an_argument_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARRAYLENS_MAX_BYTES", "lots")
    with pytest.raises(ArgumentError, match="ARRAYLENS_MAX_BYTES='lots' is not a size"):
        max_bytes()


def test_refusal_is_both_an_argument_error_and_a_memory_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARRAYLENS_MAX_BYTES", "1K")
    assert check_allocation((128,), "float64", "x") == 1024
    with pytest.raises(ResourceError) as info:
        check_allocation((129,), "float64", "the thing")
    assert isinstance(info.value, ArgumentError) and isinstance(info.value, MemoryError)
    assert str(info.value) == (
        "the thing of shape (129,) (float64) needs 1.01 KiB, more than the 1 KiB arraylens may use "
        "(set by ARRAYLENS_MAX_BYTES)"
    )


def test_sizes_are_exact_python_integers_without_overflow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARRAYLENS_MAX_BYTES", "1T")
    with pytest.raises(ResourceError, match=r"needs 7\.11e\+05 PiB"):
        check_allocation((10**10, 10**10), "float64", "x")  # 8e20 bytes: past int64


def test_several_arrays_are_counted_together(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARRAYLENS_MAX_BYTES", "1000")
    parts = [("a", (100,), "float32"), ("b", (100,), "float32")]
    assert check_allocations(parts, "op") == 800
    with pytest.raises(ResourceError, match=r"op needs 1\.17 KiB \(a \(100,\) \(float32\) 400 bytes, b \(100,\)"):
        check_allocations([*parts, ("c", (100,), "float32")], "op")


def test_format_bytes() -> None:
    assert format_bytes(1023) == "1023 bytes"
    assert format_bytes(4 * 10**12) == "3.64 TiB"
