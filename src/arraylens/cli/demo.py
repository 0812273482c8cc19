"""``arraylens demo``: every motivating case, no input needed.

It opens with the seed question's answer in a box (:func:`arraylens.demos.answer.answer_lines`),
runs the cases, and ends with every file it wrote and one line on what each shows (found by
comparing the folder before and after each case, so no file goes unnamed). Text wraps to the
terminal's width between words, never inside one.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.panel import Panel
from rich.rule import Rule

from arraylens.demos import DEMOS, run_demo
from arraylens.demos.answer import answer_lines, describe

#: ``--only`` with no value, or with this one, lists the cases.
LIST = "list"


def register(group: click.Group) -> None:
    group.add_command(demo)


class WordWrapConsole(Console):
    """A console that wraps long lines of text at spaces only, each continuation indented as
    its line: a word longer than the line is left whole (rich's own wrapping would cut it,
    "cor/ner"). Other renderables (rules, panels) draw as rich draws them."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        if objects and all(isinstance(o, str) for o in objects):
            text = kwargs.get("sep", " ").join(objects)
            objects = (wrap_words(text, self.width),)
            kwargs.setdefault("overflow", "ignore")  # no further wrapping, no cut
            kwargs.setdefault("crop", False)
        super().print(*objects, **kwargs)


def wrap_words(text: str, width: int) -> str:
    """``text`` with every line longer than ``width`` wrapped at spaces (never inside a word),
    continuations indented like the line they continue."""
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip(" "))]
        out += textwrap.wrap(line, width, subsequent_indent=indent + "  " if indent else "",
                             break_long_words=False, break_on_hyphens=False, drop_whitespace=True) or [line]
    return "\n".join(out)


def make_console() -> Console:
    """The demo's console: the terminal's width (``COLUMNS`` when set; 100 when unknown)."""
    width = shutil.get_terminal_size(fallback=(100, 24)).columns
    return WordWrapConsole(width=max(width, 40), soft_wrap=False)


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's (mtime in ns, size), by name."""
    return {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir() if p.is_file()}


def _list_cases(console: Console) -> None:
    console.print("The demo's cases (arraylens demo --only NAME runs one):")
    for case in DEMOS:
        console.print(f"  {case.name:<18} {case.title}", highlight=False)


@click.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("arraylens-demo"),
    show_default=True,
    help="Folder for the figures.",
)
@click.option(
    "--only", is_flag=False, flag_value=LIST, default=None, metavar="CASE",
    help=f"Run one case only; '--only {LIST}' (or --only alone) lists the cases.",
)
def demo(out_dir: Path, only: str | None) -> None:
    """Run the built-in motivating cases: compute, explain, draw."""
    console = make_console()
    names = [d.name for d in DEMOS]
    if only == LIST:
        _list_cases(console)
        return
    if only is not None and only not in names:
        raise click.UsageError(f"Invalid value for '--only': {only!r} is not a case; the cases: {', '.join(names)} "
                               f"(--only {LIST} describes them)")
    if only in (None, "conv2d_transpose"):
        inner = min(console.width, 100) - 4
        box = "\n".join(wrap_words(line, inner) for line in answer_lines())
        console.print(Panel(box, title="The short answer: why out[0,0] is 67, not 603", expand=False),
                      highlight=False)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[tuple[str, str]] = []
    for case in DEMOS:
        if only and case.name != only:
            continue
        console.print(Rule(case.title))
        before = _snapshot(out_dir)
        run_demo(case, console, out_dir)
        after = _snapshot(out_dir)
        written += [(name, case.name) for name in sorted(after) if before.get(name) != after[name]]
    console.print(Rule())
    console.print(f"Files written to {out_dir}/:", highlight=False)
    for name, case_name in written:
        console.print(f"  {name}: {describe(name, case_name)}", highlight=False)
