"""Train MoodNet on FER2013 (CPU, Debian python3-torch; or CUDA with --device cuda).

Resumable: a checkpoint (model, optimiser, RNG state) is written to
<ckpt-dir>/last.pt after every epoch; rerunning the same command continues
from it.  The LR schedule is a function of the global step only, so a resumed
run follows the same schedule as an uninterrupted one.

Augmentation is done on whole batches with tensor ops (no per-image Python):
horizontal flip, random affine (rotation, scale, translation) via
affine_grid/grid_sample, brightness/contrast jitter and random erasing.

Distillation (--teacher, repeatable): the loss adds the KL divergence to the
averaged softened predictions of the teachers on the same augmented batch
(Hinton et al.), weight --kd-alpha at temperature --kd-temp.  Teachers are
checkpoints of this script, typically --arch resnet18 runs.  --mixup blends
pairs of images (Beta(a, a)); the teachers see the blended images too.
"""
import argparse
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

import ferdata
from net import ARCHS, DEFAULT_ARCH, TEACHERS, build


def to_input(x_u8):
    """uint8 [N,48,48] -> float [N,1,48,48] = (pixel - 128) / 128 (exactly the int8 input)."""
    return (x_u8.float().unsqueeze(1) - 128.0) / 128.0


def augment(x, g):
    """Random augmentation of a float batch x [N,1,48,48] in [-1,1), generator g."""
    n = x.shape[0]
    u = lambda *s: torch.rand(*s, generator=g, device=x.device)
    # horizontal flip (folded into the affine matrix as a sign on the x axis)
    flip = torch.where(u(n) < 0.5, -1.0, 1.0)
    ang = (u(n) * 2 - 1) * math.radians(12)
    scale = 1.0 + (u(n) * 2 - 1) * 0.10          # zoom in/out by up to 10%
    tx, ty = (u(n) * 2 - 1) * 0.16, (u(n) * 2 - 1) * 0.16  # ~ +-4 px
    cos, sin = torch.cos(ang) / scale, torch.sin(ang) / scale
    theta = torch.stack([
        torch.stack([cos * flip, -sin, tx], 1),
        torch.stack([sin * flip, cos, ty], 1),
    ], 1)
    grid = F.affine_grid(theta, x.shape, align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)
    # brightness / contrast jitter
    c = 1.0 + (u(n, 1, 1, 1) * 2 - 1) * 0.25
    b = (u(n, 1, 1, 1) * 2 - 1) * 0.2
    mean = x.mean(dim=(2, 3), keepdim=True)
    x = ((x - mean) * c + mean + b).clamp(-1.0, 127.0 / 128.0)
    # random erasing: one rectangle (2-20% of the area) with p=0.5, filled with noise
    area = (0.02 + u(n) * 0.18) * 48 * 48
    aspect = torch.exp((u(n) * 2 - 1) * math.log(2.0))
    eh = (area * aspect).sqrt().clamp(1, 47).round()
    ew = (area / aspect).sqrt().clamp(1, 47).round()
    y0 = (u(n) * (48 - eh)).floor()
    x0 = (u(n) * (48 - ew)).floor()
    ar = torch.arange(48, device=x.device).float()
    my = (ar[None, :] >= y0[:, None]) & (ar[None, :] < (y0 + eh)[:, None])
    mx = (ar[None, :] >= x0[:, None]) & (ar[None, :] < (x0 + ew)[:, None])
    m = (my[:, :, None] & mx[:, None, :]) & (u(n) < 0.5)[:, None, None]
    noise = u(n, 1, 48, 48) * 2 - 1
    return torch.where(m[:, None], noise, x)


@torch.no_grad()
def logits(model, x_u8, bs=512):
    """Float logits [N,7] of x_u8 and of its mirror image."""
    model.eval()
    a, b = [], []
    for i in range(0, len(x_u8), bs):
        x = to_input(x_u8[i:i + bs]).contiguous(memory_format=torch.channels_last)
        a.append(model(x).float())
        b.append(model(torch.flip(x, dims=[3])).float())
    return torch.cat(a), torch.cat(b)


@torch.no_grad()
def evaluate(model, x_u8, y, bs=512):
    """Return (accuracy single crop, accuracy flip-averaged logits)."""
    a, b = logits(model, x_u8, bs)
    return ((a.argmax(1) == y).float().mean().item(),
            ((a + b).argmax(1) == y).float().mean().item())


