"""``arraylens.translate`` for resizes: the exact equivalent in each target (checked by
arraylens's own front-end of the target, then run against the real libraries), or the reason
there is none."""

from __future__ import annotations

import re

import numpy as np
import pytest

from arraylens import translate
from arraylens.translate import resize as R

RNG = np.random.default_rng(11)
X = RNG.standard_normal((1, 3, 5, 6)).astype(np.float32)


def _torch_bilinear(target: str, x: np.ndarray = X, size: tuple[int, int] = (8, 9)) -> R.ResizeTranslation:
    return translate("torch.nn.functional.interpolate", target, input=x, size=size, mode="bilinear",
                     align_corners=False)


def test_torch_bilinear_chain_onnx_tf_opencv() -> None:
    onnx = _torch_bilinear("onnx")
    assert onnx.possible and onnx.op == "onnx.Resize"
    assert onnx.arguments["mode"] == "linear" and onnx.arguments["antialias"] == 0
    # torch takes the centre on an output of 1: half_pixel, not pytorch_half_pixel (0 there)
    assert onnx.arguments["coordinate_transformation_mode"] == "half_pixel"
    tf2 = _torch_bilinear("tensorflow")
    assert tf2.call == "tf.image.resize(v, [8, 9], method='bilinear').numpy()"
    cv = _torch_bilinear("opencv")
    assert cv.call == "cv2.resize(v, (9, 8), interpolation=cv2.INTER_LINEAR)"
    keras_up = _torch_bilinear("keras", size=(10, 12))
    assert keras_up.call == "np.asarray(keras.layers.UpSampling2D(size=(2, 2), interpolation='bilinear')(v))"
    tf1 = _torch_bilinear("tensorflow.compat.v1")
    assert tf1.arguments == {"size": [8, 9], "align_corners": False, "half_pixel_centers": True}


def test_output_of_one_pixel_is_not_pytorch_half_pixel() -> None:
    t = _torch_bilinear("onnx", size=(1, 9))
    assert t.possible and t.arguments["coordinate_transformation_mode"] == "half_pixel"


def test_pil_antialiased_bicubic_has_no_opencv_equivalent_but_torch_has() -> None:
    img = RNG.random((13, 17)).astype(np.float32)
    t = translate("PIL.Image.resize", "opencv", image=img, size=(5, 7), resample=3)
    assert not t.possible
    assert "never widens its filter when downsampling" in t.reason
    assert "no translation: cv2.resize never widens" in str(t)
    torch_t = translate("PIL.Image.resize", "torch", image=img, size=(5, 7), resample=3)
    assert torch_t.arguments == {"size": (7, 5), "mode": "bicubic", "align_corners": False, "antialias": True}


def test_tf1_align_corners_nearest_has_no_torch_equivalent_but_onnx_has() -> None:
    x = RNG.standard_normal((1, 5, 6, 2)).astype(np.float32)
    t = translate("tf.compat.v1.image.resize_nearest_neighbor", "torch", images=x, size=(8, 9), align_corners=True)
    assert not t.possible
    assert "refuse align_corners" in t.reason
    o = translate("tf.compat.v1.image.resize_nearest_neighbor", "onnx", images=x, size=(8, 9), align_corners=True)
    assert o.arguments["coordinate_transformation_mode"] == "align_corners"
    assert o.arguments["nearest_mode"] == "round_prefer_ceil"


def test_tf2_nearest_is_torch_nearest_exact_and_onnx_default_nearest_is_not_torch() -> None:
    x = RNG.standard_normal((1, 5, 6, 1)).astype(np.float32)
    t = translate("tf.image.resize", "torch", images=x, size=(8, 9), method="nearest")
    assert t.arguments["mode"] == "nearest-exact"
    o = translate("onnx.Resize", "torch", X=X, sizes=np.array([1, 3, 8, 9], np.int64))
    assert not o.possible and "round_prefer_floor" in o.reason


def test_unknown_names_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown resize target"):
        R.translate("tf.image.resize", "matlab", images=X, size=(2, 2))


# --- snippets against the real libraries -----------------------------------------------------

