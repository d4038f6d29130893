#!/usr/bin/python3
"""PNG analogues of the paper's Figs. 1-5 from a sweep archive (rheosweep sweep / reduce /
analyze; docs/ARCHIVE.md):
  fig1_drops.png     stress-drop CCDFs per task with the fitted exponent (Fig. 1B,C)
  fig2_flow.png      the flow curve with both fits and the regimes (Fig. 2; scripts/plot_sweep.py)
  fig3_strain.png    local-strain map and distributions scaled by the mean, block extremes with
                     the GEV fit, flow profiles and non-affine displacement summary (Fig. 3)
  fig4_nadm.png      NaDM of the ABC task with the most inherent structures, and its ASNaD (Fig. 4)
  fig5_clusters.png  activated fraction and the largest plastic clusters around the largest event (Fig. 5)
usage: figures.py sweep.h5 [OUTDIR]"""
import os
import shutil
import sys

os.environ.setdefault("MPLBACKEND", "Agg")
import h5py  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot_sweep  # noqa: E402


def gev_pdf(x, mu, s, xi):
    z = (x - mu) / s
    if abs(xi) < 1e-8:
        return np.exp(-z - np.exp(-z)) / s
    q = 1 + xi * z
    out = np.zeros_like(x)
    ok = q > 0
    t = q[ok] ** (-1 / xi)
    out[ok] = t ** (xi + 1) * np.exp(-t) / s
    return out


