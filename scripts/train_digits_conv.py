"""Train a small convolutional network on scikit-learn's 8x8 digits; save its first layer.

The weights that ``arraylens demo`` draws as a kernel grid (``src/arraylens/data/digits_conv1.npz``)
were made by this script, with the test extra installed (torch==2.13.0, scikit-learn):

    .venv/bin/python scripts/train_digits_conv.py

No download: ``sklearn.datasets.load_digits`` ships its 1797 images. The network is
conv(1->8, 3x3, pad 1) - ReLU - maxpool 2 - conv(8->16, 3x3, pad 1) - ReLU - maxpool 2 -
linear(64->10), trained with Adam for 40 epochs on a fixed 75/25 split (seed 0). The file holds
the first layer's weight in PyTorch's OIHW layout (8, 1, 3, 3), float32, its bias, the held-out
accuracy and the versions used.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import sklearn
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn

OUT = Path(__file__).resolve().parents[1] / "src" / "arraylens" / "data" / "digits_conv1.npz"


def build() -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 2 * 2, 10),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--epochs", type=int, default=40)
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(1)
    digits = load_digits()
    x = (digits.images / 16.0).astype(np.float32)[:, None]  # (N, 1, 8, 8), pixels 0..1
    y = digits.target.astype(np.int64)
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=0.25, random_state=0, stratify=y)
    net = build()
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    xt, yt = torch.from_numpy(x_tr), torch.from_numpy(y_tr)
    gen = torch.Generator().manual_seed(0)
    for _ in range(args.epochs):
        order = torch.randperm(len(xt), generator=gen)
        for start in range(0, len(xt), 64):
            batch = order[start: start + 64]
            opt.zero_grad()
            loss = nn.functional.cross_entropy(net(xt[batch]), yt[batch])
            loss.backward()
            opt.step()
    with torch.no_grad():
        accuracy = float((net(torch.from_numpy(x_te)).argmax(1).numpy() == y_te).mean())
    conv1 = net[0]
    assert isinstance(conv1, nn.Conv2d)
    np.savez_compressed(
        args.out,
        weight=conv1.weight.detach().numpy().astype(np.float32),
        bias=conv1.bias.detach().numpy().astype(np.float32),
        test_accuracy=np.float64(accuracy),
        layout=np.array("OIHW"),
        made_by=np.array(f"scripts/train_digits_conv.py, torch {torch.__version__}, "
                         f"scikit-learn {sklearn.__version__}, {args.epochs} epochs, seed 0"),
    )
    print(f"held-out accuracy {accuracy:.4f}; wrote {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
