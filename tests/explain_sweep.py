"""One valid call of every registered op on random (seeded) small inputs, explained at random
output elements: the corpus the wording tests read (``tests/core/test_wording.py``).

Each op gets a builder ``rng -> (args, kwargs)``; :func:`explanations` calls the op, picks a few
output indices and yields their explanations. Inputs mix negative numbers, zeros, ties and
(for the complex ops) complex values, the cases where the wording rules matter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from arraylens import frontends
from arraylens.core import registry
from arraylens.core.explanation import Explanation

frontends.load()

Builder = Callable[[np.random.Generator], tuple[tuple[Any, ...], dict[str, Any]]]


def _r(rng: np.random.Generator, *shape: int) -> np.ndarray:
    """Small signed values, some repeated (ties), some zero, some negative."""
    return rng.choice([-2.5, -1.0, -0.0528292, 0.0, 0.372843, 1.0, 3.0, 9.0], size=shape)


def _c(rng: np.random.Generator, *shape: int) -> np.ndarray:
    return _r(rng, *shape) + 1j * _r(rng, *shape)


BUILDERS: dict[str, Builder] = {
    "tf.nn.conv1d_transpose": lambda g: (
        (_r(g, 1, 3, 2), _r(g, 3, 1, 2)),
        dict(output_shape=(1, 7, 1), strides=2, padding="VALID"),
    ),
    "tf.nn.conv2d_transpose": lambda g: (
        (_r(g, 1, 2, 2, 1), _r(g, 3, 3, 1, 1)),
        dict(output_shape=(1, 4, 4, 1), strides=2, padding="SAME"),
    ),
    "tf.nn.conv3d_transpose": lambda g: (
        (_r(g, 1, 2, 2, 2, 1), _r(g, 2, 2, 2, 1, 1)),
        dict(output_shape=(1, 4, 4, 4, 1), strides=2, padding="VALID"),
    ),
    "tf.nn.conv_transpose": lambda g: (
        (_r(g, 1, 2, 2, 1), _r(g, 3, 3, 1, 1)),
        dict(output_shape=(1, 5, 5, 1), strides=2, padding="VALID"),
    ),
    "tf.nn.conv1d": lambda g: ((_r(g, 1, 5, 2), _r(g, 3, 2, 1)), dict(stride=1, padding="SAME")),
    "tf.nn.conv2d": lambda g: ((_r(g, 1, 4, 4, 1), _r(g, 2, 2, 1, 2)), dict(strides=2, padding="SAME")),
    "tf.nn.conv3d": lambda g: (
        (_r(g, 1, 3, 3, 3, 1), _r(g, 2, 2, 2, 1, 1)),
        dict(strides=[1, 1, 1, 1, 1], padding="VALID"),
    ),
    "tf.nn.depth_to_space": lambda g: ((_r(g, 1, 2, 2, 4), 2), {}),
    "tf.nn.space_to_depth": lambda g: ((_r(g, 1, 4, 4, 1), 2), {}),
    "tf.pad": lambda g: (
        (_r(g, 3, 3), [[1, 2], [2, 1]]),
        dict(mode=str(g.choice(["CONSTANT", "REFLECT", "SYMMETRIC"]))),
    ),
    "torch.conv_transpose1d": lambda g: ((_r(g, 1, 2, 3), _r(g, 2, 1, 3), _r(g, 1)), dict(stride=2, padding=1)),
    "torch.conv_transpose2d": lambda g: (
        (_r(g, 1, 1, 2, 2), _r(g, 1, 1, 3, 3)),
        dict(stride=2, padding=1, output_padding=1),
    ),
    "torch.conv_transpose3d": lambda g: ((_r(g, 1, 1, 2, 2, 2), _r(g, 1, 1, 2, 2, 2)), dict(stride=2)),
    "torch.conv1d": lambda g: ((_r(g, 1, 2, 5), _r(g, 1, 2, 3)), dict(padding=1)),
    "torch.conv2d": lambda g: ((_r(g, 1, 1, 4, 4), _r(g, 2, 1, 3, 3), _r(g, 2)), dict(stride=2, padding=1)),
    "torch.conv3d": lambda g: ((_r(g, 1, 1, 3, 3, 3), _r(g, 1, 1, 2, 2, 2)), {}),
    "torch.pixel_shuffle": lambda g: ((_r(g, 1, 4, 2, 2), 2), {}),
    "torch.pixel_unshuffle": lambda g: ((_r(g, 1, 1, 4, 4), 2), {}),
    "torch.pad": lambda g: (
        (_r(g, 1, 3, 3), [2, 1, 1, 2]),
        dict(mode=str(g.choice(["constant", "reflect", "replicate", "circular"]))),
    ),
    "onnx.ConvTranspose": lambda g: ((_r(g, 1, 1, 2, 2), _r(g, 1, 1, 3, 3)), dict(strides=[2, 2], pads=[1, 1, 0, 0])),
    "onnx.Conv": lambda g: ((_r(g, 1, 1, 4, 4), _r(g, 1, 1, 3, 3)), dict(pads=[1, 1, 1, 1])),
    "onnx.DepthToSpace": lambda g: ((_r(g, 1, 4, 2, 2),), dict(blocksize=2, mode=str(g.choice(["DCR", "CRD"])))),
    "onnx.SpaceToDepth": lambda g: ((_r(g, 1, 1, 4, 4),), dict(blocksize=2)),
    "onnx.Pad": lambda g: (
        (_r(g, 3, 3), [1, 2, 2, 1]),
        dict(mode=str(g.choice(["constant", "reflect", "edge", "wrap"]))),
    ),
    "keras.Conv1DTranspose": lambda g: ((_r(g, 1, 3, 2), _r(g, 3, 1, 2)), dict(strides=2, padding="same")),
    "keras.Conv2DTranspose": lambda g: (
        (_r(g, 1, 2, 2, 1), _r(g, 3, 3, 1, 1), _r(g, 1)),
        dict(strides=2, padding="valid"),
    ),
    "keras.Conv3DTranspose": lambda g: ((_r(g, 1, 2, 2, 2, 1), _r(g, 2, 2, 2, 1, 1)), dict(strides=2)),
    "jax.lax.conv_transpose": lambda g: ((_r(g, 1, 2, 2, 1), _r(g, 3, 3, 1, 1)), dict(strides=(2, 2), padding="SAME")),
    "np.argmax": lambda g: ((_r(g, 3, 4),), dict(axis=int(g.integers(0, 2)))),
    "np.argmin": lambda g: ((_r(g, 5),), {}),
    "np.amax": lambda g: ((_r(g, 3, 4),), dict(axis=0)),
    "np.amin": lambda g: ((_r(g, 2, 3),), {}),
    "np.cov": lambda g: ((_r(g, 3, 5),), {}),
    "np.corrcoef": lambda g: ((_r(g, 3, 5) + np.arange(5),), {}),
    "np.pad": lambda g: (
        (_r(g, 3, 3), ((1, 2), (2, 1))),
        dict(mode=str(g.choice(["constant", "reflect", "symmetric", "edge", "wrap", "linear_ramp", "mean"]))),
    ),
    "octave.fft": lambda g: ((_c(g, 4, 2),), {}),
    "octave.ifft": lambda g: ((_c(g, 1, 4),), dict(n=5)),
    "octave.ctranspose": lambda g: ((_c(g, 2, 3),), {}),
    "octave.transpose": lambda g: ((_c(g, 2, 3),), {}),
    "octave.max": lambda g: ((_r(g, 3, 4),), {}),
    "octave.min": lambda g: ((_r(g, 3, 4), _r(g, 1, 4)), {}),
    "octave.sum": lambda g: ((_r(g, 3, 4),), dict(dim=2)),
    "octave.mean": lambda g: ((_r(g, 3, 4),), {}),
    "octave.cumsum": lambda g: ((_r(g, 3, 4),), {}),
    "octave.sort": lambda g: ((_c(g, 4, 2),), dict(mode="descend")),
    "octave.cov": lambda g: ((_r(g, 5, 3),), {}),
    "octave.corr": lambda g: ((_r(g, 5, 3) + np.arange(5)[:, None],), {}),
    "octave.corrcoef": lambda g: ((_r(g, 5, 3) + np.arange(5)[:, None],), {}),
    "octave.reshape": lambda g: ((_r(g, 2, 6), 3, 4), {}),
    "octave.conv": lambda g: ((_r(g, 1, 7), _r(g, 1, 4)), dict(shape="same")),
    "octave.conv2": lambda g: ((_c(g, 4, 5), _r(g, 2, 2)), dict(shape="same")),
    "octave.filter": lambda g: ((_r(g, 1, 3), np.array([2.0, 0.5]), _r(g, 6, 2)), dict(nargout=2)),
    "octave.cumprod": lambda g: ((_r(g, 3, 4),), dict(dim=2)),
    "octave.diff": lambda g: ((_r(g, 4, 3), 2), {}),
    "octave.trapz": lambda g: ((np.arange(4.0), _r(g, 4, 3)), {}),
    "octave.find": lambda g: ((_r(g, 3, 4),), dict(nargout=int(g.integers(1, 4)))),
    "octave.unique": lambda g: ((_c(g, 3, 4), *[["first"], ["last"], ["stable"], []][int(g.integers(4))]),
                                dict(nargout=2)),
    "octave.histc": lambda g: ((_r(g, 3, 4), np.array([-2.5, -1.0, 0.0, 1.0, 3.0])), dict(nargout=2)),
    "octave.hist": lambda g: ((_r(g, 6, 2), int(g.integers(2, 13))), dict(nargout=2)),
    "octave.accumarray": lambda g: ((g.integers(1, 4, size=(5, 2)).astype(float), _r(g, 5)), {}),
    "octave.mldivide": lambda g: ((_r(g, 3, 3) + 4 * np.eye(3), _r(g, 3, 2)), {}),
    "octave.mrdivide": lambda g: ((_r(g, 2, 3), _r(g, 2, 3)), {}),
    "octave.kron": lambda g: ((_r(g, 2, 2), _c(g, 1, 3)), {}),
    "octave.to_column": lambda g: ((_r(g, 2, 3),), {}),
    "octave.colon": lambda g: ((float(g.integers(-3, 1)), 0.1, 1.0), {}),
    "octave.linspace": lambda g: ((float(g.normal()), float(g.normal()) + 5, 7), {}),
    "octave.interp1": lambda g: (
        (np.arange(5.0), _r(g, 5), np.linspace(-0.5, 4.5, 6)),
        dict(method=str(g.choice(["linear", "nearest", "previous", "next", "pchip", "spline"]))),
    ),
    "octave.meshgrid": lambda g: ((_r(g, 3), _r(g, 2)), dict(nargout=2)),
    "octave.ndgrid": lambda g: ((_r(g, 3), _r(g, 2)), dict(nargout=2)),
    "octave.round": lambda g: ((np.round(_r(g, 3, 4) * 4) / 2,), {}),
    "octave.fix": lambda g: ((_c(g, 3, 4),), {}),
    "octave.mod": lambda g: ((_r(g, 3, 4), _r(g, 1, 4)), {}),
    "octave.rem": lambda g: ((_r(g, 3, 4), _r(g, 3, 1)), {}),
    "octave.any": lambda g: ((np.round(_r(g, 3, 4)),), {}),
    "octave.all": lambda g: ((np.round(_r(g, 3, 4)),), dict(dim=2)),
    "octave.circshift": lambda g: ((_r(g, 3, 4), 1), dict(dim=2)),
    "octave.rot90": lambda g: ((_r(g, 2, 3, 2),), dict(k=-1)),
    "octave.std": lambda g: ((_r(g, 6, 3),), {}),
    "octave.var": lambda g: ((_r(g, 4, 3), np.array([1.0, 2.0, 0.5, 1.0])), {}),
    "octave.median": lambda g: ((_r(g, 4, 3),), {}),
    "octave.mode": lambda g: ((_r(g, 5, 3),), dict(nargout=2)),
    "octave.quantile": lambda g: ((_r(g, 6, 2), np.array([0.1, 0.5, 0.9])), {}),
    "octave.prctile": lambda g: ((_r(g, 6, 2), np.array([10.0, 90.0]), 1), {}),
}

# Poolings: every rank, with padding and ceil_mode where the op has them (the edge cases the
# divisor and window wording must get right).
for _nd in (1, 2, 3):
    _shape = (1, 2) + (5,) * _nd
    BUILDERS.update({
        f"torch.max_pool{_nd}d": lambda g, s=_shape: (
            (_r(g, *s), 3), dict(stride=2, padding=1, ceil_mode=True, return_indices=True),
        ),
        f"torch.avg_pool{_nd}d": lambda g, s=_shape: ((_r(g, *s), 3), dict(stride=2, padding=1, ceil_mode=True)),
        f"torch.adaptive_avg_pool{_nd}d": lambda g, s=_shape, n=_nd: ((_r(g, *s), (3,) * n), {}),
        f"torch.adaptive_max_pool{_nd}d": lambda g, s=_shape, n=_nd: ((_r(g, *s), (3,) * n), {}),
        f"torch.lp_pool{_nd}d": lambda g, s=_shape: ((np.abs(_r(g, *s)), 2.0, 2), dict(stride=2)),
    })
    _last = (1,) + (5,) * _nd + (2,)
    BUILDERS.update({
        f"tf.nn.max_pool{_nd}d": lambda g, s=_last: ((_r(g, *s).astype(np.float32), 3, 2, "SAME"), {}),
        f"tf.nn.avg_pool{_nd}d": lambda g, s=_last: ((_r(g, *s).astype(np.float32), 3, 2, "SAME"), {}),
        f"keras.MaxPooling{_nd}D": lambda g, s=_last: ((_r(g, *s).astype(np.float32), 2), dict(padding="same")),
        f"keras.AveragePooling{_nd}D": lambda g, s=_last: ((_r(g, *s).astype(np.float32), 3), dict(padding="same")),
        f"keras.GlobalAveragePooling{_nd}D": lambda g, s=_last: ((_r(g, *s).astype(np.float32),), {}),
        f"keras.GlobalMaxPooling{_nd}D": lambda g, s=_last: ((_r(g, *s).astype(np.float32),), dict(keepdims=True)),
    })
_plane = (1, 2, 5, 5)
BUILDERS.update({
    "tf.nn.max_pool": lambda g: ((_r(g, 1, 5, 5, 2).astype(np.float32), 3, 2, "VALID"), {}),
    "tf.nn.avg_pool": lambda g: ((_r(g, 1, 5, 5, 2).astype(np.float32), 3, 2, "SAME"), {}),
    "tf.nn.max_pool_with_argmax": lambda g: ((_r(g, 1, 5, 5, 2).astype(np.float32), 2, 2, "SAME"), {}),
    "onnx.MaxPool": lambda g: ((_r(g, *_plane),), dict(kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1],
                                                      ceil_mode=1)),
    "onnx.AveragePool": lambda g: ((_r(g, *_plane),), dict(kernel_shape=[3, 3], strides=[2, 2],
                                                          pads=[1, 1, 1, 1], ceil_mode=1, count_include_pad=1)),
    "onnx.LpPool": lambda g: ((_r(g, *_plane),), dict(kernel_shape=[2, 2], p=2)),
    "onnx.GlobalAveragePool": lambda g: ((_r(g, *_plane),), {}),
    "onnx.GlobalMaxPool": lambda g: ((_r(g, *_plane),), {}),
})

# Resizes: up- and downsampling, with the edge pixels where the coordinate rules differ.
BUILDERS.update({
    "tf.image.resize": lambda g: ((_r(g, 1, 3, 4, 1).astype(np.float32), (5, 3)),
                                  dict(method=str(g.choice(["bilinear", "nearest", "bicubic", "area"])))),
    "tf.compat.v1.image.resize_bilinear": lambda g: ((_r(g, 1, 3, 4, 1).astype(np.float32), (5, 3)), {}),
    "tf.compat.v1.image.resize_nearest_neighbor": lambda g: ((_r(g, 1, 3, 4, 1).astype(np.float32), (5, 3)),
                                                             dict(half_pixel_centers=True)),
    "tf.compat.v1.image.resize_bicubic": lambda g: ((_r(g, 1, 3, 4, 1).astype(np.float32), (5, 3)),
                                                    dict(align_corners=True)),
    "torch.nn.functional.interpolate": lambda g: (
        (_r(g, 1, 2, 3, 4).astype(np.float32),),
        dict(size=(5, 3), mode=str(g.choice(["nearest", "nearest-exact", "bilinear", "bicubic", "area"])))),
    "onnx.Resize": lambda g: (
        (_r(g, 1, 1, 3, 4).astype(np.float32),),
        dict(sizes=[1, 1, 5, 3], mode=str(g.choice(["nearest", "linear", "cubic"])),
             coordinate_transformation_mode=str(g.choice(["half_pixel", "asymmetric", "align_corners",
                                                         "pytorch_half_pixel"])))),
    "jax.image.resize": lambda g: ((_r(g, 3, 4).astype(np.float32), (5, 3),
                                    str(g.choice(["linear", "cubic", "nearest", "lanczos3"]))), {}),
    "keras.UpSampling2D": lambda g: ((_r(g, 1, 3, 4, 1).astype(np.float32),),
                                     dict(size=(2, 3), interpolation=str(g.choice(["nearest", "bilinear"])))),
    "keras.Resizing": lambda g: ((_r(g, 1, 3, 4, 1).astype(np.float32), 5, 3), {}),
    "cv2.resize": lambda g: ((_r(g, 3, 4).astype(np.float32), (3, 5)),
                             dict(interpolation=int(g.choice([0, 1, 2, 3, 4])))),
    "PIL.Image.resize": lambda g: ((_r(g, 3, 4).astype(np.float32), (3, 5)),
                                   dict(resample=int(g.choice([1, 2, 3])))),
})


def explanations(op: str, seeds: int = 4, per_call: int = 3) -> Iterator[Explanation]:
    """Explanations of ``op`` for ``seeds`` random inputs, ``per_call`` random elements each
    (the first element always among them)."""
    fn = registry.get(op).fn
    for seed in range(seeds):
        g = np.random.default_rng(seed)
        args, kwargs = BUILDERS[op](g)
        result = fn(*args, **kwargs)
        out = np.asarray(result[0] if isinstance(result, tuple) else result)  # [m, i] = max(x)
        picks = {(0,) * out.ndim}
        for _ in range(per_call - 1):
            picks.add(tuple(int(g.integers(0, n)) for n in out.shape))
        for at in sorted(picks):
            yield fn.explain(*args, at=at, **kwargs)