def main():
    path, out = plot_sweep.archive_and_outdir(__doc__)
    f = h5py.File(path, "r")
    if "analysis" not in f:
        sys.exit("figures.py: error: %s has no /analysis (run rheosweep reduce with -analyze_enable true)" % path)
    an = f["analysis"]
    tasks = sorted(an.keys())
    written = []

    # Fig. 1: stress-drop CCDFs
    fig, ax = plt.subplots(figsize=(6, 4.5))
    for k in tasks:
        d = np.sort(an[k]["drops"][()])[::-1]
        if len(d) < 3:
            continue
        ccdf = np.arange(1, len(d) + 1) / len(d)
        fit = an[k]["drop_fit"][()]
        lab = k + (" (CCDF exponent %.2f +- %.2f)" % (fit[2] - 1, fit[3]) if np.isfinite(fit[2]) else "")
        ax.loglog(d, ccdf, ".-", ms=3, lw=0.6, label=lab)
    ax.set_xlabel("stress drop (MPa)")
    ax.set_ylabel("fraction of drops >= x")
    ax.set_title("stress drops (median filter 0.2 % strain)")
    ax.legend(fontsize=5, frameon=False)
    fig.tight_layout()
    written.append(os.path.join(out, "fig1_drops.png"))
    fig.savefig(written[-1], dpi=120)

    # Fig. 2: the flow curve (plot_sweep.py draws it)
    written += plot_sweep.draw(path, out)
    shutil.copyfile(os.path.join(out, "flow_curve.png"), os.path.join(out, "fig2_flow.png"))
    written.append(os.path.join(out, "fig2_flow.png"))

    # Fig. 3: local strain, extremes, flow profiles
    abc = [k for k in tasks if "nadm_subset" in an[k]]
    fig, ax = plt.subplots(2, 2, figsize=(10, 8))
    if abc:
        k = abc[0]
        eta = an[k]["eta_final"][()]
        pos = f["particles/%s/position/value" % k][0]
        sc = ax[0, 0].scatter(pos[:, 0], pos[:, 1], c=eta, s=6, cmap="viridis")
        fig.colorbar(sc, ax=ax[0, 0], label="von Mises local strain")
        ax[0, 0].set_aspect("equal")
        ax[0, 0].set_title("%s: local strain, first -> last structure" % k, fontsize=8)
        maps = an[k]["eta_maps"][()] if "eta_maps" in an[k] else np.zeros((0, 1))
        for row in maps:  # Fig. 3B: distributions at several strains, scaled by their mean (collapse)
            if row[1:].mean() > 0:
                ax[0, 1].hist(row[1:] / row[1:].mean(), bins=40, histtype="step", density=True, label="%s, strain %.2f" % (k, row[0]))
        for kk in abc:
            e = an[kk]["eta_final"][()]
            if e.mean() > 0 and not len(maps):
                ax[0, 1].hist(e / e.mean(), bins=40, histtype="step", density=True, label=kk)
            x = an[kk]["extremes"][()]
            g = an[kk]["gev"][()]
            if len(x):
                ax[1, 0].hist(x, bins=30, density=True, histtype="step", label=kk)
                if np.isfinite(g[0]):
                    xs = np.linspace(x.min(), x.max(), 200)
                    ax[1, 0].plot(xs, gev_pdf(xs, g[0], g[1], g[2]), lw=0.8)
    ax[0, 1].set_xlabel("eta / <eta>")
    ax[0, 1].set_ylabel("density")
    ax[0, 1].legend(fontsize=5, frameon=False)
    ax[1, 0].set_xlabel("block extremes eta_xm / <eta> (lines: GEV fits)")
    ax[1, 0].legend(fontsize=5, frameon=False)
    for k in tasks:
        p = an[k]["flow_profile"][()]
        na = an[k]["nonaffine"][()]
        if np.isfinite(p[:, 1]).any():
            ax[1, 1].plot(p[:, 1], p[:, 0], lw=0.8, label="%s (loc %.2f, alpha2 %.2f)" % (k, na[1], na[3]))
    ax[1, 1].set_xlabel("mean dx (A)")
    ax[1, 1].set_ylabel("y0 (A)")
    ax[1, 1].legend(fontsize=5, frameon=False)
    ax[1, 1].set_title("flow profiles", fontsize=8)
    fig.tight_layout()
    written.append(os.path.join(out, "fig3_strain.png"))
    fig.savefig(written[-1], dpi=120)

    # Fig. 4: NaDM and ASNaD of the ABC task with the most structures
    fig, ax = plt.subplots(1, 2, figsize=(10, 4.2))
    if abc:
        k = max(abc, key=lambda t: an[t]["strain"].shape[0])
        m = an[k]["nadm_subset"][()]
        s = an[k]["strain"][()]
        im = ax[0].imshow(m, origin="lower", extent=[s[0], s[-1], s[0], s[-1]], cmap="magma_r")
        fig.colorbar(im, ax=ax[0], label="Delta^2 (A^2)")
        dim = an[k]["nadm_dimension"][()]
        ax[0].set_title("%s: NaDM (%d atoms), D = %.2f at %.2g A^2" % (k, dim[4], dim[2], dim[0]), fontsize=8)
        a = an[k]["asnad"][()]
        ax[1].plot(a[:, 0], a[:, 1], lw=0.8)
        ad = an[k]["asnad_dimension"][()]
        ax[1].set_title("ASNaD, D = %.2f" % ad[1], fontsize=8)
        ax[1].set_xlabel("strain")
        ax[1].set_ylabel("delta^2 (A^2)")
    fig.tight_layout()
    written.append(os.path.join(out, "fig4_nadm.png"))
    fig.savefig(written[-1], dpi=120)

    # Fig. 5: clusters around the largest event
    fig, ax = plt.subplots(figsize=(6, 4))
    for i, k in enumerate(abc):
        c = an[k]["clusters"][()]
        sizes = c[6:][np.isfinite(c[6:])]
        ax.bar(np.arange(len(sizes)) + 0.8 * i / max(1, len(abc)), sizes, width=0.8 / max(1, len(abc)),
               label="%s: p = %.2f%s" % (k, c[2], ", spans" if c[4] > 0 else ""))
    ax.set_xlabel("cluster rank")
    ax.set_ylabel("atoms")
    ax.set_title("largest plastic clusters at the largest event (eta > 0.1)", fontsize=9)
    ax.legend(fontsize=6, frameon=False)
    fig.tight_layout()
    written.append(os.path.join(out, "fig5_clusters.png"))
    fig.savefig(written[-1], dpi=120)
    for p in written:
        print("figure: %s" % p)


if __name__ == "__main__":
    main()
