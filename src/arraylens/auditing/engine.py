"""``arraylens.audit``: every node of an ONNX model recomputed under the specification.

The model runs once in onnxruntime with every intermediate value exposed; each node whose
operator arraylens implements (:data:`arraylens.auditing.nodes.AUDITED_OPS`) is recomputed by
``arraylens.onnx`` from onnxruntime's own inputs to that node (so differences do not
accumulate) and compared; the worst element of a divergence is explained under the
specification; the known onnxruntime/specification differences
(:data:`arraylens.frontends.onnx_runtime_notes.RUNTIME_NOTES`) say why where they apply; the
named pitfall rules (:data:`arraylens.auditing.pitfalls.PITFALLS`) run on every node.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from arraylens.auditing.model import LoadedModel, load_model, make_inputs, require, run_node, run_whole_graph
from arraylens.auditing.nodes import AUDITED_OPS, describe_attributes
from arraylens.auditing.pitfalls import NodeFacts, pitfalls_for
from arraylens.auditing.report import AuditReport, Difference, InputRecord, NodeRecord, Worst
from arraylens.core.limits import ResourceError
from arraylens.frontends.onnx_runtime_notes import notes_for

__all__ = ["audit"]

DEFAULT_RTOL = 1e-4
DEFAULT_ATOL = 1e-5


def audit(
    model_or_path: Any,
    inputs: Mapping[str, Any] | None = None,
    *,
    dims: Mapping[str, int] | None = None,
    rtol: float = DEFAULT_RTOL,
    atol: float = DEFAULT_ATOL,
    seed: int = 0,
    input_sources: Mapping[str, str] | None = None,
) -> AuditReport:
    """Audit an ONNX model: run it with onnxruntime and check every supported node against the
    ONNX specification as arraylens computes it.

    Parameters
    ----------
    model_or_path : str, os.PathLike, bytes or onnx.ModelProto
        The model (checked with ``onnx.checker``, shape-inferred).
    inputs : mapping of str to array_like, optional
        Values for graph inputs by name; inputs not given get random values of their declared
        shape and dtype (``numpy.random.default_rng(seed)``).
    dims : mapping of str to int, optional
        Sizes of symbolic dimensions (``dim_param``) of inputs made at random.
    rtol, atol : float
        An element differs when ``|specification - onnxruntime| > atol + rtol*|onnxruntime|``
        (default 1e-4 and 1e-5: float32 kernels that sum in another order stay within them).
    seed : int
        Seed of the random inputs.
    input_sources : mapping of str to str, optional
        What to record as the source of given inputs (the CLI passes the file names).

    Returns
    -------
    AuditReport
        Every node of the main graph in order, with its verdict (``agree``, ``diverge``,
        ``pitfall``, ``unsupported``, ``not_run``); ``exit_status`` is 0 when every checked
        node agrees and no pitfall fires.

    Raises
    ------
    ArgumentError
        One line for a file that is not ONNX (or truncated, or invalid), input names, shapes
        or dtypes the model does not declare, symbolic dimensions left unbound, or onnx /
        onnxruntime missing.

    Notes
    -----
    Semantics: the ONNX operator specification (opset 22) as :mod:`arraylens.onnx`
    implements it; runtime: onnxruntime's CPU provider.
    """
    start = time.perf_counter()
    ort = require("onnxruntime")
    loaded = load_model(model_or_path)
    feeds, sources = make_inputs(loaded, inputs, dims, seed)
    for name, text in (input_sources or {}).items():
        if name in sources:
            sources[name] = text + sources[name][len("given"):]
    t0 = time.perf_counter()
    values, error = run_whole_graph(loaded, feeds)
    ort_seconds = time.perf_counter() - t0
    mode = "whole_graph"
    known: dict[str, Any] = dict(feeds)
    if values is not None:
        known.update(values)
    else:
        mode = "node_by_node"
    spec_seconds = 0.0
    records = []
    graph = loaded.model.graph
    for index, node in enumerate(graph.node):
        record, ort_s, spec_s = _audit_node(loaded, index, node, known, mode, rtol, atol)
        ort_seconds += ort_s
        spec_seconds += spec_s
        records.append(record)
    model_info = {
        "path": loaded.path,
        "graph": graph.name,
        "producer_name": loaded.model.producer_name,
        "producer_version": loaded.model.producer_version,
        "opset": loaded.opset,
        "ir_version": int(loaded.model.ir_version),
        "nodes": len(graph.node),
    }
    input_records = [InputRecord(i.name, tuple(int(n) for n in feeds[i.name].shape), feeds[i.name].dtype.name,
                                 sources[i.name]) for i in loaded.inputs]
    runtime = {"onnxruntime": ort.__version__, "mode": mode, "error": error}
    timing = {"onnxruntime": ort_seconds, "arraylens": spec_seconds, "total": time.perf_counter() - start}
    return AuditReport(model_info, input_records, records, float(rtol), float(atol), runtime, timing)


def _attributes(node: Any) -> dict[str, Any]:
    """A node's attributes as plain Python values (strings decoded, repeated fields as lists)."""
    onnx = require("onnx")
    out: dict[str, Any] = {}
    for attr in node.attribute:
        value = onnx.helper.get_attribute_value(attr)
        if isinstance(value, onnx.TensorProto):  # described, not carried: Constant's value can be large
            value = f"<tensor {list(value.dims)} of {onnx.helper.tensor_dtype_to_np_dtype(value.data_type)}>"
        elif isinstance(value, onnx.GraphProto):
            value = f"<graph {value.name}>"
        elif isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        elif isinstance(value, list):
            value = [v.decode("utf-8", "replace") if isinstance(v, bytes) else v for v in value]
            value = [int(v) if isinstance(v, int | np.integer) else v for v in value]
        elif isinstance(value, np.integer):
            value = int(value)
        out[attr.name] = value
    return out


