#!/usr/bin/env bash
# The sweep archive (docs/ARCHIVE.md): a tiny sweep reduced on 1, 2 and 3 ranks gives archives
# with identical content (h5diff, provenance excluded); h5py opens them; every path of the
# schema table in docs/ARCHIVE.md exists with its kind and shape; the file was written through
# the MPI-IO driver by more than one rank; a crash in the middle of writing leaves the previous
# archive untouched; the flow-curve figures are drawn from it; the analyses in it are
# consistent (NaDM symmetric with a zero diagonal, the ASNaD its band, drops positive).
. "$(dirname "$0")/../lib.sh"
cat > s.yaml <<'EOF'
prep: {atoms: 200, melt_time: 2, hold_time: 2, cool_rate: 50, quench_rate: 50, relax_time: 4}
md: {thermo: 0}
qs: {dgamma: 0.001, is_every: 1}
reduce: {window: [0.01, 0.03], compress: 4}
sweep: {dir: run, samples: 2, md_rates: [1e10, 3e10, 1e11], abc_q0: [0.05, 0.1], seeds: [1], strain: 0.03}
EOF
mpirun --oversubscribe -np 3 "$RS" sweep -options_file_yaml s.yaml -reduce_out a3.h5 > sweep.txt 2>&1
rc=$?
[ $rc -eq 0 ] && [ -f a3.h5 ] && [ -f a3.xmf ] && grep -q "^archive: a3.h5" sweep.txt; check "sweep on 3 ranks ends with the reduction and leaves the archive and its sidecar (exit $rc)" $?
grep -q "^flow curve at 315 K" sweep.txt && grep -q "regime III (tau_c" sweep.txt && grep -q "rate calibration" sweep.txt; check "the fit table is printed" $?
# ABC tasks whose steps often stop at the penalty cap (16 penalties per step) are flagged: the
# archive's capped share of each point (/flow/points column 13) equals the share recomputed here
# from the task's own tables (abc_steps row k is the step to record row k + 1, inside the flow
# window), and the reduction warns above 5 %; the uncapped sweep above has no such warning
mpirun --oversubscribe -np 3 "$RS" sweep -options_file_yaml s.yaml -sweep_dir runc -sweep_samples 1 -sweep_md_rates "" -sweep_abc_q0 0.1 -abc_max_penalties 16 -reduce_out c.h5 > capped.txt 2>&1
share=$(/usr/bin/python3 -c "
import h5py, math
c = h5py.File('c.h5', 'r'); a = h5py.File('a3.h5', 'r')['flow/points'][()]
t = c['tasks/s1-T315-abc-q0.1-seed1']; st, ab = t['stress_strain'][()], t['abc_steps'][()]
inw = [k for k in range(len(ab)) if 0.01 - 1e-12 <= st[k + 1][0] <= 0.03 + 1e-12]
want = sum(ab[k][7] for k in inw) / len(inw)
got = c['flow/points'][()][0, 12]
ok = abs(got - want) < 1e-12 and all((r[12] < 0.05) if r[1] == 1 else math.isnan(r[12]) for r in a)
print('%.4f %.4f %d' % (got, want, ok))")
set -- $share
[ "${3:-0}" = 1 ] && { python3 -c "import sys; sys.exit(0 if $1 > 0.05 else 1)" && grep -q "warning: ABC Q0 0.1 eV: $(python3 -c "print('%.0f' % (100 * $1))") % of the strain steps in the flow window stopped at the penalty cap" capped.txt || python3 -c "import sys; sys.exit(0 if $1 <= 0.05 else 1)"; } && ! grep -q "stopped at the penalty cap" sweep.txt
check "capped ABC steps: share in /flow/points ${1:-?} = recomputed from the task tables ${2:-?}, warned above 5 %; none in the uncapped sweep" $?
for np in 1 2; do
  mpirun --oversubscribe -np $np "$RS" reduce -options_file_yaml s.yaml -reduce_out a$np.h5 > r$np.txt 2>&1 || echo "reduce on $np ranks failed: $(tail -1 r$np.txt)"
done
h5diff --exclude-path /parameters a1.h5 a2.h5 > d12.txt 2>&1 && h5diff --exclude-path /parameters a1.h5 a3.h5 > d13.txt 2>&1
check "archives written on 1, 2 and 3 ranks have identical content (h5diff)" $?
/usr/bin/python3 - "$here/../../docs/ARCHIVE.md" a3.h5 > schema.txt 2>&1 <<'PY'
import re, sys
import h5py
doc, path = sys.argv[1], sys.argv[2]
rows = [l for l in open(doc) if re.match(r"^\| `/", l)]
assert len(rows) > 20, "schema table not found in %s" % doc
with h5py.File(path, "r") as f:
    names = [n.decode() for n in f["tasks/name"][()]]
    done = [n for n, s in zip(names, f["tasks/state"][()]) if s.decode() == "done"]
    sizes = {"n": len(names), "p": f["flow/points"].shape[0], "t": f["flow/calibration"].shape[0]}
    errors, checked = [], 0
    for row in rows:
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        p, kind, shape = cells[0].strip("`"), cells[1], cells[2]
        targets = [p.replace("<task>", t) for t in done] if "<task>" in p else [p]
        present = [t for t in targets if t in f]
        if not present:
            errors.append("missing: %s" % p)
            continue
        for t in present:
            obj = f[t]
            checked += 1
            if kind == "group" and not isinstance(obj, h5py.Group):
                errors.append("%s is not a group" % t)
            if kind == "dataset":
                if not isinstance(obj, h5py.Dataset):
                    errors.append("%s is not a dataset" % t)
                    continue
                want = shape.split(",")
                if len(want) != len(obj.shape):
                    errors.append("%s has rank %d, schema %s" % (t, len(obj.shape), shape))
                    continue
                for w, d in zip(want, obj.shape):
                    if w in sizes and sizes[w] != d or w.isdigit() and int(w) != d:
                        errors.append("%s has shape %s, schema %s" % (t, obj.shape, shape))
    drv, ranks = f["parameters"].attrs["driver"], int(f["parameters"].attrs["writer_ranks"][0])
    print("schema rows %d, objects checked %d, driver %s, writer ranks %d" % (len(rows), checked, drv.decode() if isinstance(drv, bytes) else drv, ranks))
    print("\n".join(errors) if errors else "schema ok")
    sys.exit(1 if errors or ranks < 2 or (drv.decode() if isinstance(drv, bytes) else drv) != "mpio" else 0)
PY
check "h5py opens the archive, every schema path of docs/ARCHIVE.md is present with its kind and shape, written through MPI-IO by 3 ranks ($(head -1 schema.txt); $(sed -n 2p schema.txt))" $?
/usr/bin/python3 - a3.h5 > an.txt 2>&1 <<'PY'
import sys
import h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
abc = [k for k in f["analysis"] if "-abc-" in k]
md = [k for k in f["analysis"] if "-md-" in k]
bad = []
for k in abc:
    g = f["analysis"][k]
    for name in ("nadm_subset", "nadm_all"):
        m = g[name][()]
        if abs(np.diag(m)).max() > 1e-20 or abs(m - m.T).max() > 0 or (m < 0).any():
            bad.append("%s/%s not a distance matrix" % (k, name))
    m, a = g["nadm_subset"][()], g["asnad"][()]
    h = (m.shape[0] - a.shape[0]) // 2
    if not np.array_equal(a[:, 1], np.array([m[i, i + 2 * h] for i in range(a.shape[0])])):
        bad.append("%s asnad is not the NaDM band" % k)
    if (g["eta_final"][()] < 0).any() or not np.isfinite(g["gev"][()][:3]).all():
        bad.append("%s eta or GEV" % k)
for k in md:
    d = f["analysis"][k]["drops"][()]
    if len(d) == 0 or (d <= 0).any():
        bad.append("%s drops" % k)
print("ABC tasks %d, MD tasks %d; %s" % (len(abc), len(md), "; ".join(bad) if bad else "consistent"))
sys.exit(1 if bad or not abc or not md else 0)
PY
check "analyses in the archive: $(cat an.txt)" $?
/usr/bin/python3 - a3.xmf a3.h5 > xmf.txt 2>&1 <<'PY'
import sys, xml.etree.ElementTree as ET
import h5py
root = ET.parse(sys.argv[1]).getroot()
f = h5py.File(sys.argv[2], "r")
grids = root.findall(".//Grid[@GridType='Uniform']")
bad = []
for item in root.iter("DataItem"):
    if item.get("Format") == "HDF":
        name, path = item.text.strip().split(":", 1)
        dims = tuple(int(v) for v in item.get("Dimensions").split())
        if path not in f or f[path].shape != dims:
            bad.append("%s %s" % (path, dims))
print("%d grids, %d HDF references%s" % (len(grids), sum(1 for i in root.iter("DataItem") if i.get("Format") == "HDF"), "; bad: " + ", ".join(bad[:3]) if bad else ", all resolve with their shapes"))
sys.exit(1 if bad or not grids else 0)
PY
check "the XDMF sidecar is valid XML whose HDF references all exist with their shapes ($(cat xmf.txt))" $?
cp a1.h5 a1.before
mpirun --oversubscribe -np 2 "$RS" reduce -options_file_yaml s.yaml -reduce_out a1.h5 -reduce_inject_crash > crash.txt 2>&1
rc=$?
[ $rc -ne 0 ] && cmp -s a1.h5 a1.before; check "a crash while the archive is written leaves the previous archive untouched (exit $rc)" $?
MPLBACKEND=Agg /usr/bin/python3 "$here/../../scripts/plot_sweep.py" a3.h5 figs > plot.txt 2>&1 && [ -s figs/flow_curve.png ] && [ -s figs/calibration.png ] && [ -s figs/stress_strain.png ]
check "scripts/plot_sweep.py draws the flow curve, the calibration and the stress-strain curves ($(tail -1 plot.txt))" $?
"$RS" info a3.h5 > info.txt 2>&1 && grep -q "^kind: sweep archive" info.txt && grep -q "^tasks: {total: 12, done: 12" info.txt; check "info summarises the archive ($(sed -n 4p info.txt))" $?
"$RS" info run/tasks/s1-T315-md-1e10-seed1.h5 > info2.txt 2>&1 && grep -q "^kind: task file" info2.txt && grep -q "^key: " info2.txt; check "info names a task file and its key" $?
printf 'not hdf5' > foreign.h5
"$RS" info foreign.h5 > info3.txt 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q "rheosweep: error: 'foreign.h5' is missing or not an HDF5 file" info3.txt; check "info on a foreign file: one error naming it (exit $rc)" $?
"$RS" export -in a3.h5 -out all.dump > /dev/null 2>&1 && [ "$(grep -c '^ITEM: TIMESTEP' all.dump)" -eq 12 ] && [ "$(grep -c '^ITEM: ATOMS id type element x y z ix iy' all.dump)" -eq 12 ]
check "export writes every final state of the archive as a LAMMPS dump frame (12)" $?
"$RS" export -in a3.h5 -out one.xyz -export_format xyz -export_frames s2-T315-abc-q0.1-seed1 > /dev/null 2>&1 && [ "$(head -1 one.xyz)" = 200 ] && sed -n 2p one.xyz | grep -q 'Lattice=.*Properties=species:S:1:pos:R:3' && [ "$(wc -l < one.xyz)" -eq 202 ]
check "export writes one chosen frame as extended XYZ (200 atoms)" $?
MPLBACKEND=Agg /usr/bin/python3 "$here/../../scripts/figures.py" a3.h5 figs5 > figs.txt 2>&1 && for k in fig1_drops fig2_flow fig3_strain fig4_nadm fig5_clusters; do [ -s figs5/$k.png ] || exit 9; done
check "scripts/figures.py draws the analogues of Figs. 1-5 ($(grep -c '^figure:' figs.txt) files)" $?
exit $status
