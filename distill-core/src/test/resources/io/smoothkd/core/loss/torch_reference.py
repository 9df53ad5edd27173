#!/usr/bin/python3
"""Independent PyTorch reference for SmoothKD's registered distillation losses (TorchReferenceTest).

Usage: torch_reference.py IN.json OUT.json

IN:  {"y": [[...]], "t": [[...]], "z": [[...]], "cases": [{"loss": "dkd", "params": {...}}, ...]}
     y = hard part (one-hot or smoothed) [n, K], t = teacher logits, z = student logits.
OUT: {"torch": "<version>", "results": [{"scores": [n], "gradient": [[n][K]]}, ...]}: per case, each example's
     loss and the autograd gradient of the sum of the scores with respect to z, all in float64.

Each loss follows its authors' published code (mdistiller's dkd_loss, Sun et al.'s normalize + kd_loss, the DIST
authors' pearson_correlation), with the batch reductions replaced by one value per example, so the batch mean
equals the published loss.
"""
import json
import sys

import torch
import torch.nn.functional as F


def soft_cross_entropy(z, y):
    return -(y * F.log_softmax(z, dim=1)).sum(1)


def kd(y, t, z, temperature, beta, t_squared):
    c = temperature ** 2 if t_squared else 1.0
    soft = -(F.softmax(t / temperature, dim=1) * F.log_softmax(z / temperature, dim=1)).sum(1)
    return (1 - beta) * soft_cross_entropy(z, y) + beta * c * soft


def dkd(y, t, z, temperature, alpha, beta, ce_weight):
    # mdistiller/distillers/DKD.py, per example
    target = y.argmax(1)
    gt_mask = torch.zeros_like(z).scatter_(1, target.unsqueeze(1), 1).bool()
    other_mask = torch.ones_like(z).scatter_(1, target.unsqueeze(1), 0).bool()

    def cat_mask(p):
        return torch.cat([(p * gt_mask).sum(1, keepdim=True), (p * other_mask).sum(1, keepdim=True)], dim=1)

    pred_student = cat_mask(F.softmax(z / temperature, dim=1))
    pred_teacher = cat_mask(F.softmax(t / temperature, dim=1))
    tckd = F.kl_div(torch.log(pred_student), pred_teacher, reduction="none").sum(1) * temperature ** 2
    pred_teacher_part2 = F.softmax(t / temperature - 1000.0 * gt_mask, dim=1)
    log_pred_student_part2 = F.log_softmax(z / temperature - 1000.0 * gt_mask, dim=1)
    nckd = F.kl_div(log_pred_student_part2, pred_teacher_part2, reduction="none").sum(1) * temperature ** 2
    return ce_weight * soft_cross_entropy(z, y) + alpha * tckd + beta * nckd


def normalize(logit):
    # Sun et al., logit-standardization-KD, mdistiller/distillers/KD.py
    mean = logit.mean(dim=-1, keepdims=True)
    stdv = logit.std(dim=-1, keepdims=True)
    return (logit - mean) / (1e-7 + stdv)


def logit_std(y, t, z, temperature, ce_weight, kd_weight):
    log_pred_student = F.log_softmax(normalize(z) / temperature, dim=1)
    pred_teacher = F.softmax(normalize(t) / temperature, dim=1)
    kd_term = F.kl_div(log_pred_student, pred_teacher, reduction="none").sum(1) * temperature ** 2
    return ce_weight * soft_cross_entropy(z, y) + kd_weight * kd_term


def cosine_similarity(a, b, eps=1e-8):
    return (a * b).sum(1) / (a.norm(dim=1) * b.norm(dim=1) + eps)


def pearson_correlation(a, b, eps=1e-8):
    return cosine_similarity(a - a.mean(1).unsqueeze(1), b - b.mean(1).unsqueeze(1), eps)


def dist(y, t, z, temperature, beta, gamma, ce_weight):
    # DIST (Huang et al. 2022): inter per example, intra over the batch (shared by every example)
    y_s = F.softmax(z / temperature, dim=1)
    y_t = F.softmax(t / temperature, dim=1)
    inter = 1 - pearson_correlation(y_s, y_t)
    intra = 1 - pearson_correlation(y_s.transpose(0, 1), y_t.transpose(0, 1)).mean()
    t2 = temperature ** 2
    return ce_weight * soft_cross_entropy(z, y) + beta * t2 * inter + gamma * t2 * intra


LOSSES = {
    "kd": lambda y, t, z, p: kd(y, t, z, p["temperature"], p["beta"], p["t_squared"] == 1.0),
    "dkd": lambda y, t, z, p: dkd(y, t, z, p["temperature"], p["alpha"], p["beta"], p["ce_weight"]),
    "logit_std": lambda y, t, z, p: logit_std(y, t, z, p["temperature"], p["ce_weight"], p["kd_weight"]),
    "dist": lambda y, t, z, p: dist(y, t, z, p["temperature"], p["beta"], p["gamma"], p["ce_weight"]),
}


def main(argv):
    with open(argv[1]) as f:
        data = json.load(f)
    y = torch.tensor(data["y"], dtype=torch.float64)
    t = torch.tensor(data["t"], dtype=torch.float64)
    results = []
    for case in data["cases"]:
        z = torch.tensor(data["z"], dtype=torch.float64, requires_grad=True)
        scores = LOSSES[case["loss"]](y, t, z, case["params"])
        scores.sum().backward()
        results.append({"scores": scores.detach().tolist(), "gradient": z.grad.tolist()})
    with open(argv[2], "w") as f:
        json.dump({"torch": torch.__version__, "results": results}, f)


if __name__ == "__main__":
    main(sys.argv)
