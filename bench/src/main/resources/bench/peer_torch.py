#!/usr/bin/env python3
"""SmoothKD's PyTorch peer for `smoothkd bench --peer`: the very steps the Java bench times, in PyTorch.

Same shapes (MNIST-sized inputs 784 = 1x28x28, 10 classes), batch 128, float32, Adam(lr=1e-3), no dropout,
the same thread count (OMP_NUM_THREADS and torch.set_num_threads), one intra-op pool, no autograd for the
teacher's forward in online distillation and for inference. Workloads (keys shared with the Java side):

  sgemm              C = A.B, 1024x1024 float32 (one "step" is one product)
  teacher_train      MLP 784-1200-1200-10, softmax cross-entropy on one-hot targets, Adam
  student_train      MLP 784-800-800-10, same
  distill_cached     student 784-800-800-10, distillation loss with teacher logits looked up in a cache
  distill_online     same, teacher logits from the teacher's forward on the augmented batch (shift +-2 px)
  cnn_train          conv5x5(32, same)-maxpool2-conv5x5(64, same)-maxpool2-dense256-10, cross-entropy, Adam
  teacher_inference  teacher forward (eval, no grad) on a batch

Each step includes drawing the batch (rows of a 60000x784 in-memory tensor in a shuffled order, one-hot
targets), as the Java side's ImageDataSetIterator does. Distillation loss per example:
(1 - beta) H(y, softmax(z)) + beta H(softmax(t/T), softmax(z/T)) with T = 4, beta = 0.5.

Modes:
  python3 peer_torch.py [--quick] [--threads N]   run everything, print one JSON document
  python3 peer_torch.py --serve [--threads N]     JSON lines on stdin/stdout (used by the Java bench so that
                                                  both sides' repetitions interleave):
      {"cmd": "hello"}                                  -> {"torch": ..., "threads": ..., "blas": ...}
      {"cmd": "run", "workload": W, "steps": S}         -> {"seconds": s}
      {"cmd": "quit"}
Exit 3 (with a one-line JSON error) when torch runs on the reference BLAS, which would make any comparison
meaningless.
"""
import argparse
import json
import os
import re
import statistics
import sys
import time

BATCH = 128
N_TRAIN = 60000
TEMPERATURE = 4.0
BETA = 0.5
GEMM_N = 1024
WORKLOADS = ["sgemm", "teacher_train", "student_train", "distill_cached", "distill_online", "cnn_train",
             "teacher_inference"]


def fail(message, code):
    print(json.dumps({"error": message}), flush=True)
    sys.exit(code)


try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError:
    fail("PyTorch is not installed for " + sys.executable + " (Debian: apt-get install python3-torch "
         "libopenblas0-pthread)", 2)


def loaded_blas():
    """Shared libraries mapped into this process that look like a BLAS (resolved paths)."""
    libs = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                name = os.path.basename(path).lower()
                if any(k in name for k in ("blas", "mkl", "blis", "lapack")):
                    libs.add(path)
    except OSError:
        pass
    return sorted(libs)


def blas_info():
    a = torch.rand(64, 64)
    torch.mm(a, a)  # make sure the BLAS is loaded
    config = torch.__config__.show()
    found = re.search(r"BLAS_INFO=([^,\s]+)", config)
    blas_line = "BLAS_INFO=" + (found.group(1) if found else "?")
    libs = loaded_blas()
    fast = [l for l in libs if any(k in os.path.basename(l).lower() for k in ("openblas", "mkl", "blis"))]
    reference = [l for l in libs if l.endswith("/blas/libblas.so.3") or "/blas/libblas.so" in l]
    return {"config": blas_line, "libraries": libs, "fast": bool(fast) or "mkl" in config.lower(),
            "reference": bool(reference) and not fast}


def mlp(sizes):
    layers = []
    for i in range(1, len(sizes)):
        layers.append(nn.Linear(sizes[i - 1], sizes[i]))
        if i < len(sizes) - 1:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def cnn():
    return nn.Sequential(
        nn.Unflatten(1, (1, 28, 28)),
        nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Flatten(), nn.Linear(7 * 7 * 64, 256), nn.ReLU(), nn.Linear(256, 10))


class Data:
    """60000 MNIST-shaped examples in memory, served in shuffled batches of 128 with one-hot targets."""

    def __init__(self, seed=0):
        g = torch.Generator().manual_seed(seed)
        self.x = torch.rand(N_TRAIN, 784, generator=g)
        self.labels = torch.randint(0, 10, (N_TRAIN,), generator=g)
        self.cached_logits = torch.randn(N_TRAIN, 10, generator=g) * 3
        self.g = g
        self.order = torch.randperm(N_TRAIN, generator=g)
        self.cursor = 0

    def next_indices(self):
        if self.cursor + BATCH > N_TRAIN:
            self.order = torch.randperm(N_TRAIN, generator=self.g)
            self.cursor = 0
        idx = self.order[self.cursor:self.cursor + BATCH]
        self.cursor += BATCH
        return idx

    def batch(self):
        idx = self.next_indices()
        return idx, self.x[idx], F.one_hot(self.labels[idx], 10).float()

    def augment(self, x, shift=2):
        """Random translation by integers in [-shift, shift] along each axis, zero fill (as Augmentation)."""
        n = x.shape[0]
        padded = F.pad(x.view(n, 28, 28), (shift, shift, shift, shift))
        oy = torch.randint(0, 2 * shift + 1, (n,), generator=self.g)
        ox = torch.randint(0, 2 * shift + 1, (n,), generator=self.g)
        r = torch.arange(28)
        rows = (oy[:, None] + r)[:, :, None]
        cols = (ox[:, None] + r)[:, None, :]
        return padded[torch.arange(n)[:, None, None], rows, cols].reshape(n, 784)