def _shape(value: Any) -> tuple[int, ...] | None:
    return None if value is None else tuple(int(n) for n in np.shape(value))


def _audit_node(loaded: LoadedModel, index: int, node: Any, known: dict[str, Any], mode: str,
                rtol: float, atol: float) -> tuple[NodeRecord, float, float]:
    onnx = require("onnx")
    attributes = _attributes(node)
    domain = node.domain or ""
    op = node.op_type if domain in ("", "ai.onnx") else f"{domain}.{node.op_type}"

    def value(name: str) -> Any:
        if not name:
            return None
        if name not in known and name in loaded.initializers:
            known[name] = onnx.numpy_helper.to_array(loaded.initializers[name])
        return known.get(name)

    arrays = [value(n) for n in node.input]
    missing = [n for n, a in zip(node.input, arrays, strict=True) if n and a is None]
    shapes = [_shape(a) if a is not None else loaded.shapes.get(n) for n, a in zip(node.input, arrays, strict=True)]
    facts_attrs = dict(attributes)
    if op == "Pad" and "pads" not in attributes and len(arrays) > 1 and arrays[1] is not None:
        facts_attrs["pads"] = [int(p) for p in np.asarray(arrays[1]).reshape(-1)]
        if len(arrays) > 3 and arrays[3] is not None:
            facts_attrs["axes"] = [int(a) for a in np.asarray(arrays[3]).reshape(-1)]
    facts = NodeFacts(op, facts_attrs, shapes, loaded.model.producer_name or "")
    pitfalls = [{"rule": rule.name, "message": message} for rule, message in pitfalls_for(facts)]
    entry = AUDITED_OPS.get(op)
    unsupported_why = None if entry is None else entry.unsupported(attributes, loaded.opset)
    if unsupported_why is not None:  # the operator is implemented, not with these attributes or this opset
        entry = None
    record = NodeRecord(index=index, name=node.name or f"#{index}", op=op, domain=domain, verdict="agree",
                        checked=False, description=describe_attributes(op, facts_attrs, shapes),
                        inputs=list(node.input), outputs=list(node.output), pitfalls=pitfalls)
    ort_s = spec_s = 0.0
    ort_out = known.get(node.output[0]) if node.output and node.output[0] else None
    ort_error = None
    if mode == "node_by_node":
        if missing:
            record.verdict = "not_run"
            record.error = {"by": "onnxruntime", "message": f"inputs not computed: {', '.join(missing)}"}
            return record, ort_s, spec_s
        t0 = time.perf_counter()
        outs, ort_error = run_node(loaded, node, arrays)
        ort_s = time.perf_counter() - t0
        if outs is not None:
            for name, out in zip([n for n in node.output if n], outs, strict=True):
                known[name] = out
            ort_out = known.get(node.output[0])
    elif missing:  # whole graph ran, yet an input is absent: only possible for outer-scope names
        record.verdict = "not_run"
        record.error = {"by": "onnxruntime", "message": f"inputs not available: {', '.join(missing)}"}
        return record, ort_s, spec_s
    record.output_shape = _shape(ort_out)
    if entry is None:
        record.verdict = "pitfall" if pitfalls else "unsupported"
        if ort_error is not None:
            record.error = {"by": "onnxruntime", "message": ort_error}
        elif unsupported_why is not None:
            record.error = {"by": "arraylens", "message": unsupported_why}
        return record, ort_s, spec_s
    record.checked = True
    t0 = time.perf_counter()
    args, kwargs = entry.arguments(arrays, attributes)
    if entry.opset_keyword:
        kwargs["opset"] = 22 if loaded.opset >= 22 else 19
    spec_out, spec_error = None, None
    try:
        result = entry.function(*args, **kwargs)
        spec_out = np.asarray(result[0] if isinstance(result, tuple) else result)  # the node's first output
    except ResourceError:  # the memory limit is the caller's to raise, not a finding about the model
        raise
    except ValueError as exc:  # ArgumentError and its subclasses: the specification refuses
        spec_error = " ".join(str(exc).split())
    except TypeError as exc:
        spec_error = " ".join(str(exc).split())
    record.specification_shape = _shape(spec_out)
    first = arrays[0] if arrays else None
    notes = notes_for(op, facts_attrs, shapes, opset=loaded.opset,
                      dtype=None if first is None else np.asarray(first).dtype.name)
    if ort_error is not None:
        record.error = {"by": "onnxruntime", "message": ort_error}
        record.verdict = "diverge"
        if spec_out is not None:  # downstream nodes read the specification's values
            known[node.output[0]] = spec_out
            record.worst = _explain(entry, args, kwargs, tuple(0 for _ in spec_out.shape), spec_out, None) \
                if spec_out.size else None
        record.runtime_notes = [_note(n) for n in notes]
        spec_s = time.perf_counter() - t0
        return record, ort_s, spec_s
    if spec_error is not None:
        record.error = {"by": "arraylens (the specification)", "message": spec_error}
        record.verdict = "diverge"
        record.runtime_notes = [_note(n) for n in notes]
        spec_s = time.perf_counter() - t0
        return record, ort_s, spec_s
    assert spec_out is not None
    difference, worst_index = _compare(spec_out, np.asarray(ort_out), rtol, atol)
    record.difference = difference
    if difference.differing:
        record.verdict = "diverge"
        ort_value = _at(np.asarray(ort_out), worst_index)
        record.worst = _explain(entry, args, kwargs, worst_index, spec_out, ort_value)
        record.runtime_notes = [_note(n) for n in notes]
    elif pitfalls:
        record.verdict = "pitfall"
    spec_s = time.perf_counter() - t0
    return record, ort_s, spec_s


