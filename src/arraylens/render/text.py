"""The terminal account of an explanation (rich console, no markup interpretation)."""

from __future__ import annotations

from rich.console import Console

from arraylens.core.explanation import Explanation


def print_explanation(explanation: Explanation, console: Console | None = None) -> None:
    """Print an explanation's readable account.

    Parameters
    ----------
    explanation : Explanation
        Printed as ``str(explanation)``; rich markup in it is NOT interpreted (labels and numbers
        are the user's text).
    console : rich.console.Console, optional
        Where to print; by default a console that never hard-wraps lines.
    """
    (console or Console(soft_wrap=True)).print(str(explanation), highlight=False, markup=False)
