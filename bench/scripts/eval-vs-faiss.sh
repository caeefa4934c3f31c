#!/usr/bin/env bash
# Speed of `rankkit eval` against FAISS brute force (issue 5): leave-one-out recall@1,10,100 and
# map_at_r on N random float32 items (default 50,000 x 128, 1,000 classes so every R <= 100), the
# whole `./rankkit eval` command timed (JVM start, .npy reading, search, metrics), against FAISS
# IndexFlatIP add + search of the top 100 of every item (numpy load excluded, normalisation included).
#
# Needs Debian's python3-faiss and python3-numpy (apt-get install -y python3-faiss).
# Usage: bench/scripts/eval-vs-faiss.sh [N] [D] [CLASSES] [REPEATS]
# Env:   FAISS_BLAS_DIR=DIR  run FAISS with DIR/libblas.so.3 (e.g. OpenBLAS unpacked from the
#                            libopenblas0-pthread .deb) instead of the system's libblas.so.3
#        EVAL_BENCH_DIR=DIR  where the data goes (default: $TMPDIR or /tmp)
#        PYTHON=...          the Python that has faiss (default: /usr/bin/python3)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n=${1:-50000}; d=${2:-128}; classes=${3:-1000}; repeats=${4:-3}
data=${EVAL_BENCH_DIR:-${TMPDIR:-/tmp}/rankkit-eval-bench-$n-$d-$classes}
py=${PYTHON:-/usr/bin/python3}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
  "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-(unset)}"
[ -f "$data/labels.npy" ] || "$py" "$root/bench/scripts/eval_vs_faiss.py" gen "$data" "$n" "$d" "$classes" 42
"$root/rankkit" --version > /dev/null   # builds the application when sources changed, outside the timing

if [ -n "${FAISS_BLAS_DIR:-}" ]; then
  echo "faiss BLAS: $FAISS_BLAS_DIR/libblas.so.3 (FAISS_BLAS_DIR)"
else
  echo "faiss BLAS: $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 || echo '?') (system libblas.so.3)"
fi
LD_LIBRARY_PATH="${FAISS_BLAS_DIR:-}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
  "$py" "$root/bench/scripts/eval_vs_faiss.py" faiss "$data" 100 "$repeats" | tee "$data/faiss.txt"

"$root/rankkit" --version > /dev/null   # again: sources may have changed while FAISS ran
rm -f "$data/rankkit.time"
for _ in $(seq "$repeats"); do
  # wall and CPU (user + sys) seconds of the whole command, one line per run
  /usr/bin/time -a -o "$data/rankkit.time" -f "%e %U %S" "$root/rankkit" eval \
    --embeddings "$data/emb.npy" --labels "$data/labels.npy" \
    --k 1,10,100 --metrics recall,map_at_r --json > "$data/rankkit.json" 2> "$data/rankkit.err"
done
"$py" - "$data" <<'PY'
import json, re, sys
data = sys.argv[1]
runs = [list(map(float, l.split())) for l in open(f"{data}/rankkit.time") if re.match(r"^[0-9.]+ ", l)]
wall = [r[0] for r in runs]
cpu = [r[1] + r[2] for r in runs]
result = json.load(open(f"{data}/rankkit.json"))
text = open(f"{data}/faiss.txt").read()
faiss = float(re.search(r"faiss seconds: best ([0-9.]+)", text).group(1))
faiss_cpu = float(re.search(r"faiss cpu seconds \(user\+sys\): best ([0-9.]+)", text).group(1))
print("rankkit eval seconds (whole command): best %.2f  all %s" % (min(wall), " ".join("%.2f" % t for t in wall)))
print("rankkit eval cpu seconds (user+sys): best %.2f  all %s" % (min(cpu), " ".join("%.2f" % t for t in cpu)))
print("rankkit eval result:", json.dumps(result))
print("ratio rankkit / faiss, wall (best of each): %.2f   cpu: %.2f" % (min(wall) / faiss, min(cpu) / faiss_cpu))
PY
