"""arraylens: why does this array operation give this result?"""
from arraylens.explanation import Explanation, Section, Term
from arraylens.translation import translate

__all__ = ["Explanation", "Section", "Term", "translate"]
__version__ = "0.1.0"