def lr_at(step, total, peak, warmup):
    """Linear warm-up to `peak`, then cosine decay to 0 at `total` steps."""
    if step < warmup:
        return peak * (step + 1) / warmup
    p = (step - warmup) / max(1, total - warmup)
    return peak * 0.5 * (1 + math.cos(math.pi * p))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../../shared/data/fer2013",
                    help="ImageFolder root or fer2013.csv")
    ap.add_argument("--cache", default="../../train-cache", help="checkpoints + decoded data")
    ap.add_argument("--arch", choices=sorted(ARCHS) + sorted(TEACHERS), default=DEFAULT_ARCH)
    ap.add_argument("--epochs", type=int, default=100)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--wd", type=float, default=5e-4)
    ap.add_argument("--smoothing", type=float, default=0.1)
    ap.add_argument("--warmup-epochs", type=float, default=2.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--eval-every", type=int, default=1, help="val evaluation period (epochs)")
    ap.add_argument("--max-batches", type=int, default=0, help="timing runs: stop each epoch early")
    ap.add_argument("--run", default="run", help="subdirectory of --cache for this run")
    ap.add_argument("--init", help="start from this checkpoint's weights (new optimiser and "
                    "schedule: a warm restart)")
    ap.add_argument("--device", default="cpu", help="cpu or cuda")
    ap.add_argument("--save-every", type=int, default=1, help="last.pt period (epochs)")
    ap.add_argument("--amp", action="store_true", help="bfloat16 autocast (CUDA)")
    ap.add_argument("--teacher", action="append", default=[],
                    help="distil from this checkpoint (repeat for an ensemble)")
    ap.add_argument("--kd-alpha", type=float, default=0.8, help="weight of the teachers' term")
    ap.add_argument("--kd-temp", type=float, default=3.0, help="distillation temperature")
    ap.add_argument("--mixup", type=float, default=0.0, help="mixup Beta(a, a); 0 = off")
    ap.add_argument("--time-budget", type=float, default=0.0,
                    help="seconds: shorten --epochs to what fits, measured over the first "
                    "60 steps (the log names the epochs chosen, for an exact rerun)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    dev = torch.device(args.device)
    if dev.type == "cuda":
        torch.backends.cudnn.benchmark = True
    t_start = time.time()
    run_dir = os.path.join(args.cache, args.run)
    os.makedirs(run_dir, exist_ok=True)
    log = open(os.path.join(run_dir, "log.txt"), "a")

    def say(msg):
        print(msg, flush=True)
        log.write(msg + "\n")
        log.flush()

    xtr, ytr = ferdata.load_split(args.data, "train", os.path.join(args.cache, "data"))
    xva, yva = ferdata.load_split(args.data, "val", os.path.join(args.cache, "data"))
    xtr, ytr = torch.from_numpy(xtr).to(dev), torch.from_numpy(ytr).to(dev)
    xva, yva = torch.from_numpy(xva).to(dev), torch.from_numpy(yva).to(dev)

    # channels_last is ~25% faster for these small convs on CPU (mkldnn)
    model = build(args.arch).to(dev, memory_format=torch.channels_last)
    teachers = []
    for path in args.teacher:
        tck = torch.load(path, map_location=dev, weights_only=False)
        t = build(tck["args"]["arch"]).to(dev, memory_format=torch.channels_last)
        t.load_state_dict(tck["model"])
        teachers.append(t.eval())
    amp = torch.autocast(device_type=dev.type, dtype=torch.bfloat16, enabled=args.amp)
    decay = [p for n, p in model.named_parameters() if p.ndim > 1]
    no_decay = [p for n, p in model.named_parameters() if p.ndim <= 1]
    opt = torch.optim.SGD([{"params": decay, "weight_decay": args.wd},
                           {"params": no_decay, "weight_decay": 0.0}],
                          lr=args.lr, momentum=0.9, nesterov=True)
    g = torch.Generator(device=dev).manual_seed(args.seed)
    steps_per_epoch = len(ytr) // args.batch  # drop the last partial batch
    if args.max_batches:
        steps_per_epoch = min(steps_per_epoch, args.max_batches)
    total = steps_per_epoch * args.epochs
    warmup = int(args.warmup_epochs * steps_per_epoch)

    start_epoch = 0
    ckpt_path = os.path.join(run_dir, "last.pt")
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path, map_location=dev, weights_only=False)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        g.set_state(ck["gen"].cpu())
        if "epochs" in ck:
            args.epochs = ck["epochs"]
            total = steps_per_epoch * args.epochs
        torch.set_rng_state(ck["torch_rng"])
        start_epoch = ck["epoch"]
        say(f"resumed from {ckpt_path} at epoch {start_epoch}: {vars(args)}")
    else:
        if args.init:
            model.load_state_dict(torch.load(args.init, map_location=dev, weights_only=False)["model"])
        say(f"start {vars(args)}")

    for epoch in range(start_epoch, args.epochs):
        if epoch >= args.epochs:  # --time-budget shortened the schedule
            break
        model.train()
        t0 = time.time()
        perm = torch.randperm(len(ytr), generator=g, device=dev)
        loss_sum = correct = seen = 0
        for i in range(steps_per_epoch):
            step = epoch * steps_per_epoch + i
            if args.time_budget and epoch == start_epoch == 0 and i in (10, 60):
                if dev.type == "cuda":
                    torch.cuda.synchronize()
                if i == 10:
                    t_probe = time.time()
                else:
                    per_epoch = (time.time() - t_probe) / 50 * steps_per_epoch * 1.03
                    left = args.time_budget - (time.time() - t_start)
                    fit = max(1, int(left / per_epoch + 60 / steps_per_epoch))
                    if fit < args.epochs:
                        args.epochs = fit
                        total = steps_per_epoch * args.epochs
                    say(f"time budget {args.time_budget:.0f}s: {per_epoch:.2f}s per epoch, "
                        f"training {args.epochs} epochs (--epochs {args.epochs} reruns it)")
            for grp in opt.param_groups:
                grp["lr"] = lr_at(step, total, args.lr, warmup)
            idx = perm[i * args.batch:(i + 1) * args.batch]
            x = augment(to_input(xtr[idx]), g)
            y = ytr[idx]
            if args.mixup > 0:
                lam = float(np.random.default_rng(step + 7919 * args.seed).beta(args.mixup, args.mixup))
                j = torch.randperm(len(y), generator=g, device=dev)
                x, y2 = lam * x + (1 - lam) * x[j], y[j]
            x = x.contiguous(memory_format=torch.channels_last)
            with amp:
                out = model(x)
                loss = F.cross_entropy(out, y, label_smoothing=args.smoothing)
                if args.mixup > 0:
                    loss = lam * loss + (1 - lam) * F.cross_entropy(
                        out, y2, label_smoothing=args.smoothing)
                if teachers:
                    with torch.no_grad():
                        p = sum(F.softmax(t(x).float() / args.kd_temp, 1) for t in teachers)
                        p = p / len(teachers)
                    kl = F.kl_div(F.log_softmax(out.float() / args.kd_temp, 1), p,
                                  reduction="batchmean") * args.kd_temp ** 2
                    loss = (1 - args.kd_alpha) * loss + args.kd_alpha * kl
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            loss_sum += loss.detach().double() * len(y)
            correct += (out.argmax(1) == y).sum()
            seen += len(y)
        loss_sum, correct = loss_sum.item(), correct.item()
        t_train = time.time() - t0
        msg = (f"epoch {epoch + 1}/{args.epochs} lr {opt.param_groups[0]['lr']:.5f} "
               f"loss {loss_sum / seen:.4f} train_acc {correct / seen:.4f} ")
        if (epoch + 1) % args.eval_every == 0 or epoch + 1 == args.epochs:
            with amp:
                acc1, acc2 = evaluate(model, xva, yva)
            msg += f"val {acc1:.4f} val_flip {acc2:.4f} "
        say(msg + f"time {t_train:.1f}s+{time.time() - t0 - t_train:.1f}s")
        ck = {"model": model.state_dict(), "opt": opt.state_dict(), "gen": g.get_state(),
              "torch_rng": torch.get_rng_state(), "epoch": epoch + 1, "epochs": args.epochs,
              "args": vars(args)}
        if (epoch + 1) % args.save_every == 0 or epoch + 1 == args.epochs:
            torch.save(ck, ckpt_path + ".tmp")
            os.replace(ckpt_path + ".tmp", ckpt_path)
        if (epoch + 1) % 10 == 0:
            torch.save({"model": model.state_dict(), "epoch": epoch + 1, "args": vars(args)},
                       os.path.join(run_dir, f"epoch{epoch + 1:03d}.pt"))
    torch.save({"model": model.state_dict(), "epoch": args.epochs, "args": vars(args)},
               os.path.join(run_dir, "final.pt"))
    say("done")


if __name__ == "__main__":
    main()
