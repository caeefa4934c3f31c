#!/usr/bin/env python3
"""Speed reference for `rankkit eval` (issue 5): FAISS IndexFlatIP brute-force top-k search.

gen   DIR N D CLASSES SEED  writes DIR/emb.npy (float32, N x D, standard normal) and DIR/labels.npy
                            (int64, uniform over CLASSES)
faiss DIR K REPEATS         L2-normalises DIR/emb.npy and times IndexFlatIP add + search(k=K) of every
                            item against all items (leave-one-out needs K+1 to drop the item itself);
                            prints the best and all times, and the recall@1 it implies as a cross-check
"""
import os
import sys
import time

import numpy as np


def gen(out, n, d, classes, seed):
    rng = np.random.default_rng(seed)
    emb = rng.standard_normal((n, d), dtype=np.float32)
    labels = rng.integers(0, classes, size=n, dtype=np.int64)
    os.makedirs(out, exist_ok=True)
    np.save(os.path.join(out, "emb.npy"), emb)
    np.save(os.path.join(out, "labels.npy"), labels)


def faiss_search(out, k, repeats):
    import faiss

    emb = np.load(os.path.join(out, "emb.npy"))
    labels = np.load(os.path.join(out, "labels.npy"))
    times = []
    cpu = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        c0 = time.process_time()
        x = emb / np.linalg.norm(emb, axis=1, keepdims=True)
        index = faiss.IndexFlatIP(x.shape[1])
        index.add(x)
        _, ids = index.search(x, k)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    # recall@1 without the item itself (first hit that is not the query), as a sanity check
    first = np.where(ids[:, 0] == np.arange(len(ids)), ids[:, 1], ids[:, 0])
    recall1 = float(np.mean(labels[first] == labels))
    print(f"faiss {faiss.__version__} IndexFlatIP n={len(emb)} d={emb.shape[1]} k={k} "
          f"omp_threads={faiss.omp_get_max_threads()} "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    print("faiss seconds: best %.2f  all %s  (recall@1 %.4f)"
          % (min(times), " ".join("%.2f" % t for t in times), recall1))
    print("faiss cpu seconds (user+sys): best %.2f  all %s"
          % (min(cpu), " ".join("%.2f" % t for t in cpu)))


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    elif sys.argv[1] == "faiss":
        faiss_search(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit(__doc__)
