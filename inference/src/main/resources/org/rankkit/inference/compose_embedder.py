#!/usr/bin/env python3
"""Composes RankKit's embedder.pt: the fine-tuned TorchScript backbone + the head + the input
normalisation, as one TorchScript module (written by `rankkit export`, which runs this script).

Usage: compose_embedder.py MODEL_DIR    (reads backbone.pt and head.json there, writes embedder.pt)

embedder.pt maps float32 pixels (B, C, S, S) scaled to [0, 1], after model.json's resize / crop,
to L2-normalised embeddings (B, embeddingSize):
    x = (pixels - mean) / std;  f = backbone(x);  f = mean over spatial / sequence axes;
    e = f @ W.T + b;  e = e / max(||e||, 1e-12)
"""
import json
import sys
from pathlib import Path
from typing import List

import torch


class Embedder(torch.nn.Module):
    def __init__(self, backbone, weight: List[List[float]], bias: List[float], mean: List[float], std: List[float]):
        super().__init__()
        self.backbone = backbone
        self.linear = torch.nn.Linear(len(weight[0]), len(weight))
        with torch.no_grad():
            self.linear.weight.copy_(torch.tensor(weight, dtype=torch.float32))
            self.linear.bias.copy_(torch.tensor(bias, dtype=torch.float32))
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32).view(1, -1, 1, 1))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32).view(1, -1, 1, 1))

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        f = self.backbone((pixels - self.mean) / self.std)
        if f.dim() == 4:
            f = f.mean(dim=[2, 3])
        elif f.dim() == 3:
            f = f.mean(dim=1)
        return torch.nn.functional.normalize(self.linear(f), p=2.0, dim=1, eps=1e-12)


def main() -> None:
    model_dir = Path(sys.argv[1])
    head = json.loads((model_dir / "head.json").read_text())
    backbone = torch.jit.load(str(model_dir / "backbone.pt"), map_location="cpu")
    backbone.eval()
    net = Embedder(backbone, head["weight"], head["bias"], head["mean"], head["std"]).eval()
    scripted = torch.jit.script(net)
    scripted.save(str(model_dir / "embedder.pt"))
    print("wrote", model_dir / "embedder.pt", "with torch", torch.__version__)


if __name__ == "__main__":
    main()
