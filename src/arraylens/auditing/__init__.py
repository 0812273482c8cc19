"""``arraylens audit``: an ONNX model checked node by node against the ONNX specification.

The layer between the front-ends (what it recomputes with) and the CLI: ``engine`` (the audit),
``model`` (loading, inputs, onnxruntime), ``nodes`` (the table of audited operators),
``pitfalls`` (the named attribute rules), ``report`` (:class:`AuditReport`, the JSON schema).
"""

from arraylens.auditing.engine import audit
from arraylens.auditing.report import AuditReport

__all__ = ["AuditReport", "audit"]
