"""Pooling: a window rule per spatial axis and a reduction (max, mean with a divisor rule, Lp).

Every library's pooling is one :class:`~arraylens.ops.pool.spec.PoolSpec`: per spatial axis a
:class:`~arraylens.ops.pool.spec.Window` (kernel, stride, dilation, ``(before, after)`` padding,
``ceil_mode`` and its ``drop_last`` rule) or an :class:`~arraylens.ops.pool.spec.AdaptiveWindows`
(explicit ``(start, end)`` per output), and one reduction:
:class:`~arraylens.ops.pool.spec.MaxReduction` (NaN rule, index encoding),
:class:`~arraylens.ops.pool.spec.MeanReduction` (divisor rule) or
:class:`~arraylens.ops.pool.spec.LpReduction`. The canonical array is channels-last,
``(N, *spatial, C)``; a plan's :class:`~arraylens.core.axis_map.AxisMap` relates it to the
caller's layout.

How a front-end builds one (the guide for new front-ends)
---------------------------------------------------------
1. Read the input with the library's dtype rules; refuse what the library refuses, with its
   wording (the spec only checks its own invariants: kernel, stride, dilation >= 1, padding >= 0,
   known rule names; it does not know "pad should be at most half of effective kernel size").
2. Build one ``Window`` per spatial axis (outermost first: depth, height, width) and the
   reduction; ``PoolSpec(axes, reduction)``. ``spec.output_spatial(spatial)`` gives the output
   sizes (entries below 1: the library's "output size is too small" error, the front-end's to
   raise) -- never write the size formula again.
3. ``PoolPlan(op, x, spec, layout, dtype, return_indices=..., framework=..., index_dtype=...)``
   with ``layout = AxisMap.channels_first(x.ndim, add_batch=unbatched)`` for NCHW-like input
   (``(C, *spatial)`` unbatched: ``add_batch=True``) or ``AxisMap.identity(x.ndim)`` for NHWC;
   ``dtype`` the result dtype (max keeps the input's; means are summed in
   :func:`~arraylens.ops.pool.kernel.accumulate_dtype` and cast once); ``framework`` names the
   conventions the account speaks of (``"torch"``, ``"onnx"``, ``"tensorflow"``, ``"keras"``).
   ``plan.compute()`` returns the values, or ``(values, indices)`` with ``return_indices`` (the
   indices in the reduction's encoding, ``index_dtype``); ``plan.explain(at)`` one element.
   A front-end that needs something else (Keras's ``keepdims=False``, ONNX's second output)
   wraps the plan or reshapes, as the other families do.
4. ``details`` of the explanation (``kind="pool"``): ``input_spatial``, ``output_spatial``,
   ``out_position``, ``batch``, ``channel``, ``axes`` (per axis: ``kind`` window/adaptive, its
   parameters, ``positions`` and their ``roles``), ``cells`` (``position``, ``role`` in
   input/padding/extension, ``value``; at most ``MAX_CELLS``), ``counts``, then ``winner`` (max:
   position, plane index, framework index and its encoding, decoded, ties, NaN cells) or
   ``divisor`` (rule, value, the sentence) or ``lp``. A figure draws the windows from ``axes`` and
   hatches the ``padding`` and ``extension`` cells.
5. Per-call cost: the public function looks the call up before checking it,
   ``pool_call(pool_key(name, input, *other arguments), input, lambda: checked_plan(...))``
   (``arraylens.frontends._pool_calls``); a call like one that passed every check gets that
   call's plan rebuilt from its input (:mod:`arraylens.ops.pool.prepared`). The plan must read
   the input itself (or ``read(input)``, passed along), and a wrapper around it needs a
   ``rewrapper()``; other plans are simply checked every time.

Each library as one choice of the spec
--------------------------------------
========================================  ===================================================================
call                                      spec
========================================  ===================================================================
torch ``max_poolNd(k, s, p, d, ceil)``    ``Window(k, s or k, d, (p, p), ceil)``; ``MaxReduction("last", "plane")``
torch ``avg_poolNd(..., cip, dov)``       ``Window(k, s or k, 1, (p, p), ceil)``; ``MeanReduction("padded" if cip
                                          else "valid")``, or ``MeanReduction("fixed", dov)``
torch ``adaptive_{avg,max}_poolNd(out)``  ``AdaptiveWindows.torch(n, out)``; mean ``"valid"`` / max as above
torch ``lp_poolNd(p, k, s, ceil)``        ``Window(k, s or k, 1, (0, 0), ceil)``; ``LpReduction(p, "torch", "padded")``
TF/Keras ``VALID``                        ``Window(k, s)`` (no padding, floor)
TF/Keras ``SAME``                         ``Window(k, s, 1, same_padding(n, k, s))``: the odd cell after
TF explicit pairs (max only)              ``Window(k, s, 1, (before, after))``
TF/Keras average                          ``MeanReduction("valid")`` (TensorFlow never counts padding)
TF ``max_pool_with_argmax``               ``MaxReduction(nan, "nhwc")``; ``include_batch_in_index``: ``"nhwc_batch"``
Keras global pooling                      ``AdaptiveWindows(n, (0,), (n,))`` per axis (or ``Window(n)``)
ONNX ``pads=[b..., e...]``                ``Window(k, s, d, (b_i, e_i), ceil_mode)``
ONNX ``auto_pad``                         ``SAME_UPPER``: ``same_padding(n, k, s, d)``; ``SAME_LOWER``:
                                          ``same_padding(..., extra_before=True)``; ``VALID``: ``(0, 0)``
ONNX ``ceil_mode=1`` (opset 22)           ``ceil_mode=True, drop_last="start_past_input"`` (the spec's "windows
                                          that would start in the right padded region are ignored", the
                                          same test as PyTorch's, added in opset 22); opset 19-21:
                                          ``drop_last="none"``, plain ceil
ONNX ``count_include_pad``                ``0``: ``MeanReduction("valid")``; ``1``: ``"padded"`` (the ceil
                                          extension not counted: onnx.reference and onnxruntime give 35 / 4
                                          at the 6x6 k3 s2 p1 ceil corner, tests/ops/pool)
ONNX ``storage_order``                    ``0``: ``MaxReduction(nan, "nchw")``; ``1``: ``"nchw_column"``
ONNX ``GlobalAveragePool/GlobalMaxPool``  ``AdaptiveWindows(n, (0,), (n,))`` per axis
ONNX ``LpPool(p)``                        ``LpReduction(p, "norm")`` (``(sum |x|^p)^(1/p)``, padding reads 0)
========================================  ===================================================================

The NaN rule of max pooling is a measured fact per library (:data:`~arraylens.ops.pool.spec.NAN_RULES`):
PyTorch's CPU kernels are ``"last"``; TensorFlow's ``MaxPool`` (and Keras's pooling layers) and
onnxruntime's ``GlobalMaxPool`` ``"ignore"`` with ``finite_floor`` (a window of -inf answers the
dtype's lowest finite value; TensorFlow: float32/float64 only); TensorFlow's ``MaxPoolWithArgmax``
and onnxruntime's ``MaxPool`` ``"leading"``; ``tf.reduce_max`` (Keras global max pooling) lets NaN
through (``"last"``, values only). Measured with tensorflow-cpu 2.21 and onnxruntime 1.32.
"""
