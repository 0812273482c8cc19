"""The short answer ``arraylens demo`` opens with, and what each file it writes shows.

The answer is computed, not written out: the motivating ``tf.nn.conv2d_transpose`` call
(:mod:`arraylens.demos.conv_transpose`) is run and explained at ``out[0, 0]`` and at the
position where the product the user expected, ``x[0, 0] * f[-1, -1]``, really lands.
"""

from __future__ import annotations

from arraylens.core.text import format_number
from arraylens.demos.conv_transpose import arguments
from arraylens.frontends import tensorflow as tf

__all__ = ["FILES", "answer_lines", "describe"]

#: What each file the built-in cases write shows, by file name.
FILES: dict[str, str] = {
    "conv2d_transpose_overlay.png": "the scatter view: each input element adds a scaled, unflipped copy of "
                                    "the kernel at stride offsets; out[0,0] highlighted",
    "conv2d_transpose_direct.png": "the equivalent direct view: the zero-inserted input correlated with "
                                   "the kernel rotated 180 degrees",
    "conv2d_transpose.html": "the interactive page of the transposed convolution: hover an output "
                             "element to see its terms (open in a browser)",
    "digits_conv1_kernels.png": "the kernels of a conv layer learned on the 8x8 digits, drawn for their "
                                "layout with 0 at mid-grey",
    "argmax_values.png": "np.argmax: every value of x, the winner of each column boxed with its value",
    "nested_stack.png": "nested_stack's batch-first result: one 2x2 matrix per element of x",
    "corrcoef_vs_cov.png": "np.corrcoef(m), the misuse np.corrcoef(np.cov(m)), and cov_to_corr(np.cov(m)) "
                           "side by side",
    "corrcoef_mst.png": "the minimum spanning tree of the correlations (distance sqrt(2(1 - rho)))",
    "corrcoef_mst.csv": "the same tree's edges as a table, to open in a spreadsheet",
    "octave_fft.png": "Octave's fft(v') against NumPy's np.fft.fft(v.T): the conjugate transpose and "
                      "the column-wise fft",
    "depth_to_space.png": "depth_to_space: which input channel fills each output pixel of a block",
    "pool_torch_corner.png": "torch avg_pool2d (ceil_mode, count_include_pad=True): the corner window on the "
                             "6x6 plane, padding and ceil-mode cells hatched, and its divisor",
    "pool_torch_corner.html": "the interactive page of torch's avg_pool2d: hover an output to see its window "
                              "and divisor",
    "pool_onnx_corner.png": "ONNX AveragePool (ceil_mode, count_include_pad=0): the same corner window, "
                            "divided by its input cells only",
    "pool_onnx_corner.html": "the interactive page of ONNX's AveragePool: hover an output to see its window "
                             "and divisor",
    "pool_tf_corner.png": "TensorFlow avg_pool2d SAME: its corner window (SAME pads after; padding never "
                          "counted)",
    "pool_tf_corner.html": "the interactive page of TensorFlow's avg_pool2d: hover an output to see its "
                           "window and divisor",
    "resize_sampling_grid.png": "where TF2 (half_pixel) and TF1 (asymmetric) sample the 5x6 image for the "
                                "explained pixel: source positions, taps and weights side by side",
    "resize.html": "the interactive page of the resize: hover an output pixel to see its source position and "
                   "weights",
}


def describe(name: str, case: str) -> str:
    """One line on what the file ``name`` shows (a file not in :data:`FILES` is named with
    the case that wrote it)."""
    return FILES.get(name, f"written by the {case} case")


def answer_lines() -> list[str]:
    """The seed question's answer in a few lines: why ``out[0,0]`` is 67, why not 603, and
    where 603 lands (the value there, as its sum of products)."""
    args, kwargs = arguments()
    x, f = args[0], args[1]
    kh, kw = f.shape[0], f.shape[1]
    corner = tf.conv2d_transpose.explain(*args, at=(0, 0, 0, 0), **kwargs)
    (term,) = corner.terms
    expected = float(x[0, 0, 0, 0] * f[kh - 1, kw - 1, 0, 0])
    lands = (0, kh - 1, kw - 1, 0)  # input (0, 0) meets tap (kh-1, kw-1) at stride offset 0
    there = tf.conv2d_transpose.explain(*args, at=lands, **kwargs)
    n = format_number

    def product(t: object) -> str:
        return f"({n(t.input_value)})({n(t.weight_value)})"  # type: ignore[attr-defined]

    return [
        f"out[0,0] = {n(corner.value)} = {product(term)}: x[0,0] times f[0,0], the kernel's first tap.",
        "A transposed convolution scatters: each input element adds a copy of the kernel, scaled and",
        "NOT flipped, at its stride offset. Only the copy from x[0,0] reaches out[0,0], with f[0,0].",
        f"{n(expected)} = ({n(x[0, 0, 0, 0])})({n(f[kh - 1, kw - 1, 0, 0])}) would pair x[0,0] with the opposite "
        f"corner tap f[{kh - 1},{kw - 1}], as if the kernel were rotated 180 degrees and laid on x at out[0,0].",
        f"x[0,0] meets f[{kh - 1},{kw - 1}] only at out[{lands[1]},{lands[2]}], where {n(expected)} is one "
        f"of {len(there.terms)} products: out[{lands[1]},{lands[2]}] = {n(there.value)} = "
        + " + ".join(product(t) for t in sorted(there.terms, key=lambda t: t.input_index)) + ".",
    ]