pytest.importorskip("torch")
pytest.importorskip("tensorflow")
pytest.importorskip("cv2")
pytest.importorskip("PIL")
pytest.importorskip("jax")


def _sources(rng: np.random.Generator) -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    h, w = (int(v) for v in rng.integers(3, 9, size=2))
    oh, ow = (int(v) for v in rng.integers(1, 14, size=2))
    nchw = rng.standard_normal((1, 2, h, w)).astype(np.float32)
    nhwc = np.ascontiguousarray(nchw.transpose(0, 2, 3, 1))
    mode = ["nearest", "nearest-exact", "bilinear", "bicubic"][int(rng.integers(4))]
    torch_args: dict = {"input": nchw, "size": (oh, ow), "mode": mode}  # type: ignore[type-arg]
    if mode in ("bilinear", "bicubic"):
        torch_args["align_corners"] = bool(rng.integers(2))
        torch_args["antialias"] = not torch_args["align_corners"] and bool(rng.integers(2))
    return [
        ("torch.nn.functional.interpolate", torch_args),
        ("tf.image.resize", {"images": nhwc, "size": (oh, ow),
                             "method": ["bilinear", "nearest", "bicubic", "lanczos3"][int(rng.integers(4))],
                             "antialias": bool(rng.integers(2))}),
        ("tf.compat.v1.image.resize_bilinear", {"images": nhwc, "size": (oh, ow),
                                                 "align_corners": bool(rng.integers(2))}),
        ("cv2.resize", {"src": nhwc[0], "dsize": (ow, oh), "interpolation": int(rng.choice([0, 1, 2, 3]))}),
        ("PIL.Image.resize", {"image": nchw[0, 0], "size": (ow, oh), "resample": int(rng.choice([0, 1, 2, 3]))}),
        ("keras.UpSampling2D", {"x": nhwc, "size": (int(rng.integers(1, 4)), int(rng.integers(1, 4))),
                                "interpolation": ["nearest", "bilinear", "bicubic"][int(rng.integers(3))]}),
    ]


def test_every_translation_runs_as_printed_in_the_real_library() -> None:
    rng = np.random.default_rng(2026)
    checked = refused = 0
    for _ in range(4):
        for source, args in _sources(rng):
            first = next(iter(args))
            for target in R.TARGETS:
                t = R.translate(source, target, **args)
                if not t.possible:
                    assert t.reason
                    refused += 1
                    continue
                x = args[first]
                d = t.verify(x)  # executes the snippet with the real library
                scale = max(1.0, float(np.max(np.abs(x))))
                assert d <= 1e-4 * scale, f"{source} {args} -> {target}: {t.call} differs by {d}"
                checked += 1
    assert checked >= 60 and refused >= 10, (checked, refused)


def test_cli_translate_prints_a_runnable_snippet_and_verifies_it(capsys: pytest.CaptureFixture[str]) -> None:
    from arraylens.cli.main import main

    code = main(["translate", "tf.image.resize", "torch", "--arg", "images=shape:1,5,6,3", "--arg", "size=8,9",
                 "--verify"])
    out = capsys.readouterr().out
    assert code == 0
    assert "tf.image.resize -> torch: F.interpolate(torch.tensor(v), size=(8, 9), mode='bilinear', " \
           "align_corners=False).numpy()" in out
    verified = re.search(r"verified against torch \S+ on random data .*max \|diff\| (\S+) from", out)
    assert verified is not None, out
    assert float(verified.group(1)) < 1e-5
    code = main(["translate", "PIL.Image.resize", "opencv", "--arg", "image=shape:13,17", "--arg", "size=5,7",
                 "--arg", "resample=3"])
    assert code == 0
    assert "no translation: cv2.resize never widens its filter" in capsys.readouterr().out


def test_a_call_of_the_sources_own_filter_comes_first() -> None:
    """tf.image.resize bilinear 12 -> 4 is also an exact nearest-exact pick (the half-pixel
    centres land on input pixels); the translation offers torch's bilinear, exact at every size."""
    t = translate("tf.image.resize", "torch", images=np.zeros((1, 12, 12, 1), np.float32), size=(4, 4))
    assert t.possible and "mode='bilinear'" in t.call
