#!/usr/bin/env bash
# Trains RankKit and the plain-PyTorch reference (bench/reference/train_reference.py) with the same
# recipe on the same data, and prints each one's test Recall@1 (mean over seeds) and training images
# per second.
#
#   bench/scripts/train-vs-pytorch.sh DATASET [--seeds N] [--json] [--strategy ID] [--epochs E]
#
# DATASET is glyphs or fashion-mnist. The data is exported once with `rankkit dataset --export`, so
# both train on byte-identical images and evaluate on the same split. The recipe (below, per dataset)
# is RankKit's default one for that dataset: small residual CNN with LayerNorm, d = 128, class-balanced
# batches of 4 items per class, the recall-at-k surrogate, Adam with a cosine schedule, shift + flip
# augmentation on glyphs (none on Fashion-MNIST, as in its suite), leave-one-out evaluation on the
# test split: the settings of the default compare suite (glyphs) and of suites/fashion-mnist.yaml. RankKit runs with the launcher's defaults
# (one PyTorch intra-op thread; data loading on the other core), the script with PyTorch's defaults.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dataset="${1:-}"
[ -n "$dataset" ] || { echo "usage: $0 glyphs|fashion-mnist [--seeds N] [--json] [--strategy ID] [--epochs E]" >&2; exit 2; }
shift
seeds=1 json=false strategy=plain epochs=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds="$2"; shift 2 ;;
    --json) json=true; shift ;;
    --strategy) strategy="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    *) echo "$0: unknown option '$1'; allowed: --seeds N, --json, --strategy ID, --epochs E" >&2; exit 2 ;;
  esac
done
case "$dataset" in
  glyphs)
    data_keys=(--dataset glyphs --set glyphClasses=1000 --set glyphEvalItemsPerClass=4)
    epochs="${epochs:-5}" batch=200 per_class=4 lr=0.002 augment=true ;;
  fashion-mnist)
    data_keys=(--dataset fashion-mnist)
    epochs="${epochs:-2}" batch=40 per_class=4 lr=0.002 augment=false ;;
  *) echo "$0: dataset must be glyphs or fashion-mnist, got '$dataset'" >&2; exit 2 ;;
esac
python=/usr/bin/python3
"$python" -c 'import torch, numpy' 2>/dev/null || {
  echo "$0: Debian's PyTorch is missing; install it with: apt-get install python3-torch python3-numpy" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log() { echo "train-vs-pytorch: $*" >&2; }
log "exporting $dataset to $work/data"
"$root/rankkit" dataset "${data_keys[@]}" --export "$work/data" >&2

for ((s = 0; s < seeds; s++)); do
  log "seed $s: RankKit ($strategy, $epochs epochs, batch $batch = $((batch / per_class)) classes x $per_class)"
  "$root/rankkit" train --loss recall-at-k --strategy "$strategy" "${data_keys[@]}" --epochs "$epochs" \
    --batch "$batch" --per-class "$per_class" --set lr="$lr" --set imageAugment="$augment" --set evalEvery=0 \
    --set seed="$s" --out "$work/rankkit-$s" >&2
  log "seed $s: plain PyTorch"
  "$python" "$root/bench/reference/train_reference.py" --data "$work/data" --epochs "$epochs" \
    --batch "$batch" --per-class "$per_class" --lr "$lr" $($augment && echo --augment) --seed "$s" --json > "$work/pytorch-$s.json"
done

"$python" - "$work" "$seeds" "$dataset" "$strategy" "$json" <<'PY'
import json, statistics, sys
from pathlib import Path
work, seeds, dataset, strategy, as_json = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5] == "true"

def rankkit(s):
    run = work / f"rankkit-{s}"
    result = json.loads((run / "result.json").read_text())
    steps = sum(1 for line in (run / "metrics.jsonl").read_text().splitlines()
                if json.loads(line).get("type") == "step")
    images = steps * int(result["config"]["batch"])
    return {"recall@1": result["final"]["recall@1"], "trainImages": images,
            "trainSeconds": result["trainSeconds"], "imagesPerSecond": images / result["trainSeconds"]}

def pytorch(s):
    r = json.loads((work / f"pytorch-{s}.json").read_text())
    return {k: r[k] for k in ("recall@1", "trainImages", "trainSeconds", "imagesPerSecond")} | {"threads": r.get("threads")}

out = {"dataset": dataset, "seeds": seeds, "strategy": strategy}
for name, f in (("rankkit", rankkit), ("pytorch", pytorch)):
    runs = [f(s) for s in range(seeds)]
    r1 = [r["recall@1"] for r in runs]
    ips = [r["imagesPerSecond"] for r in runs]
    out[name] = {"recall@1": statistics.mean(r1), "recall@1Std": statistics.stdev(r1) if seeds > 1 else 0.0,
                 "imagesPerSecond": statistics.mean(ips), "perSeed": runs}
out["recall@1Difference"] = out["rankkit"]["recall@1"] - out["pytorch"]["recall@1"]
out["speedRatio"] = out["rankkit"]["imagesPerSecond"] / out["pytorch"]["imagesPerSecond"]
if as_json:
    print(json.dumps(out, indent=2))
else:
    print(f"{dataset}, {seeds} seed(s), RankKit strategy {strategy}")
    print(f"{'':10} {'recall@1':>18} {'images/s':>10}")
    for name in ("rankkit", "pytorch"):
        r = out[name]
        print(f"{name:10} {r['recall@1']:>10.4f} ± {r['recall@1Std']:.4f} {r['imagesPerSecond']:>10.1f}")
    print(f"difference (rankkit - pytorch): recall@1 {out['recall@1Difference']:+.4f}, speed x{out['speedRatio']:.2f}")
PY
