#!/usr/bin/env python3
"""Writes trainer/src/test/resources/torchscript/tiny_backbone.pt, the test fixture of a TorchScript backbone.

The fixture is a tiny feature extractor (conv 3x3 with 1 -> 4 channels, ReLU, mean over H and W)
returning (B, 4) features, the shape the RankKit trainer expects from any TorchScript backbone.

With PyTorch installed this follows the documented export recipe (docs in trainer/README.md):

    net = TinyBackbone().eval()
    torch.jit.script(net).save(path)       # or torch.jit.trace(net, example_input)

Without PyTorch (the build machine has none) it writes the same TorchScript archive by hand: a zip
holding code/__torch__.py (the TorchScript source of the class), data.pkl (the module's attributes,
pickled with protocol 2, tensors as persistent storage ids), data/<key> (raw little-endian float32
storages), constants.pkl and version. The weights come from a fixed seed, so the file is
reproducible byte for byte.

Usage: python3 trainer/scripts/make_torchscript_fixture.py [OUTPUT.pt]
"""
import io
import pickle
import random
import struct
import sys
import types
import zipfile
from collections import OrderedDict
from pathlib import Path

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else (
    Path(__file__).resolve().parent.parent / "src/test/resources/torchscript/tiny_backbone.pt")

CHANNELS = 4


def with_torch(path):
    import torch

    class TinyBackbone(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = torch.nn.Conv2d(1, CHANNELS, 3, padding=1)

        def forward(self, x):
            return torch.relu(self.conv(x)).mean(dim=(2, 3))

    torch.manual_seed(0)
    torch.jit.script(TinyBackbone().eval()).save(str(path))


CODE = '''class TinyBackbone(Module):
  __parameters__ = ["weight", "bias", ]
  __buffers__ = []
  weight : Tensor
  bias : Tensor
  training : bool
  def forward(self: __torch__.TinyBackbone,
    x: Tensor) -> Tensor:
    y = torch.conv2d(x, self.weight, self.bias, [1, 1], [1, 1], [1, 1], 1)
    y0 = torch.relu(y)
    return torch.mean(y0, [2, 3])
'''


def without_torch(path):
    # Fake modules so that the pickler writes the globals TorchScript's unpickler knows.
    def module(name):
        m = types.ModuleType(name)
        sys.modules[name] = m
        return m

    torch_mod, utils_mod, ts_mod = module("torch"), module("torch._utils"), module("__torch__")

    class FloatStorage:  # torch.FloatStorage, only referenced as a type
        pass

    FloatStorage.__module__, FloatStorage.__qualname__ = "torch", "FloatStorage"
    torch_mod.FloatStorage = FloatStorage

    def _rebuild_tensor_v2(*args):
        raise NotImplementedError

    _rebuild_tensor_v2.__module__ = "torch._utils"
    _rebuild_tensor_v2.__qualname__ = "_rebuild_tensor_v2"
    utils_mod._rebuild_tensor_v2 = _rebuild_tensor_v2

    class Storage:
        def __init__(self, key, values):
            self.key, self.values = key, values

    class Tensor:
        def __init__(self, storage, shape):
            self.storage, self.shape = storage, shape

        def __reduce__(self):
            strides, s = [], 1
            for d in reversed(self.shape):
                strides.insert(0, s)
                s *= d
            return (_rebuild_tensor_v2,
                    (self.storage, 0, tuple(self.shape), tuple(strides), False, OrderedDict()))

    class TinyBackbone:
        pass

    TinyBackbone.__module__, TinyBackbone.__qualname__ = "__torch__", "TinyBackbone"
    ts_mod.TinyBackbone = TinyBackbone

    class Pickler(pickle.Pickler):
        def persistent_id(self, obj):
            if isinstance(obj, Storage):
                return ("storage", FloatStorage, obj.key, "cpu", len(obj.values))
            return None

    rng = random.Random(0)
    fan_in = 9
    bound = 1 / fan_in ** 0.5
    weight = [rng.uniform(-bound, bound) for _ in range(CHANNELS * 9)]
    bias = [rng.uniform(-bound, bound) for _ in range(CHANNELS)]
    storages = [Storage("0", weight), Storage("1", bias)]

    obj = TinyBackbone()
    obj.__dict__.update({
        "training": False,
        "weight": Tensor(storages[0], [CHANNELS, 1, 3, 3]),
        "bias": Tensor(storages[1], [CHANNELS]),
    })
    buf = io.BytesIO()
    Pickler(buf, protocol=2).dump(obj)
    constants = io.BytesIO()
    pickle.Pickler(constants, protocol=2).dump(())

    root = "tiny_backbone/"
    fixed = (1980, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        def put(name, data):
            info = zipfile.ZipInfo(root + name, date_time=fixed)
            z.writestr(info, data)

        put("data.pkl", buf.getvalue())
        put("code/__torch__.py", CODE)
        put("constants.pkl", constants.getvalue())
        for s in storages:
            put("data/" + s.key, struct.pack("<%df" % len(s.values), *s.values))
        put("version", "3\n")


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    try:
        import torch  # noqa: F401
        have_torch = True
    except ImportError:
        have_torch = False
    if have_torch:
        with_torch(OUT)
    else:
        without_torch(OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {'torch.jit.script' if have_torch else 'hand-written archive'})")
