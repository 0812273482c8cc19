"""Issue 18, the demo: the answer within its first 12 lines, every written file named with a
line on what it shows, words never broken at 100 columns, ``--only`` lists the cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from arraylens.cli.demo import wrap_words
from arraylens.cli.main import cli
from arraylens.demos import DEMOS


@pytest.fixture(scope="module")
def full_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, Path]:
    """The whole demo at 100 columns and at 400 (for comparing words), run once."""
    outs = []
    for columns in (100, 400):
        out_dir = tmp_path_factory.mktemp(f"demo{columns}")
        result = CliRunner(env={"COLUMNS": str(columns)}).invoke(cli, ["demo", "--out", str(out_dir)])
        assert result.exit_code == 0, result.output
        outs.append((result.stdout, out_dir))
    wide = outs[1][0].replace(str(outs[1][1]), str(outs[0][1]))  # the same folder name in both
    return outs[0][0], wide, outs[0][1]


def test_the_answer_is_within_the_first_12_lines(full_run: tuple[str, str, Path]) -> None:
    head = "\n".join(full_run[0].splitlines()[:12])
    assert "out[0,0] = 67 = (-67)(-1)" in head
    assert "603 = (-67)(-9)" in head and "opposite" in head  # why not 603
    flat = " ".join(head.replace("│", " ").split())
    assert "only at out[2,2]" in flat and "out[2,2] = 1620 = (-67)(-9) + (-77)(-7) + (-117)(-3) + (-127)(-1)" in flat


def test_every_file_written_is_named_with_what_it_shows(full_run: tuple[str, str, Path]) -> None:
    out, _, out_dir = full_run
    written = sorted(p.name for p in out_dir.iterdir())
    assert len(written) >= 10
    tail = out[out.index(f"Files written to {out_dir}/:"):]
    named = re.findall(r"^  (\S+): (.+)$", tail, re.MULTILINE)
    assert sorted(name for name, _ in named) == written
    assert all(len(what.split()) >= 4 and "written by the" not in what for _, what in named)


def test_no_word_is_broken_at_100_columns(full_run: tuple[str, str, Path]) -> None:
    narrow, wide, _ = full_run
    lines = narrow.splitlines()
    assert max(len(line) for line in lines) <= 100
    wide_words = set(wide.replace("│", " ").split())
    narrow_words = narrow.replace("│", " ").split()
    broken = [w for w in narrow_words if w not in wide_words and not set(w) <= set("─╭╮╰╯")]
    assert broken == []
    assert any(len(line) > 100 for line in wide.splitlines())  # the wide run really had long lines


def test_wrap_words_never_cuts_a_word_longer_than_the_line() -> None:
    text = "  corner " + "x" * 30 + " end of the line"
    assert wrap_words(text, 20).splitlines() == ["  corner", "    " + "x" * 30, "    end of the line"]


@pytest.mark.parametrize("argv", [["--only", "list"], ["--only"]])
def test_only_lists_the_cases(argv: list[str]) -> None:
    result = CliRunner().invoke(cli, ["demo", *argv])
    assert result.exit_code == 0, result.output
    for case in DEMOS:
        assert re.search(rf"^  {case.name} +{re.escape(case.title)}$", result.stdout, re.MULTILINE)


def test_only_with_an_unknown_case_names_the_cases() -> None:
    result = CliRunner().invoke(cli, ["demo", "--only", "nope"])
    assert result.exit_code == 2
    assert "'nope' is not a case" in result.stderr and all(d.name in result.stderr for d in DEMOS)
