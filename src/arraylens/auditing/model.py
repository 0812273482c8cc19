"""Loading, checking and running an ONNX model for the audit.

onnx and onnxruntime are imported when a model is audited (they are the ``audit`` extra, not
dependencies of arraylens). Every mistake the caller can make (a file that is not ONNX, a
truncated one, an input name or shape the model does not declare, a symbolic dimension left
unbound) is one :class:`~arraylens.core.errors.ArgumentError` line.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError
from arraylens.core.limits import check_allocation

__all__ = ["DeclaredInput", "LoadedModel", "load_model", "make_inputs", "run_node", "run_whole_graph"]


def require(name: str) -> Any:
    """Import onnx / onnxruntime, or say in one line how to get them."""
    try:
        return importlib.import_module(name)
    except ImportError:
        raise ArgumentError(
            f"arraylens audit needs the {name} package: pip install 'arraylens[audit]' (onnx and onnxruntime)"
        ) from None


@dataclass(frozen=True)
class DeclaredInput:
    """A graph input the caller feeds: its name, element dtype and dims (int, a symbolic name,
    or None where the model leaves the size unknown)."""

    name: str
    dtype: np.dtype[Any]
    dims: tuple[int | str | None, ...] | None

    def declared(self) -> str:
        if self.dims is None:
            return f"{self.name} ({self.dtype.name}, any shape)"
        return f"{self.name} ({self.dtype.name}, [{', '.join('?' if d is None else str(d) for d in self.dims)}])"


@dataclass
class LoadedModel:
    """A checked model, its shape-inferred copy and what the audit reads from it."""

    model: Any  # onnx.ModelProto
    path: str | None
    inputs: list[DeclaredInput]
    initializers: dict[str, Any]  # name -> TensorProto
    types: dict[str, int]  # value name -> ONNX element type, where known
    shapes: dict[str, tuple[int, ...] | None]  # value name -> static shape, where shape inference knows it
    opset: int
    data: bytes | None = None  # the serialized model as read (a file or bytes without external data)


def _dtype(elem_type: int) -> np.dtype[Any]:
    onnx = require("onnx")
    try:
        return np.dtype(onnx.helper.tensor_dtype_to_np_dtype(elem_type))
    except Exception:
        raise ArgumentError(f"the model declares an input of ONNX element type {elem_type}, which NumPy "
                            "cannot hold") from None


def _dims(type_proto: Any) -> tuple[int | str | None, ...] | None:
    tensor = type_proto.tensor_type
    if not tensor.HasField("shape"):
        return None
    out: list[int | str | None] = []
    for d in tensor.shape.dim:
        if d.HasField("dim_value"):
            out.append(int(d.dim_value))
        elif d.HasField("dim_param") and d.dim_param:
            out.append(str(d.dim_param))
        else:
            out.append(None)
    return tuple(out)


def load_model(source: Any) -> LoadedModel:
    """Load (a path, bytes or an ``onnx.ModelProto``), check and shape-infer an ONNX model.

    A file or bytes without external data are checked, shape-inferred and later run as read
    (``LoadedModel.data``), never re-serialized: for a model with large weights each
    serialization costs as much as the checks.

    Raises
    ------
    ArgumentError
        One line: the file is missing or not a regular file, does not parse as ONNX (not ONNX,
        or truncated), or fails ``onnx.checker.check_model``.
    """
    onnx = require("onnx")
    path: str | None = None
    data: bytes | None = None  # kept while it is the model as it stands: checked, inferred, run as read
    if isinstance(source, onnx.ModelProto):
        model = source
    else:
        if isinstance(source, bytes | bytearray):
            data = bytes(source)
            where = "the model bytes"
        else:
            path = os.fspath(source)
            p = Path(path)
            if not p.exists():
                raise ArgumentError(f"{path}: no such file")
            if not p.is_file():
                raise ArgumentError(f"{path}: not a regular file (a model must be an .onnx file)")
            data = p.read_bytes()
            where = path
        model = onnx.ModelProto()
        try:
            model.ParseFromString(data)
        except Exception:
            raise ArgumentError(f"{where}: not an ONNX model (it does not parse as an ONNX protobuf; "
                                "a truncated or non-ONNX file)") from None
        if not data or not model.HasField("graph"):
            raise ArgumentError(f"{where}: not an ONNX model (no graph in it)")
        if path is not None:
            try:
                from onnx.external_data_helper import load_external_data_for_model, uses_external_data

                if any(uses_external_data(t) for t in model.graph.initializer):
                    load_external_data_for_model(model, str(Path(path).parent))
                    data = None  # the weights now live in ``model`` only
            except (OSError, ValueError) as exc:
                raise ArgumentError(f"{path}: cannot read its external data: {exc}") from None
    where = path or "the model"
    try:
        onnx.checker.check_model(model if data is None else data)
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ArgumentError(f"{where}: not a valid ONNX model: {first}") from None
    try:
        inferred = onnx.shape_inference.infer_shapes(model if data is None else data, check_type=False,
                                                     strict_mode=False)
    except Exception:
        inferred = model
    types: dict[str, int] = {}
    shapes: dict[str, tuple[int, ...] | None] = {}
    graph = inferred.graph
    for vi in (*graph.input, *graph.value_info, *graph.output):
        if vi.type.HasField("tensor_type") and vi.type.tensor_type.elem_type:
            types[vi.name] = int(vi.type.tensor_type.elem_type)
            dims = _dims(vi.type)
            static = [d for d in dims or () if isinstance(d, int)]
            shapes[vi.name] = tuple(static) if dims is not None and len(static) == len(dims) else None
    initializers = {t.name: t for t in model.graph.initializer}
    declared = []
    for vi in model.graph.input:
        if vi.name in initializers:
            continue
        if not vi.type.HasField("tensor_type"):
            raise ArgumentError(f"{where}: input {vi.name!r} is not a tensor; arraylens audit feeds tensors only")
        declared.append(DeclaredInput(vi.name, _dtype(vi.type.tensor_type.elem_type), _dims(vi.type)))
    opset = next((int(o.version) for o in model.opset_import if o.domain in ("", "ai.onnx")), 0)
    return LoadedModel(model, path, declared, initializers, types, shapes, opset, data)


def make_inputs(loaded: LoadedModel, given: Mapping[str, Any] | None, dims: Mapping[str, int] | None,
                seed: int) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    """The feeds: the given arrays (checked against the declared names, ranks, sizes and dtypes;
    a float array of another float width, or an int array of another int width, is cast), and
    random values of the declared shapes and dtypes for the others (``numpy.random.default_rng
    (seed)``; normal floats, ints in [0, 10), random bools), symbolic dimensions from ``dims``.

    Returns
    -------
    (feeds, sources)
        ``sources[name]`` says where each input came from.

    Raises
    ------
    ArgumentError
        A name the model has no input for, a shape or dtype that does not match, a symbolic
        dimension bound to two sizes or left unbound, a dimension size < 1, a ``dims`` name no
        input has.
    """
    given = dict(given or {})
    dims = dict(dims or {})
    names = {d.name for d in loaded.inputs}
    listing = ", ".join(d.declared() for d in loaded.inputs) or "none"
    for name in given:
        if name not in names:
            raise ArgumentError(f"the model has no input named {name!r} (its inputs: {listing})")
    symbols = {d for inp in loaded.inputs for d in (inp.dims or ()) if isinstance(d, str)}
    for name, size in dims.items():
        if name not in symbols:
            raise ArgumentError(f"dimension {name!r}: no model input has a symbolic dimension of that name "
                                f"(its inputs: {listing})")
        if isinstance(size, bool) or not isinstance(size, int | np.integer) or size < 1:
            raise ArgumentError(f"dimension {name!r} must be a positive integer, got {size!r}")
    bound: dict[str, int] = {k: int(v) for k, v in dims.items()}
    feeds: dict[str, np.ndarray] = {}
    sources: dict[str, str] = {}
    rng = np.random.default_rng(seed)
    for inp in loaded.inputs:
        if inp.name in given:
            a = np.asarray(given[inp.name])
            source = "given"
            if inp.dims is not None:
                if a.ndim != len(inp.dims):
                    raise ArgumentError(f"input {inp.name!r}: shape {tuple(a.shape)} has {a.ndim} dimensions, the "
                                        f"model declares {len(inp.dims)}: {inp.declared()}")
                for axis, (d, n) in enumerate(zip(inp.dims, a.shape, strict=True)):
                    if isinstance(d, int) and d != n:
                        raise ArgumentError(f"input {inp.name!r}: shape {tuple(a.shape)} does not match "
                                            f"{inp.declared()} (axis {axis} must be {d})")
                    if isinstance(d, str):
                        if bound.setdefault(d, int(n)) != n:
                            raise ArgumentError(f"input {inp.name!r}: axis {axis} is {n} but dimension {d!r} is "
                                                f"{bound[d]}")
            if a.dtype != inp.dtype:
                same_kind = (a.dtype.kind == inp.dtype.kind == "f") or (
                    a.dtype.kind in "iu" and inp.dtype.kind in "iu")
                if not same_kind:
                    raise ArgumentError(f"input {inp.name!r}: dtype {a.dtype.name}, the model declares "
                                        f"{inp.dtype.name}")
                source += f" (cast from {a.dtype.name})"
                a = a.astype(inp.dtype)
            feeds[inp.name] = np.ascontiguousarray(a)
            sources[inp.name] = source
    for inp in loaded.inputs:
        if inp.name in feeds:
            continue
        if inp.dims is None:
            raise ArgumentError(f"input {inp.name!r} has no declared shape: give it (--input {inp.name}=FILE)")
        shape = []
        for axis, d in enumerate(inp.dims):
            if isinstance(d, int):
                shape.append(d)
            elif isinstance(d, str) and d in bound:
                shape.append(bound[d])
            else:
                what = f"is symbolic ({d!r})" if isinstance(d, str) else "has no size"
                hint = f"--dim {d}=N" if isinstance(d, str) else f"--input {inp.name}=FILE"
                raise ArgumentError(f"input {inp.name!r}: axis {axis} {what}; give it with {hint}")
        check_allocation(shape, inp.dtype, f"random input {inp.name!r}")
        if inp.dtype.kind == "f":
            a = rng.standard_normal(shape).astype(inp.dtype)
        elif inp.dtype.kind in "iu":
            a = rng.integers(0, 10, size=shape).astype(inp.dtype)
        elif inp.dtype.kind == "b":
            a = rng.random(shape) < 0.5
        else:
            raise ArgumentError(f"input {inp.name!r}: arraylens cannot make random {inp.dtype.name} values; "
                                f"give it (--input {inp.name}=FILE)")
        feeds[inp.name] = a
        sources[inp.name] = f"random (seed {seed})"
    return feeds, sources


def _session(model: Any) -> Any:
    """A session for one run: onnxruntime's default graph optimizations and kernels, with two
    settings that only change how it holds memory and waits for work. Without its memory arena
    (which a single run grows, page by page, and never reuses) and with its worker threads
    sleeping instead of spinning between operators, the run of the audit's benchmark model with
    every value exposed took 19-20 ms of CPU time instead of 26 on one thread, 20-22 instead of
    36-47 on two (see docs/audit.md); the values are identical."""
    ort = require("onnxruntime")
    options = ort.SessionOptions()
    options.log_severity_level = 4  # its errors come back as exceptions
    options.enable_cpu_mem_arena = False
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    data = model if isinstance(model, bytes) else model.SerializeToString()
    return ort.InferenceSession(data, options, providers=["CPUExecutionProvider"])


def _first_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:400] if text else type(exc).__name__


def run_whole_graph(loaded: LoadedModel, feeds: Mapping[str, np.ndarray]) -> tuple[dict[str, np.ndarray] | None,
                                                                                    str | None]:
    """Run the model once with every node output added as a graph output (typed by shape
    inference's element type, shapes left open so that onnxruntime's own shapes stand).

    Returns
    -------
    (values, error)
        Every value by name, or None and onnxruntime's message when it cannot run the graph.
    """
    onnx = require("onnx")
    extra = onnx.ModelProto()  # only the added outputs: protobuf merges a message appended to another
    present = {o.name for o in loaded.model.graph.output}
    for node in loaded.model.graph.node:
        for name in node.output:
            if name and name not in present:
                present.add(name)
                extra.graph.output.append(_value_info(name, loaded.types.get(name)))
    model_bytes = loaded.data if loaded.data is not None else loaded.model.SerializeToString()
    try:
        session = _session(model_bytes + extra.SerializeToString())
        names = [o.name for o in session.get_outputs()]
        values = session.run(names, dict(feeds))
    except Exception as exc:
        return None, _first_line(exc)
    return dict(zip(names, values, strict=True)), None


def _value_info(name: str, elem_type: int | None) -> Any:
    onnx = require("onnx")
    if elem_type:
        return onnx.helper.make_tensor_value_info(name, elem_type, None)
    return onnx.helper.make_empty_tensor_value_info(name)


def run_node(loaded: LoadedModel, node: Any, inputs: Sequence[np.ndarray | None]) -> tuple[list[np.ndarray] | None,
                                                                                          str | None]:
    """Run one node alone (a one-node model with the model's opsets), its inputs fed as given.

    Returns
    -------
    (outputs, error)
        The node's outputs in order, or None and onnxruntime's message.
    """
    onnx = require("onnx")
    helper = onnx.helper
    feed_names = []
    graph_inputs = []
    feeds = {}
    for name, a in zip(node.input, inputs, strict=True):
        if not name or a is None or name in feeds:
            continue
        feed_names.append(name)
        feeds[name] = a
        graph_inputs.append(helper.make_tensor_value_info(
            name, helper.np_dtype_to_tensor_dtype(np.asarray(a).dtype), list(np.shape(a))))
    outputs = [_value_info(n, loaded.types.get(n)) for n in node.output if n]
    graph = helper.make_graph([node], "audit_node", graph_inputs, outputs)
    model = helper.make_model(graph, opset_imports=list(loaded.model.opset_import))
    model.ir_version = loaded.model.ir_version
    try:
        session = _session(model)
        values = session.run([o.name for o in outputs], feeds)
    except Exception as exc:
        return None, _first_line(exc)
    return list(values), None
