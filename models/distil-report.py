"""Report of a distil.sh session: val accuracy of every run and of the teachers'
ensemble, the students' weights in one .npz (readable by any torch or numpy), and the
teachers' logits on the training images and their mirrors (for distillation without
the teachers, e.g. on a CPU)."""
import json
import os
import sys

import numpy as np
import torch

import ferdata
from net import build
from train import logits


def main():
    cache, out = sys.argv[1], sys.argv[2]
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    xva, yva = (torch.from_numpy(a).to(dev)
                for a in ferdata.load_split("", "val", os.path.join(cache, "data")))
    xtr, _ = ferdata.load_split("", "train", os.path.join(cache, "data"))
    xtr = torch.from_numpy(xtr).to(dev)
    report, weights, ens_va, ens_tr = {}, {}, [], []
    for run in sorted(os.listdir(cache)):
        path = os.path.join(cache, run, "final.pt")
        if not os.path.exists(path):
            continue
        ck = torch.load(path, map_location=dev, weights_only=False)
        arch = ck["args"]["arch"]
        model = build(arch).to(dev, memory_format=torch.channels_last)
        model.load_state_dict(ck["model"])
        with torch.no_grad():
            a, b = logits(model, xva)
        report[run] = {"arch": arch, "epochs": ck["epoch"],
                       "val": (a.argmax(1) == yva).float().mean().item(),
                       "val_flip": ((a + b).argmax(1) == yva).float().mean().item(),
                       "args": ck["args"]}
        if arch.startswith("resnet"):
            ens_va.append(torch.softmax(a, 1) + torch.softmax(b, 1))
            with torch.no_grad():
                ens_tr.append(torch.stack(logits(model, xtr)).half().cpu().numpy())
        else:
            for k, v in ck["model"].items():
                weights[f"{run}/{k}"] = v.cpu().numpy()
            torch.save({"model": {k: v.cpu() for k, v in ck["model"].items()},
                        "epoch": ck["epoch"], "args": ck["args"]},
                       os.path.join(out, f"{run}.pt"), _use_new_zipfile_serialization=True)
    if ens_va:
        report["teachers"] = {"val_flip": (sum(ens_va).argmax(1) == yva).float().mean().item()}
        np.savez_compressed(os.path.join(out, "teacher_train_logits.npz"),
                            logits=np.stack(ens_tr))
    np.savez(os.path.join(out, "students.npz"), **weights)
    with open(os.path.join(out, "report.json"), "w") as f:
        json.dump(report, f, indent=1)
    for run, r in report.items():
        print(run, {k: r[k] for k in r if k != "args"})


if __name__ == "__main__":
    main()
