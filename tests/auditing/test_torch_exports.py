"""Models exported from small torch modules with torch.onnx.export (the TorchScript exporter,
``dynamo=False``, which runs offline): a DCGAN-like generator and a U-Net-like decoder."""

from __future__ import annotations

import importlib
import io
import warnings

import pytest

from arraylens import audit

torch = importlib.import_module("torch")
nn = torch.nn

pytestmark = pytest.mark.conformance  # runs onnxruntime


class Generator(nn.Module):
    """DCGAN's generator, narrow: 4 ConvTranspose2d (kernel 4) with BatchNorm and ReLU, Tanh."""

    def __init__(self, z: int = 8, f: int = 4) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.ConvTranspose2d(z, f * 4, 4, 1, 0, bias=False), nn.BatchNorm2d(f * 4), nn.ReLU(True),
            nn.ConvTranspose2d(f * 4, f * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(f * 2), nn.ReLU(True),
            nn.ConvTranspose2d(f * 2, f, 4, 2, 1, bias=False), nn.BatchNorm2d(f), nn.ReLU(True),
            nn.ConvTranspose2d(f, 3, 4, 2, 1, bias=False), nn.Tanh(),
        )

    def forward(self, x):
        return self.net(x)


class Decoder(nn.Module):
    """A U-Net decoder stage: upsample (bilinear), pad to the skip's size, concatenate, conv."""

    def __init__(self) -> None:
        super().__init__()
        self.up = nn.ConvTranspose2d(8, 4, 3, stride=2, padding=1, output_padding=1)
        self.conv = nn.Conv2d(8, 4, 3, padding=1)
        self.head = nn.Conv2d(4, 2, 1)

    def forward(self, x, skip):
        a = nn.functional.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=False)
        b = nn.functional.pad(self.up(x), (0, 1, 1, 0), mode="reflect")[:, :, :-1, 1:]
        c = torch.cat([a[:, :4], b], dim=1)
        d = nn.functional.pad(c, (1, 0, 0, 1))
        return self.head(torch.relu(self.conv(d)))[:, :, :-1, 1:] + nn.functional.interpolate(
            skip, scale_factor=2.0, mode="nearest")


def _export(module, *args) -> bytes:
    torch.manual_seed(0)
    for p in module.parameters():  # non-trivial BatchNorm statistics come from the weights alone
        p.data.normal_()
    module.eval()
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(module, args, buffer, dynamo=False, opset_version=17)
    return buffer.getvalue()


def test_dcgan_generator_from_torch() -> None:
    report = audit(_export(Generator(), torch.randn(1, 8, 1, 1)))
    assert report.model["producer_name"] == "pytorch"
    verdicts = [(n.op, n.verdict) for n in report.nodes]
    conv_t = [v for op, v in verdicts if op == "ConvTranspose"]
    assert conv_t == ["agree"] * 4
    assert {v for op, v in verdicts if op != "ConvTranspose"} == {"unsupported"}
    assert report.exit_status == 0
    described = [n.description for n in report.nodes if n.op == "ConvTranspose"]
    assert described[1].endswith("PyTorch's ConvTranspose2d(..., kernel_size=4, stride=2, padding=1)")
    assert report.nodes[-1].output_shape == (1, 3, 32, 32)


def test_unet_decoder_from_torch() -> None:
    x = torch.randn(1, 8, 6, 6)
    report = audit(_export(Decoder(), x, torch.randn(1, 2, 6, 6)))
    by_op: dict[str, set[str]] = {}
    for n in report.nodes:
        by_op.setdefault(n.op, set()).add(n.verdict)
    assert by_op["Conv"] == {"agree"} and by_op["ConvTranspose"] == {"agree"} and by_op["Pad"] == {"agree"}
    assert by_op["Resize"] == {"agree"} and by_op["Concat"] == {"unsupported"}
    resize = [n.description for n in report.nodes if n.op == "Resize"]
    # torch 2.13's TorchScript exporter writes bilinear (align_corners=False) as half_pixel
    assert "Resize: linear, half_pixel: TF2's tf.image.resize bilinear (and PyTorch's align_corners=False except " \
           "an output of size 1)" in resize
    assert "Resize: nearest, asymmetric, floor: PyTorch's F.interpolate(mode='nearest') with nearest_mode floor; " \
           "TF1's resize_nearest_neighbor default" in resize
    constant = next(n.description for n in report.nodes if n.op == "Constant")
    assert constant.startswith("Constant: value <tensor [")
    assert report.exit_status == 0


@pytest.mark.parametrize("edit,rule", [("tf_half_pixel_for_nn", "resize_coordinate_mode_vs_producer")])
def test_edited_torch_export_trips_the_resize_rule(edit, rule) -> None:
    onnx = importlib.import_module("onnx")
    m = onnx.load_from_string(_export(Decoder(), torch.randn(1, 8, 6, 6), torch.randn(1, 2, 6, 6)))
    node = next(n for n in m.graph.node if n.op_type == "Resize" and any(
        a.name == "mode" and a.s == b"nearest" for a in n.attribute))
    for a in node.attribute:
        if a.name == "coordinate_transformation_mode":
            a.s = edit.encode()
    report = audit(m)
    flagged = [n for n in report.nodes if n.verdict == "pitfall"]
    assert [p["rule"] for n in flagged for p in n.pitfalls] == [rule]
