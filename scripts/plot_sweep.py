#!/usr/bin/python3
"""Figures of a sweep archive (rheosweep sweep / reduce): the flow curve with both fits and the
regime labels (the paper's Fig. 2), the MD/ABC overlap used for the rate calibration, and the
stress-strain curves (Fig. 1A). Writes PNGs next to the archive (or into OUTDIR) and prints
their paths.
usage: plot_sweep.py sweep.h5 [OUTDIR]"""
import math
import os
import sys

os.environ.setdefault("MPLBACKEND", "Agg")
import h5py  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def archive_and_outdir(usage):
    """The archive named on the command line and the output folder (given, or the archive's)."""
    if len(sys.argv) < 2:
        sys.exit(usage)
    path = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(path))
    os.makedirs(out, exist_ok=True)
    return path, out


def draw(path, out):
    """Draws flow_curve.png, calibration.png and stress_strain.png; returns their paths."""
    with h5py.File(path, "r") as f:
        if "flow" not in f or "tasks" not in f:
            sys.exit("plot_sweep.py: error: %s is not a rheosweep sweep archive (no /flow or /tasks)" % path)
        pts = f["flow/points"][()]
        cal = f["flow/calibration"][()]
        fa = f["fits/asinh"][()]
        f3 = f["fits/regime3"][()]
        why = f["fits/why"][()]
        names = [n.decode() for n in f["tasks/name"][()]]
        methods = [m.decode() for m in f["tasks/method"][()]]
        table = f["tasks/table"][()]
        curves = {n: f["tasks/%s/stress_strain" % n][()] for n, m in zip(names, methods) if m != "prepare" and "tasks/%s/stress_strain" % n in f}
    written = []
    pts = pts.reshape(-1, pts.shape[1] if pts.ndim == 2 else 13)  # 12 columns before the capped share
    temps = sorted(set(pts[:, 0])) if len(pts) else []

    # 1. flow curve (Fig. 2)
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    colours = {1: "tab:blue", 2: "tab:green", 3: "tab:red", 0: "0.5"}
    for k, T in enumerate(temps):
        sel = pts[pts[:, 0] == T]
        for method, marker, label in ((0, "o", "MD"), (1, "s", "ABC (calibrated rate)")):
            s = sel[(sel[:, 1] == method) & np.isfinite(sel[:, 3]) & np.isfinite(sel[:, 5])]
            for reg in (0, 1, 2, 3):
                r = s[s[:, 11] == reg]
                if len(r):
                    xerr = None if method == 0 else [r[:, 3] * (1 - np.exp(-r[:, 4])), r[:, 3] * (np.exp(r[:, 4]) - 1)]
                    ax.errorbar(r[:, 3], r[:, 5], yerr=r[:, 6], xerr=xerr, fmt=marker, color=colours[reg], mfc="white" if method else colours[reg], capsize=2,
                                label="%s, regime %s" % (label, {0: "-", 1: "I", 2: "II", 3: "III"}[reg]))
        row = fa[k] if len(fa) > k else None
        if row is not None and row[1] > 0:
            x = np.logspace(math.log10(row[3]) - 0.5, math.log10(row[4]) + 0.5, 100)
            ax.plot(x, row[5] * np.arcsinh(x / math.exp(row[6])), "-", color="tab:blue", label="A asinh(rate/B): A=%.0f MPa, B=%.2g /s" % (row[5], math.exp(row[6])))
        row = f3[k] if len(f3) > k else None
        if row is not None and row[1] > 0:
            x = np.logspace(math.log10(row[3]) - 0.3, min(math.log10(row[4]) + 0.3, row[7] / math.log(10) - 0.01), 100)
            ax.plot(x, row[5] - row[6] * np.log(math.exp(row[7]) / x) ** (2 / 3), "--", color="tab:red", label="tau_c - C ln(D/rate)^2/3: tau_c=%.0f MPa" % row[5])
        notes = [w.decode() for w in why[k] if w] if len(why) > k else []
        if notes:
            ax.text(0.01, 0.99, "\n".join(n[:110] for n in notes), transform=ax.transAxes, va="top", fontsize=6, color="0.3")
    ax.set_xscale("log")
    ax.set_xlabel("shear rate (1/s)")
    ax.set_ylabel("flow stress (MPa)")
    ax.set_title("flow curve (%s)" % ", ".join("%g K" % T for T in temps))
    ax.legend(fontsize=6, frameon=False, loc="lower right")
    fig.tight_layout()
    p = os.path.join(out, "flow_curve.png")
    fig.savefig(p, dpi=120)
    written.append(p)

    # 2. MD/ABC overlap used for the rate calibration
    fig, ax = plt.subplots(1, 2, figsize=(10, 4))
    for k, T in enumerate(temps):
        sel = pts[pts[:, 0] == T]
        md = sel[(sel[:, 1] == 0) & np.isfinite(sel[:, 5])]
        abc = sel[(sel[:, 1] == 1) & np.isfinite(sel[:, 5])]
        ax[0].errorbar(md[:, 3], md[:, 5], yerr=md[:, 6], fmt="o-", capsize=2, label="MD %g K" % T)
        for q in abc:
            ax[0].axhspan(q[5] - q[6], q[5] + q[6], alpha=0.15)
            ax[0].text(md[:, 3].min() if len(md) else 1, q[5], " Q0=%g eV" % q[2], fontsize=7, va="center")
        ax[1].errorbar(abc[:, 2], abc[:, 5], yerr=abc[:, 6], fmt="s", capsize=2, label="ABC %g K" % T)
        c = cal[k] if len(cal) > k else None
        if c is not None and c[1] > 0:
            ax[0].set_title("rate0 = %.3g /s, a = %.3f +- %.3f" % (c[8], c[10], c[11]), fontsize=9)
    ax[0].set_xscale("log")
    ax[0].set_xlabel("MD shear rate (1/s)")
    ax[0].set_ylabel("flow stress (MPa)")
    ax[1].set_xlabel("Q0 (eV)")
    ax[1].set_ylabel("flow stress (MPa)")
    for a in ax:
        a.legend(fontsize=7, frameon=False)
    fig.suptitle("MD/ABC overlap: each ABC stress band meets the MD curve at its calibrated rate", fontsize=10)
    fig.tight_layout()
    p = os.path.join(out, "calibration.png")
    fig.savefig(p, dpi=120)
    written.append(p)

    # 3. stress-strain curves (Fig. 1A)
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    for n, m in zip(names, methods):
        if n not in curves or m == "prepare":
            continue
        c = curves[n]
        if len(c):
            ax.plot(c[:, 0], c[:, 3], lw=0.6, ls="-" if m == "md" else "--", label=n)
    ax.set_xlabel("shear strain")
    ax.set_ylabel("sigma_xy (MPa)")
    ax.set_title("stress-strain curves (MD solid, ABC dashed)")
    ax.legend(fontsize=5, frameon=False, ncol=2)
    fig.tight_layout()
    p = os.path.join(out, "stress_strain.png")
    fig.savefig(p, dpi=120)
    written.append(p)
    return written


def main():
    for p in draw(*archive_and_outdir(__doc__)):
        print("figure: %s" % p)


if __name__ == "__main__":
    main()
