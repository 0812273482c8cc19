"""arraylens: why does this array operation give this result?"""
from arraylens.explanation import Explanation, Section, Term

__all__ = ["Explanation", "Section", "Term"]
__version__ = "0.1.0"
