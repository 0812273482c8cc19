"""arraylens: why does this array operation give this result?"""

from arraylens.auditing import AuditReport, audit
from arraylens.core.errors import ArgumentError
from arraylens.core.explanation import Explanation, Section, Term
from arraylens.ops.covariance.convert import cov_to_corr
from arraylens.ops.extremes.with_index import ValuesIndices, max_with_index, min_with_index
from arraylens.ops.mst.blockwise import BlockwiseStats, BlockwiseTree, correlation_mst_from_data
from arraylens.ops.mst.prim import correlation_mst
from arraylens.ops.mst.tree import SpanningTree, TreeEdge
from arraylens.ops.stacking.stack import nested_stack
from arraylens.render import html as _html  # noqa: F401  registers the pages Explanation.to_html uses
from arraylens.translate.dispatch import translate

__all__ = [
    "ArgumentError",
    "AuditReport",
    "BlockwiseStats",
    "BlockwiseTree",
    "Explanation",
    "Section",
    "SpanningTree",
    "Term",
    "TreeEdge",
    "ValuesIndices",
    "audit",
    "correlation_mst",
    "correlation_mst_from_data",
    "cov_to_corr",
    "max_with_index",
    "min_with_index",
    "nested_stack",
    "translate",
]
__version__ = "0.1.0"