def _note(note: Any) -> dict[str, str]:
    return {"key": note.key, "outcome": note.outcome, "specification": note.specification,
            "onnxruntime": note.onnxruntime, "test": note.test}


def _at(a: np.ndarray, index: tuple[int, ...]) -> float | None:
    if a.ndim != len(index) or any(i >= n for i, n in zip(index, a.shape, strict=True)):
        return None
    return float(a[index])


def _explain(entry: Any, args: tuple[Any, ...], kwargs: dict[str, Any], index: tuple[int, ...],
             spec_out: np.ndarray, ort_value: float | None) -> Worst:
    try:
        text = str(entry.function.explain(*args, at=index, **kwargs))
    except (ValueError, TypeError, IndexError) as exc:
        text = f"(no explanation: {exc})"
    return Worst(index, float(spec_out[index]), ort_value, text)


_CHUNK = 1 << 16  # elements compared at a time: the work arrays stay in cache, memory stays bounded


def _chunks(a: np.ndarray, b: np.ndarray) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """``(flat offset, a part, b part)``: two arrays of one shape in C order, about
    :data:`_CHUNK` elements at a time, as 1-d arrays (views where the arrays are contiguous,
    small copies of the block otherwise: a transposed view is never copied whole)."""
    if a.flags.c_contiguous and b.flags.c_contiguous:
        a_flat, b_flat = a.reshape(-1), b.reshape(-1)
        for begin in range(0, a_flat.size, _CHUNK):
            yield begin, a_flat[begin : begin + _CHUNK], b_flat[begin : begin + _CHUNK]
        return
    shape = a.shape
    cut = 0  # the first axis whose trailing block fits a chunk; blocks are cut along the axis before it
    while cut < len(shape) and math.prod(shape[cut:]) > _CHUNK:
        cut += 1
    if cut == 0:
        yield 0, a.reshape(-1), b.reshape(-1)
        return
    row = math.prod(shape[cut:])
    step = max(1, _CHUNK // max(row, 1))
    for outer in np.ndindex(*shape[: cut - 1]):
        for start in range(0, shape[cut - 1], step):
            where = (*outer, slice(start, start + step))
            offset = int(np.ravel_multi_index((*outer, start, *(0 for _ in shape[cut:])), shape))
            yield offset, a[where].reshape(-1), b[where].reshape(-1)


def _compare(spec: np.ndarray, got: np.ndarray, rtol: float, atol: float) -> tuple[Difference, tuple[int, ...]]:
    """Differences over the elements both outputs have; shapes that differ count every element
    only one side has. Returns the difference and the worst index in the specification's output
    (the largest excess over the tolerance; else the first element only the specification has;
    else the largest absolute difference).

    Runs over blocks of :data:`_CHUNK` elements in three work arrays of that size, in the
    outputs' float type when they share one (float64 otherwise): per block a difference, its
    maximum, the tolerance test and the relative difference; equal values (equal infinities,
    equal NaNs) agree, a value against a NaN or against another infinity is infinitely far
    (against a tolerance of ``atol``). A block whose values are all equal costs one
    elementwise comparison; the tolerance test is skipped for a block
    whose largest difference is within ``atol``; the position of the worst element is looked
    for only in a block that has one."""
    shapes_differ = spec.shape != got.shape
    if spec.ndim != got.ndim:
        index = tuple(0 for _ in spec.shape)
        return Difference(float("nan"), float("nan"), int(max(spec.size, got.size)), int(spec.size), True), index
    box = tuple(slice(0, min(a, b)) for a, b in zip(spec.shape, got.shape, strict=True))
    a_box, b_box = spec[box], got[box]
    same = a_box.dtype == b_box.dtype and a_box.dtype.kind == "f"
    dt = a_box.dtype if same else np.dtype(np.float64)
    r, t = dt.type(rtol), dt.type(atol)
    size = min(int(a_box.size), _CHUNK)
    d_buf, s_buf, tol_buf = (np.empty(size, dtype=dt) for _ in range(3))
    mask_buf = np.empty(size, dtype=bool)
    max_abs = max_rel = 0.0
    bad_count = 0
    worst_excess, worst_flat = -np.inf, -1
    largest, largest_flat = -1.0, 0
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        for begin, a, b in _chunks(a_box, b_box):
            n = a.size
            if not n:
                continue
            d, s, tol, mask = d_buf[:n], s_buf[:n], tol_buf[:n], mask_buf[:n]
            if not same:
                a, b = a.astype(dt), b.astype(dt)
            np.not_equal(a, b, out=mask)
            if not mask.any():  # equal block (the usual case): nothing differs, every relative difference is 0
                continue
            np.subtract(a, b, out=d)
            np.abs(d, out=d)
            top = float(d.max())  # NaN when a difference is NaN
            np.abs(b, out=s)
            if not top < np.inf:  # a NaN or an infinity: settle those elements, then look again
                odd = np.flatnonzero(~np.isfinite(d))
                ao, bo = a[odd], b[odd]
                agree = (ao == bo) | (np.isnan(ao) & np.isnan(bo))
                d[odd] = np.where(agree, 0.0, np.inf)
                s[odd] = 0.0  # the tolerance is atol; the relative difference inf (0 where they agree)
                top = float(d.max())
            if shapes_differ:
                i = int(np.argmax(d))
                if float(d[i]) > largest:
                    largest, largest_flat = float(d[i]), begin + i
            max_abs = max(max_abs, top)
            if top > t:  # else every element is within atol, hence within the tolerance
                np.multiply(s, r, out=tol)
                tol += t
                np.greater(d, tol, out=mask)
                n_bad = int(np.count_nonzero(mask))
                if n_bad:
                    bad_count += n_bad
                    where = np.flatnonzero(mask)
                    excess = d[where].astype(np.float64) - tol[where]
                    i = int(np.argmax(excess))
                    if excess[i] > worst_excess:
                        worst_excess, worst_flat = float(excess[i]), begin + int(where[i])
            np.divide(d, s, out=s)  # relative: inf where |b| is 0 and d is not, NaN (ignored) at 0/0
            rel = float(np.fmax.reduce(s))
            if rel == rel:
                max_rel = max(max_rel, rel)
    overlap = int(a_box.size)
    differing = bad_count + (int(spec.size) - overlap) + (int(got.size) - overlap)
    if worst_flat >= 0:
        worst = tuple(int(i) for i in np.unravel_index(worst_flat, a_box.shape))
    elif shapes_differ and spec.size > overlap:  # the first element only the specification has
        inside = np.ones(spec.shape, dtype=bool)
        inside[box] = False
        worst = tuple(int(i) for i in np.argwhere(inside)[0])
    elif overlap and shapes_differ:
        worst = tuple(int(i) for i in np.unravel_index(largest_flat, a_box.shape))
    else:  # nothing differs: no element to show
        worst = tuple(0 for _ in spec.shape)
    return Difference(max_abs, max_rel, differing, int(spec.size), shapes_differ), worst