def distillation_loss(z, y, t):
    hard = -(y * F.log_softmax(z, dim=1)).sum(1)
    q = F.softmax(t / TEMPERATURE, dim=1)
    soft = -(q * F.log_softmax(z / TEMPERATURE, dim=1)).sum(1)
    return ((1 - BETA) * hard + BETA * soft).mean()


class Workloads:
    def __init__(self):
        torch.manual_seed(0)
        self.data = Data()
        self.built = {}

    def _get(self, name):
        if name not in self.built:
            self.built[name] = self._build(name)
        return self.built[name]

    def _build(self, name):
        if name == "sgemm":
            a, b, c = torch.rand(GEMM_N, GEMM_N), torch.rand(GEMM_N, GEMM_N), torch.empty(GEMM_N, GEMM_N)
            return lambda: torch.mm(a, b, out=c)
        if name in ("teacher_train", "student_train", "cnn_train"):
            net = {"teacher_train": lambda: mlp([784, 1200, 1200, 10]),
                   "student_train": lambda: mlp([784, 800, 800, 10]), "cnn_train": cnn}[name]()
            opt = torch.optim.Adam(net.parameters(), lr=1e-3)
            net.train()

            def step():
                _, x, y = self.data.batch()
                opt.zero_grad(set_to_none=True)
                loss = F.cross_entropy(net(x), y)
                loss.backward()
                opt.step()
                return loss.item()
            return step
        if name in ("distill_cached", "distill_online"):
            student = mlp([784, 800, 800, 10])
            opt = torch.optim.Adam(student.parameters(), lr=1e-3)
            teacher = mlp([784, 1200, 1200, 10]).eval()
            online = name == "distill_online"

            def step():
                idx, x, y = self.data.batch()
                if online:
                    x = self.data.augment(x)
                    with torch.no_grad():
                        t = teacher(x)
                else:
                    t = self.data.cached_logits[idx]
                opt.zero_grad(set_to_none=True)
                loss = distillation_loss(student(x), y, t)
                loss.backward()
                opt.step()
                return loss.item()
            return step
        if name == "teacher_inference":
            teacher = mlp([784, 1200, 1200, 10]).eval()

            def step():
                _, x, _ = self.data.batch()
                with torch.no_grad():
                    return teacher(x)
            return step
        raise ValueError("unknown workload " + name)

    def run(self, name, steps):
        step = self._get(name)
        start = time.perf_counter()
        for _ in range(steps):
            step()
        return time.perf_counter() - start


def hello(threads):
    info = blas_info()
    return {"torch": torch.__version__, "python": sys.version.split()[0], "threads": torch.get_num_threads(),
            "interop_threads": torch.get_num_interop_threads(), "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
            "blas": info["config"], "blas_libraries": info["libraries"], "reference_blas": info["reference"]}


def serve(w):
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            msg = json.loads(line)
            cmd = msg.get("cmd")
            if cmd == "quit":
                return
            if cmd == "run":
                out = {"seconds": w.run(msg["workload"], int(msg["steps"]))}
            else:
                out = {"error": "unknown command " + str(cmd)}
        except Exception as e:  # report to the Java side instead of dying silently
            out = {"error": type(e).__name__ + ": " + str(e)}
        print(json.dumps(out), flush=True)


def standalone(w, quick):
    warmup, reps, target = (3, 3, 0.25) if quick else (15, 7, 1.5)
    result = {}
    for name in WORKLOADS:
        per_step = w.run(name, warmup) / warmup
        steps = max(1, int(round(target / max(per_step, 1e-9))))
        per_s = sorted((steps * (1 if name == "sgemm" else BATCH)) / w.run(name, steps) for _ in range(reps))
        result[name] = {"min": per_s[0], "median": statistics.median(per_s), "max": per_s[-1], "steps_per_rep": steps,
                        "unit": "products/s" if name == "sgemm" else "examples/s"}
    return result


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--serve", action="store_true")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--threads", type=int, default=int(os.environ.get("OMP_NUM_THREADS", "0") or 0))
    args = p.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    info = hello(args.threads)
    if info["reference_blas"]:
        fail("PyTorch runs on the reference BLAS (" + ", ".join(info["blas_libraries"]) + "): a comparison would be "
             "meaningless; install libopenblas0-pthread (apt-get install libopenblas0-pthread)", 3)
    w = Workloads()
    if args.serve:
        print(json.dumps(info), flush=True)
        serve(w)
    else:
        info["steps"] = standalone(w, args.quick)
        print(json.dumps(info, indent=2))


if __name__ == "__main__":
    main()
