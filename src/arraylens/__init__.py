"""arraylens: why does this array operation give this result?"""

from arraylens.correlation import cov_to_corr
from arraylens.explanation import Explanation, Section, Term
from arraylens.mst import correlation_mst
from arraylens.reductions import ValuesIndices, max_with_index, min_with_index
from arraylens.spanning_tree import SpanningTree, TreeEdge
from arraylens.stacking import nested_stack
from arraylens.translation import translate

__all__ = [
    "Explanation",
    "Section",
    "SpanningTree",
    "Term",
    "TreeEdge",
    "ValuesIndices",
    "correlation_mst",
    "cov_to_corr",
    "max_with_index",
    "min_with_index",
    "nested_stack",
    "translate",
]
__version__ = "0.1.0"
