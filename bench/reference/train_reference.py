#!/usr/bin/env python3
"""Plain-PyTorch reference of RankKit's training recipe (small CNN + recall-at-k surrogate).

Reproduces, step for step, what `rankkit train` does with its defaults (small-cnn backbone,
recall-at-k loss, plain batch strategy, Adam, cosine schedule, class-balanced batches), so that
RankKit's accuracy and speed can be compared against plain PyTorch. The Java classes each part
mirrors are named in the docstrings and in README.md. Random streams differ from RankKit's (numpy
and torch generators instead of Java's SplittableRandom and DJL's engine seed), so two runs agree
in distribution, not bit for bit.

Input: a directory written by `rankkit dataset --export DIR` (train-images.npy, train-labels.npy,
test-images.npy, test-labels.npy, meta.json with mean and std). Run with --help for the options.
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

F32 = np.float32


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------- model
# Mirrors trainer/.../model/SmallResidualCnn.java and EmbeddingModel.java (DJL 0.33 blocks).


def conv(cin, cout, kernel, stride):
    """DJL Conv2d: padding kernel/2, no bias."""
    return nn.Conv2d(cin, cout, kernel, stride=stride, padding=kernel // 2, bias=False)


def conv_out(size, kernel, stride):
    pad = kernel // 2
    return (size + 2 * pad - kernel) // stride + 1


def norm_layer(norm, channels, h, w):
    """DJL normalisation block after each convolution.

    layer: LayerNorm.builder().axis(1, 2, 3): per-sample over (C, H, W); DJL gives gamma and beta
    the shape of the normalised axes, (C, H, W), eps 1e-5 -> nn.LayerNorm((C, H, W)).
    batch: BatchNorm (eps 1e-5, DJL momentum 0.9 = PyTorch momentum 0.1).
    none: identity.
    """
    if norm == "layer":
        return nn.LayerNorm((channels, h, w), eps=1e-5, elementwise_affine=True)
    if norm == "batch":
        return nn.BatchNorm2d(channels, eps=1e-5, momentum=0.1)
    return nn.Identity()


class ResidualBlock(nn.Module):
    """relu(norm(conv(relu(norm(conv(x))))) + shortcut(x)); the shortcut is a 1x1
    conv + norm (projection) or the identity."""

    def __init__(self, cin, cout, stride, project, norm, h, w):
        super().__init__()
        ho, wo = conv_out(h, 3, stride), conv_out(w, 3, stride)
        self.conv1 = conv(cin, cout, 3, stride)
        self.norm1 = norm_layer(norm, cout, ho, wo)
        self.conv2 = conv(cout, cout, 3, 1)
        self.norm2 = norm_layer(norm, cout, ho, wo)
        if project:
            self.shortcut = nn.Sequential(conv(cin, cout, 1, stride),
                                          norm_layer(norm, cout, conv_out(h, 1, stride),
                                                     conv_out(w, 1, stride)))
        else:
            self.shortcut = nn.Identity()
        self.out_hw = (ho, wo)

    def forward(self, x):
        y = F.relu(self.norm1(self.conv1(x)))
        y = self.norm2(self.conv2(y))
        return F.relu(y + self.shortcut(x))


class EmbeddingNet(nn.Module):
    """SmallResidualCnn backbone, then EmbeddingModel's head: global average pool, Linear(dim)
    with bias, L2 normalisation (x / max(||x||, 1e-12))."""

    def __init__(self, in_channels, height, width_px, width=32, stages=3, blocks_per_stage=1,
                 stem_stride=2, norm="layer", dim=128):
        super().__init__()
        h, w = conv_out(height, 3, stem_stride), conv_out(width_px, 3, stem_stride)
        self.stem = nn.Sequential(conv(in_channels, width, 3, stem_stride),
                                  norm_layer(norm, width, h, w), nn.ReLU())
        blocks = []
        cin = width
        for s in range(stages):
            filters = width << s
            for b in range(blocks_per_stage):
                stride = 2 if (s > 0 and b == 0) else 1
                project = b == 0 and s > 0
                block = ResidualBlock(cin, filters, stride, project, norm, h, w)
                h, w = block.out_hw
                blocks.append(block)
                cin = filters
        self.blocks = nn.Sequential(*blocks)
        self.head = nn.Linear(cin, dim, bias=True)

    def forward(self, x):
        x = self.blocks(self.stem(x))
        x = x.mean(dim=(2, 3))
        x = self.head(x)
        return F.normalize(x, p=2.0, dim=1, eps=1e-12)


def djl_init_(model):
    """DJL 0.33 defaults (Parameter.Type): WEIGHT = XavierInitializer(GAUSSIAN, IN, magnitude 2),
    i.e. N(0, sqrt(2 / fan_in)) with fan_in = in_channels * kh * kw (Linear: in_features);
    BIAS and BETA zeros, GAMMA ones, running mean 0 and running variance 1."""
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            fan_in = m.weight[0].numel()
            with torch.no_grad():
                m.weight.normal_(0.0, math.sqrt(2.0 / fan_in))
                if m.bias is not None:
                    m.bias.zero_()
        elif isinstance(m, (nn.LayerNorm, nn.BatchNorm2d)):
            with torch.no_grad():
                if m.weight is not None:
                    m.weight.fill_(1.0)
                    m.bias.zero_()
            if isinstance(m, nn.BatchNorm2d):
                m.reset_running_stats()


# ---------------------------------------------------------------------------------------- loss
# Mirrors docs/numeric-spec.md (recall-at-k) and loss-recall/.../RecallAtKLoss.java +
# FusedRecallKernel.java: the loss is evaluated in float64 whatever the similarities' type.


def _recall_rows(rows, qidx, pidx, pmask, npos_rows, ks_prime, tau_sim, tau_rank,
                 include_query):
    """Sum over the given queries of L(q).

    rows: (c, B) similarity rows S[q, :]; pidx: (c, P) each query's positives (padded to the
    largest count P, padding masked out by pmask); npos_rows: (c,) |P_q|.
    """
    c, n = rows.shape
    device = rows.device
    # D[q, i, z] = (s(q,z) - s(q,x_i)) / tauSim for positive x_i; the rank pool excludes z = x_i
    # and (unless includeQuery) z = q
    sx = rows.gather(1, pidx)
    sig = torch.sigmoid((rows.unsqueeze(1) - sx.unsqueeze(2)) / tau_sim)
    ar = torch.arange(n, device=device).view(1, 1, n)
    pool = ar != pidx.unsqueeze(2)
    if not include_query:
        pool = pool & (ar != qidx.view(c, 1, 1))
    rank = 1.0 + (sig * pool).sum(dim=2)  # (c, P): r(q, x_i)
    posf = pmask.to(rows.dtype)
    denominators = npos_rows.to(rows.dtype)
    recall = torch.zeros(c, dtype=rows.dtype, device=device)
    for kp, tr in zip(ks_prime, tau_rank):
        count = (torch.sigmoid((kp - rank) / tr) * posf).sum(dim=1)
        # min(k', count): gradient only where count < k' (as FusedRecallKernel does)
        clipped = torch.where(count < kp, count, torch.full_like(count, kp))
        recall = recall + clipped / torch.clamp(denominators, max=kp)
    return (1.0 - recall / len(ks_prime)).sum()


def recall_at_k_loss(s, labels, ks=(1, 2, 4, 8, 16), tau_sim=0.01, tau_rank=(1.0,),
                     include_query=False, max_elements=1 << 23):
    """The Recall@k surrogate on a similarity matrix s (B x B, any float type, autograd on).

    Returns the mean of L(q) over valid queries (exactly 0 with a zero gradient when there is
    none), computed in float64 and returned in s's dtype. Work and memory are proportional to
    B x (positives per query) x B, like the fused kernel's; when that exceeds max_elements the
    queries are processed in chunks, each recomputed in backward (activation checkpointing).
    """
    out_dtype = s.dtype
    s64 = s.to(torch.float64)
    n = s64.shape[0]
    device = s64.device
    labels = torch.as_tensor(labels, device=device)
    same = labels.view(-1, 1) == labels.view(1, -1)
    pos = same & ~torch.eye(n, dtype=torch.bool, device=device)
    npos = pos.sum(dim=1)
    valid = torch.nonzero(npos > 0).flatten()
    if valid.numel() == 0:
        return (s * 0).sum()
    pool_size = n if include_query else n - 1
    ks_prime = [float(min(k, pool_size)) for k in ks]
    if len(tau_rank) == 1:
        tau_rank = list(tau_rank) * len(ks)
    if len(tau_rank) != len(ks):
        raise ValueError("tauRank must give one temperature or one per k")
    max_pos = int(npos.max())
    # each query's positives first, in increasing item order (stable sort), padded to max_pos
    pidx_all = torch.sort((~pos).to(torch.int8), dim=1, stable=True).indices[:, :max_pos]
    pmask_all = torch.arange(max_pos, device=device).view(1, -1) < npos.view(-1, 1)
    chunk = max(1, max_elements // (max_pos * n))
    total = None
    for start in range(0, valid.numel(), chunk):
        qidx = valid[start:start + chunk]
        args = (s64.index_select(0, qidx), qidx, pidx_all.index_select(0, qidx),
                pmask_all.index_select(0, qidx), npos.index_select(0, qidx), ks_prime, tau_sim,
                tau_rank, include_query)
        if valid.numel() > chunk and s64.requires_grad:
            from torch.utils.checkpoint import checkpoint
            part = checkpoint(_recall_rows, *args, use_reentrant=False)
        else:
            part = _recall_rows(*args)
        total = part if total is None else total + part
    return (total / valid.numel()).to(out_dtype)


def check_golden(files):
    """Compares the loss and dL/dE with golden cases (float64). Returns the worst errors."""
    worst = 0.0
    for path in files:
        with open(path) as f:
            case = json.load(f)
        name = case.get("name", os.path.basename(path))
        if case.get("loss") != "recall-at-k":
            print(f"{name}: skipped (loss {case.get('loss')!r}, not recall-at-k)")
            continue
        if "mix" in case:
            print(f"{name}: skipped (SiMix virtual items are not part of the reference)")
            continue
        p = case.get("params", {})
        tau_rank = p.get("tauRank", [1.0])
        if not isinstance(tau_rank, list):
            tau_rank = [tau_rank]
        e = torch.tensor(case["embeddings"], dtype=torch.float64, requires_grad=True)
        loss = recall_at_k_loss(e @ e.t(), case["labels"], ks=p.get("ks", [1, 2, 4, 8, 16]),
                                tau_sim=p.get("tauSim", 0.01), tau_rank=tau_rank,
                                include_query=p.get("includeQuery", False))
        loss.backward()
        grad = e.grad if e.grad is not None else torch.zeros_like(e)
        expected = torch.tensor(case["expected"]["grad"], dtype=torch.float64)
        loss_err = abs(loss.item() - case["expected"]["loss"])
        grad_err = (grad - expected).abs().max().item()
        worst = max(worst, loss_err, grad_err)
        print(f"{name}: loss {loss.item():.12f} (expected {case['expected']['loss']:.12f}, "
              f"|error| {loss_err:.3e}); max |gradient error| {grad_err:.3e}")
    return worst


# ------------------------------------------------------------------------------------- sampler
# Mirrors batching/.../sampler/ClassBalancedSampler.java.


class ClassBalancedSampler:
    def __init__(self, labels, classes_per_batch, per_class, seed):
        self.cpb = classes_per_batch
        self.per_class = per_class
        self.seed = seed
        labels = np.asarray(labels)
        # classes in increasing label order (Java: TreeMap), items in increasing index order
        self.items_by_class = [np.flatnonzero(labels == c) for c in np.unique(labels)]
        usable = sum(len(c) >= per_class for c in self.items_by_class)
        if usable < classes_per_batch:
            raise ValueError(f"a batch needs {classes_per_batch} classes with at least {per_class}"
                             f" items each, but only {usable} classes have that many")

    @property
    def batch_size(self):
        return self.cpb * self.per_class

    def epoch(self, epoch):
        """The batches of one epoch (list of index arrays), a function of (seed, epoch)."""
        rng = np.random.default_rng([self.seed, epoch])
        shuffled = [rng.permutation(items) for items in self.items_by_class]
        order = rng.permutation(len(shuffled))
        queue = [c for c in order if len(shuffled[c]) >= self.per_class]
        head = 0  # queue as a list with a moving head
        used = [0] * len(shuffled)
        batches = []
        pc = self.per_class
        while len(queue) - head >= self.cpb:
            taken = queue[head:head + self.cpb]
            head += self.cpb
            batch = np.empty(self.batch_size, dtype=np.int64)
            for k, c in enumerate(taken):
                batch[k * pc:(k + 1) * pc] = shuffled[c][used[c]:used[c] + pc]
                used[c] += pc
            for c in taken:
                if len(shuffled[c]) - used[c] >= pc:
                    queue.append(c)
            batches.append(batch)
        return batches


def batch_shape(batch, per_class, labels):
    """TrainingRun.batchShape: perClass 0 = auto (4, or batch / classes when the training split
    has fewer than batch / 4 classes); classesPerBatch = batch // perClass."""
    classes = len(np.unique(labels))
    if per_class == 0:
        per_class = 4
        if classes * per_class < batch:
            per_class = max(2, batch // max(1, classes))
    return batch // per_class, per_class


# -------------------------------------------------------------------------------- augmentation
# Mirrors data/.../GreyscaleImageSet.java: shift by dy, dx in [-2, 2] with black padding, then a
# horizontal flip with probability 1/2; then (p/255 - mean) / std.

PAD = 2


def load_batch(images, indices, augment, flip, rng, mean, std):
    x = images[indices]  # (B, H, W) uint8
    b, h, w = x.shape
    if augment:
        dy = rng.integers(0, 2 * PAD + 1, size=b) - PAD
        dx = rng.integers(0, 2 * PAD + 1, size=b) - PAD
        fl = rng.integers(0, 2, size=b).astype(bool)
        padded = np.zeros((b, h + 2 * PAD, w + 2 * PAD), dtype=np.uint8)
        padded[:, PAD:PAD + h, PAD:PAD + w] = x
        ys = np.arange(h)[None, :] + dy[:, None] + PAD  # out[y, x] = src[y + dy, x + dx]
        xs = np.arange(w)[None, :] + dx[:, None] + PAD
        x = padded[np.arange(b)[:, None, None], ys[:, :, None], xs[:, None, :]]
        if flip:
            x = np.where(fl[:, None, None], x[:, :, ::-1], x)
    out = (x.astype(F32) / F32(255) - F32(mean)) / F32(std)
    return out[:, None, :, :]


# ------------------------------------------------------------------------------ optimiser, lr
# Mirrors trainer/.../optim/LearningRateSchedule.java and AdamOptimizer.java (which calls DJL's
# fused adamUpdate; PyTorch engine kernel in ai_djl_pytorch_jni_PyTorchLibrary_optim.cc).


class LearningRateSchedule:
    def __init__(self, kind, lr, epochs, steps_per_epoch, warmup_epochs):
        self.kind = kind
        self.lr = float(F32(lr))
        self.warmup = int(math.floor(warmup_epochs * steps_per_epoch + 0.5))  # Math.round
        self.total = epochs * steps_per_epoch

    def __call__(self, t):
        """Learning rate of update t (one-based), as a float32 value."""
        t = max(1, t)
        if t <= self.warmup:
            return float(F32(F32(self.lr) * F32(t)) / F32(self.warmup))
        if self.kind == "cosine":
            span = max(1, self.total - self.warmup)
            p = min(1.0, (t - self.warmup) / span)
            return float(F32(self.lr * (1 + math.cos(math.pi * p)) / 2))
        return self.lr


class DjlAdam:
    """Adam / AdamW exactly as RankKit's AdamOptimizer + DJL's PyTorch adamUpdate:

        g = grad (+ wd * w for Adam with L2);  AdamW: w -= lr * wd * w
        m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
        w -= corrected * m / (sqrt(v) + eps),  corrected = lr * sqrt(1 - b2^t) / (1 - b1^t)

    with b1 = 0.9f, b2 = 0.999f, eps = 1e-8f and lr = schedule(t) * multiplier. Note eps is added
    to sqrt(v) before bias correction (unlike torch.optim.Adam, which adds it after)."""

    def __init__(self, groups, schedule, weight_decay, decoupled):
        self.groups = [(list(params), float(F32(mult))) for params, mult in groups]
        self.schedule = schedule
        self.wd = float(F32(weight_decay))
        self.decoupled = decoupled
        self.b1 = float(F32(0.9))
        self.b2 = float(F32(0.999))
        self.eps = float(F32(1e-8))
        self.one_minus_b1 = float(F32(1) - F32(0.9))
        self.one_minus_b2 = float(F32(1) - F32(0.999))
        self.steps = 0
        self.state = {}

    def next_lr(self):
        return self.schedule(self.steps + 1)

    @torch.no_grad()
    def step(self):
        self.steps += 1
        t = self.steps
        coef1 = 1.0 - self.b1 ** t
        coef2 = 1.0 - self.b2 ** t
        base = F32(self.schedule(t))
        for params, mult in self.groups:
            lr = float(base * F32(mult))
            corrected = float(F32(lr * math.sqrt(coef2) / coef1))
            if not (math.isfinite(lr) and math.isfinite(corrected)):
                raise RuntimeError(f"learning rate is NaN or infinite at step {t}")
            for p in params:
                if p.grad is None:
                    continue
                st = self.state.get(p)
                if st is None:
                    st = self.state[p] = (torch.zeros_like(p), torch.zeros_like(p))
                m, v = st
                g = p.grad.clone()
                if not self.decoupled:
                    g.add_(p, alpha=self.wd)
                else:
                    p.sub_(p.mul(lr).mul(self.wd))
                m.mul_(self.b1).add_(g, alpha=self.one_minus_b1)
                v.mul_(self.b2).addcmul_(g, g, value=self.one_minus_b2)
                p.sub_(m.mul(corrected).div(v.sqrt().add(self.eps)))


# ---------------------------------------------------------------------------------- evaluation
# Mirrors eval/ (RetrievalEvaluator, ChunkedSearch, Canonical): rows L2-normalised in float32,
# cosine similarity accumulated in float64 (products of float32 values are exact in float64),
# leave-one-out, ranking by descending similarity with ties to the lower database index.


@torch.no_grad()
def embed(model, images, mean, std, device, batch=256):
    model.eval()
    out = []
    for start in range(0, len(images), batch):
        x = load_batch(images, np.arange(start, min(len(images), start + batch)), False, False,
                       None, mean, std)
        out.append(model(torch.from_numpy(x).to(device)).float().cpu())
    return torch.cat(out)


@torch.no_grad()
def leave_one_out_recall(emb, labels, ks=(1, 2, 4, 8), query_block=2048, device="cpu"):
    """Exact leave-one-out Recall@k: a query hits at k when its best-ranked positive has fewer
    than k items ranked before it (ties to the lower index). Queries without positives count as
    misses. Memory: one query_block x N block at a time."""
    e = emb.to(device=device, dtype=torch.float32)
    norms = e.norm(dim=1, keepdim=True)
    if not torch.isfinite(norms).all() or (norms == 0).any():
        raise ValueError("embeddings contain a zero, NaN or infinite row")
    e = (e / norms).to(torch.float64)
    y = torch.as_tensor(np.asarray(labels), device=device)
    n = e.shape[0]
    ar = torch.arange(n, device=device)
    hits = torch.zeros(len(ks), dtype=torch.int64, device=device)
    for q0 in range(0, n, query_block):
        q1 = min(n, q0 + query_block)
        sims = e[q0:q1] @ e.t()
        rows = torch.arange(q1 - q0, device=device)
        sims[rows, q0 + rows] = -math.inf  # the query is not in its own database
        pos = y[q0:q1].view(-1, 1) == y.view(1, -1)
        pos[rows, q0 + rows] = False
        masked = torch.where(pos, sims, torch.full_like(sims, -math.inf))
        best = masked.max(dim=1).values
        first = torch.where(pos & (masked == best.view(-1, 1)), ar.view(1, -1),
                            torch.full_like(ar, n).view(1, -1)).min(dim=1).values
        ahead = (sims > best.view(-1, 1)).sum(dim=1) + \
            ((sims == best.view(-1, 1)) & (ar.view(1, -1) < first.view(-1, 1))).sum(dim=1)
        has_pos = pos.any(dim=1)
        for i, k in enumerate(ks):
            hits[i] += (has_pos & (ahead < k)).sum()
    return {f"recall@{k}": hits[i].item() / n for i, k in enumerate(ks)}


# ---------------------------------------------------------------------------------------- main


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Plain-PyTorch reference of RankKit's training recipe (see README.md).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--data", help="directory from `rankkit dataset --export DIR`")
    p.add_argument("--epochs", type=int, default=3, help="training epochs (RankKit default 3)")
    p.add_argument("--batch", type=int, default=40,
                   help="batch size (rounded down to a multiple of perClass)")
    p.add_argument("--per-class", type=int, default=0,
                   help="items per class in a batch; 0 = auto (4, or batch/classes when the "
                        "training split has fewer than batch/4 classes), as RankKit")
    p.add_argument("--lr", type=float, default=2e-3, help="base learning rate")
    p.add_argument("--weight-decay", type=float, default=0.0, help="weight decay")
    p.add_argument("--optimizer", choices=["adam", "adamw"], default="adam",
                   help="adam: L2 weight decay in the gradient; adamw: decoupled")
    p.add_argument("--schedule", choices=["cosine", "none"], default="cosine",
                   help="learning-rate schedule per update")
    p.add_argument("--warmup-epochs", type=float, default=0.0,
                   help="epochs of linear warm-up (fractions allowed)")
    p.add_argument("--head-lr-multiplier", type=float, default=1.0,
                   help="learning-rate multiplier of the linear head")
    p.add_argument("--width", type=int, default=32,
                   help="filters of the stem and first stage (doubled per stage)")
    p.add_argument("--stages", type=int, default=3, help="residual stages")
    p.add_argument("--blocks-per-stage", type=int, default=1, help="basic blocks per stage")
    p.add_argument("--stem-stride", type=int, choices=[1, 2], default=2,
                   help="stride of the stem convolution")
    p.add_argument("--norm", choices=["layer", "batch", "none"], default="layer",
                   help="normalisation after each convolution (RankKit cnnNorm)")
    p.add_argument("--bn-train-mode", action="store_true",
                   help="run the forward pass in training mode (BatchNorm on batch statistics); "
                        "default, like RankKit's plain strategy (frozenBatchNorm=true), is "
                        "inference mode. Only matters for --norm batch")
    p.add_argument("--dim", type=int, default=128, help="embedding size")
    p.add_argument("--ks", type=str, default="1,2,4,8,16", help="recall-at-k cut-offs")
    p.add_argument("--tau-sim", type=float, default=0.01, help="recall-at-k tauSim")
    p.add_argument("--tau-rank", type=str, default="1.0", help="one value or one per k")
    p.add_argument("--include-query", action="store_true", help="recall-at-k includeQuery")
    aug = p.add_mutually_exclusive_group()
    aug.add_argument("--augment", dest="augment", action="store_true", default=False,
                     help="image augmentation: random 2-pixel shift, horizontal flip (RankKit's "
                          "imageAugment=true)")
    aug.add_argument("--no-augment", dest="augment", action="store_false",
                     help="no image augmentation (the default, as RankKit's imageAugment=false)")
    p.add_argument("--no-flip", dest="flip", action="store_false", default=True,
                   help="with --augment: shift only, no horizontal flip")
    p.add_argument("--max-train-items", type=int, default=0,
                   help="first N training items (0 = all)")
    p.add_argument("--max-eval-items", type=int, default=0, help="first N test items (0 = all)")
    p.add_argument("--eval-every", type=int, default=0,
                   help="also evaluate every N epochs (stderr); default only at the end")
    p.add_argument("--eval-batch", type=int, default=256,
                   help="images per forward pass when embedding the test split")
    p.add_argument("--eval-block", type=int, default=2048, help="queries per similarity block")
    p.add_argument("--threads", type=int, default=0, help="torch intra-op threads (0 = default)")
    p.add_argument("--device", default="auto",
                   help="auto (cuda when available, else cpu, as RankKit), cpu or cuda")
    p.add_argument("--seed", type=int, default=0,
                   help="seeds torch (initialisation) and the numpy streams")
    p.add_argument("--log-every", type=int, default=0, help="log the loss every N steps (stderr)")
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    p.add_argument("--check-golden", nargs="+", metavar="FILE",
                   help="check the loss against golden case file(s) and exit")
    p.add_argument("--eval-raw-pixels", action="store_true",
                   help="evaluate the raw-pixel floor (mean-centred normalised test pixels, "
                        "as rankkit compare's raw-pixels baseline) and exit")
    args = p.parse_args(argv)
    if not args.check_golden and not args.data:
        p.error("--data is required (unless --check-golden)")
    return args


def load_data(directory, max_train, max_eval):
    def npy(name):
        return np.load(os.path.join(directory, name))
    with open(os.path.join(directory, "meta.json")) as f:
        meta = json.load(f)
    train_x, train_y = npy("train-images.npy"), npy("train-labels.npy").astype(np.int64)
    test_x, test_y = npy("test-images.npy"), npy("test-labels.npy").astype(np.int64)
    if max_train > 0:
        train_x, train_y = train_x[:max_train], train_y[:max_train]
    if max_eval > 0:
        test_x, test_y = test_x[:max_eval], test_y[:max_eval]
    for name, x in (("train", train_x), ("test", test_x)):
        if x.dtype != np.uint8 or x.ndim != 3:
            raise ValueError(f"{name}-images.npy must be uint8 (N, H, W), got {x.dtype} {x.shape}")
    return train_x, train_y, test_x, test_y, meta


def main(argv=None):
    args = parse_args(argv)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    if args.check_golden:
        worst = check_golden(args.check_golden)
        print(f"worst error {worst:.3e}")
        return 0 if worst < 1e-7 else 1

    device = args.device
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    device = torch.device(device)
    ks = [int(k) for k in args.ks.split(",")]
    tau_rank = [float(t) for t in args.tau_rank.split(",")]
    train_x, train_y, test_x, test_y, meta = load_data(args.data, args.max_train_items,
                                                       args.max_eval_items)
    mean, std = float(meta["mean"]), float(meta["std"])

    if args.eval_raw_pixels:
        # compare/.../TrainingRunExecutor.rawPixels: normalised pixels minus their per-pixel
        # mean over the evaluation split, then the usual cosine evaluation
        raw = load_batch(test_x, np.arange(len(test_x)), False, False, None, mean, std)
        raw = raw.reshape(len(test_x), -1)
        raw = torch.from_numpy(raw - raw.astype(np.float64).mean(axis=0).astype(np.float32))
        result = leave_one_out_recall(raw, test_y, query_block=args.eval_block, device=device)
        print(json.dumps(result) if args.json else result)
        return 0

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    cpb, per_class = batch_shape(args.batch, args.per_class, train_y)
    sampler = ClassBalancedSampler(train_y, cpb, per_class, args.seed)
    steps_per_epoch = len(sampler.epoch(0))
    if steps_per_epoch == 0:
        raise ValueError("an epoch has no complete batch")
    _, h, w = train_x.shape
    model = EmbeddingNet(1, h, w, width=args.width, stages=args.stages,
                         blocks_per_stage=args.blocks_per_stage, stem_stride=args.stem_stride,
                         norm=args.norm, dim=args.dim)
    djl_init_(model)
    model.to(device)
    schedule = LearningRateSchedule(args.schedule, args.lr, args.epochs, steps_per_epoch,
                                    args.warmup_epochs)
    head = list(model.head.parameters())
    head_ids = {id(p) for p in head}
    body = [p for p in model.parameters() if id(p) not in head_ids]
    optimizer = DjlAdam([(body, 1.0), (head, args.head_lr_multiplier)], schedule,
                        args.weight_decay, args.optimizer == "adamw")
    params = list(model.parameters())
    log(f"data: {args.data} ({len(train_x)} training items, {steps_per_epoch} steps of "
        f"{sampler.batch_size} per epoch; {len(test_x)} test items); torch {torch.__version__}, "
        f"{torch.get_num_threads()} threads, device {device}")

    def sync():
        if device.type == "cuda":
            torch.cuda.synchronize()

    train_seconds = 0.0
    train_images = 0
    history = []
    evaluation = None
    for epoch in range(args.epochs):
        batches = sampler.epoch(epoch)
        loss_sum = 0.0
        sync()
        start = time.perf_counter()
        for step, indices in enumerate(batches):
            rng = np.random.default_rng([args.seed, epoch, step, 1])
            x = torch.from_numpy(load_batch(train_x, indices, args.augment, args.flip, rng,
                                            mean, std)).to(device)
            labels = torch.from_numpy(train_y[indices]).to(device)
            model.train(args.bn_train_mode)
            for p in params:
                p.grad = None
            e = model(x)
            loss = recall_at_k_loss(e @ e.t(), labels, ks=ks, tau_sim=args.tau_sim,
                                    tau_rank=tau_rank, include_query=args.include_query)
            value = loss.item()
            if not math.isfinite(value):
                raise RuntimeError(f"the loss became {value} at epoch {epoch + 1} step {step}")
            loss.backward()
            # RankKit's plain strategy steps only when some gradient is non-zero
            if any(p.grad is not None and bool(p.grad.ne(0).any()) for p in params):
                optimizer.step()
            loss_sum += value
            train_images += len(indices)
            if args.log_every and (step + 1) % args.log_every == 0:
                log(f"epoch {epoch + 1} step {step + 1}/{len(batches)}: loss {value:.4f}, "
                    f"lr {optimizer.next_lr():.3g}")
        sync()
        seconds = time.perf_counter() - start
        train_seconds += seconds
        record = {"epoch": epoch + 1, "loss": loss_sum / max(1, len(batches)),
                  "seconds": seconds}
        last = epoch + 1 == args.epochs
        if last or (args.eval_every > 0 and (epoch + 1) % args.eval_every == 0):
            emb = embed(model, test_x, mean, std, device, args.eval_batch)
            evaluation = leave_one_out_recall(emb, test_y, query_block=args.eval_block,
                                              device=device)
            record.update(evaluation)
        history.append(record)
        log(f"epoch {epoch + 1}/{args.epochs}: loss {record['loss']:.4f} in {seconds:.1f} s"
            + ("".join(f", {k} {v:.4f}" for k, v in record.items() if k.startswith("recall@"))))

    result = dict(evaluation)
    result.update({
        "trainImages": train_images,
        "trainSeconds": train_seconds,
        "imagesPerSecond": train_images / train_seconds if train_seconds > 0 else 0.0,
        "epochs": args.epochs,
        "batch": sampler.batch_size,
        "perClass": per_class,
        "threads": torch.get_num_threads(),
        "seed": args.seed,
        "torch": torch.__version__,
    })
    if args.json:
        print(json.dumps(result))
    else:
        print(f"RankKit reference (plain PyTorch {torch.__version__}, {result['threads']} threads,"
              f" {device}), seed {args.seed}")
        print(f"  {args.epochs} epochs of {steps_per_epoch} steps, batch {sampler.batch_size} "
              f"({cpb} classes x {per_class})")
        for k, v in evaluation.items():
            print(f"  {k}: {v:.4f}")
        print(f"  training: {train_images} images in {train_seconds:.1f} s = "
              f"{result['imagesPerSecond']:.1f} images/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
