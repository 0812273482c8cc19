"""The hostile-input tally in the terminal summary (issue 10's closing figures)."""

from __future__ import annotations

import pytest

from tests.cli.hostile_corpus import TALLY


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """``hostile inputs tried: N, mishandled: M, files damaged: K`` when the hostile tests ran."""
    if TALLY.tried:
        terminalreporter.write_sep("-", TALLY.line())
        for item in TALLY.mishandled + TALLY.damaged:
            terminalreporter.write_line(f"  {item}")
