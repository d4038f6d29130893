#!/usr/bin/python3
"""Plots quench curves written by `rheosweep prepare -prep_curve curve.csv`: energy and area per
atom versus T, one line per file, with the two-line fit ranges shaded.
usage: plot_quench.py out.png curve1.csv[:label] [curve2.csv[:label] ...]"""
import csv
import os
import sys

os.environ.setdefault("MPLBACKEND", "Agg")
import matplotlib.pyplot as plt  # noqa: E402

out, files = sys.argv[1], sys.argv[2:]
fig, ax = plt.subplots(1, 2, figsize=(10, 4))
for spec in files:
    path, _, label = spec.partition(":")
    rows = list(csv.DictReader(open(path)))
    T = [float(r["T_K"]) for r in rows]
    ax[0].plot(T, [float(r["pe_eV_per_atom"]) for r in rows], ".", ms=3, label=label or path)
    ax[1].plot(T, [float(r["area_A2_per_atom"]) for r in rows], ".", ms=3, label=label or path)
for a, name in zip(ax, ("potential energy (eV/atom)", "area (A^2/atom)")):
    a.axvspan(60, 335, color="0.9", zorder=0)
    a.axvspan(500, 625, color="0.9", zorder=0)
    a.set_xlabel("T (K)")
    a.set_ylabel(name)
    a.legend(frameon=False)
fig.suptitle("NPT quench at P = 0 (P2, 5000 atoms); shaded: glass and liquid fit ranges")
fig.tight_layout()
fig.savefig(out, dpi=110)
