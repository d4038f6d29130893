#!/usr/bin/env bash
# MD outputs and options end to end: the task HDF5 file (H5MD layout, read with h5py) holds the
# final state and the same stress-strain record as the CSV; pure shear keeps the area constant
# and stretches x; an atom moving more than the skin in one step stops the task (exit 2) with
# a one-line reason; NPT with deformation is refused; the structure command reads a glass as
# amorphous and well mixed.
. "$(dirname "$0")/../lib.sh"
st=$here/../../configs/states/example-glass.data
status=0
"$RS" md -in "$st" -md_velocity_temperature 315 -md_deform simple_shear -md_rate 2e10 -md_strain 0.02 -md_thermo 0 -md_record rec.csv -md_h5 task.h5 -out final.data > md.txt 2>&1 || { echo "not ok - sheared md run: $(tail -2 md.txt)"; status=1; }
/usr/bin/python3 - <<'PY' || status=1
import h5py, sys
f = h5py.File("task.h5", "r")
ok = True
def check(c, msg):
    global ok
    ok &= bool(c)
    print(("ok - " if c else "not ok - ") + msg)
check(list(f["h5md"].attrs["version"]) == [1, 1], "task file: H5MD version 1.1")
e = f["particles/all/box/edges/value"][0]
check(e.shape == (2, 2) and e[0][1] == 0 and abs(e[1][0]) > 0, "task file: triclinic box edges %s" % e.tolist())
pos = f["particles/all/position/value"][0]
ids = f["particles/all/id/value"][0]
check(pos.shape == (2000, 2) and list(ids) == sorted(ids) and len(set(ids)) == 2000, "task file: 2000 positions sorted by id")
rec = f["observables/stress_strain"][()]
csv = [list(map(float, l.split(","))) for l in open("rec.csv").readlines()[1:]]
check(len(rec) == len(csv) == 200 and max(abs(a - b) / max(1.0, abs(b)) for r, c in zip(rec, csv) for a, b in zip(r, c)) < 1e-7, "task file: stress-strain record (%d points) equals the CSV" % len(rec))
check(b"md_rate" in f["parameters"].attrs["options"].encode() if isinstance(f["parameters"].attrs["options"], str) else b"md_rate" in f["parameters"].attrs["options"], "task file: /parameters holds the options")
sys.exit(0 if ok else 1)
PY
"$RS" md -in "$st" -md_velocity_temperature 315 -md_deform pure_shear -md_rate 1e10 -md_strain 0.05 -md_thermo 0 -out pure.data > pure.txt 2>&1 || { echo "not ok - pure shear run"; status=1; }
/usr/bin/python3 - "$st" <<'PY' || status=1
import re, sys
def box(f):
    t = open(f).read()
    x = [float(v) for v in re.search(r"(\S+) (\S+) xlo xhi", t).groups()]
    y = [float(v) for v in re.search(r"(\S+) (\S+) ylo yhi", t).groups()]
    return x[1] - x[0], y[1] - y[0]
(lx0, ly0), (lx, ly) = box(sys.argv[1]), box("pure.data")
good = abs(lx * ly / (lx0 * ly0) - 1) < 1e-12 and abs(lx / lx0 - 1.05) < 1e-9
print("%s - pure shear to 5 %%: Lx x %.6f, area x %.15f (constant)" % ("ok" if good else "not ok", lx / lx0, lx * ly / (lx0 * ly0)))
sys.exit(0 if good else 1)
PY
"$RS" md -in "$st" -md_ensemble nve -md_velocity_temperature 1e9 -md_steps 10 -md_thermo 0 > fast.txt 2>&1
rc=$?
if [ $rc -eq 2 ] && [ "$(wc -l < fast.txt)" -ge 1 ] && grep -q "more than the neighbour skin" fast.txt; then echo "ok - an atom faster than the skin per step stops the task: exit 2, '$(grep error fast.txt)'"; else echo "not ok - too-fast atoms: exit $rc, $(tail -2 fast.txt)"; status=1; fi
"$RS" md -in "$st" -md_ensemble npt -md_deform simple_shear -md_steps 10 > npt.txt 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q "cannot be combined with -md_deform" npt.txt && echo "ok - npt with deformation refused" || { echo "not ok - npt with deformation: exit $rc"; status=1; }
# structure checks of the shipped glass-like state: amorphous, mixed
"$RS" structure -in "$st" -out gr.csv > struct.txt 2>&1
rc=$?
/usr/bin/python3 - $rc <<'PY' || status=1
import re, sys
t = open("struct.txt").read()
v = {k: float(re.search(k + r": (\S+)", t).group(1)) for k in ("psi6_mean", "psi6_above_0.9", "unlike_neighbour_fraction")}
g = [list(map(float, l.split(","))) for l in open("gr.csv").readlines()[1:]]
peak = max(g, key=lambda r: r[1])[0]
good = sys.argv[1] == "0" and "crystallised: no" in t and v["psi6_mean"] < 0.7 and abs(v["unlike_neighbour_fraction"] - 0.5) < 0.05 and 2.2 < peak < 2.7
print("%s - structure of the example state: mean |psi6| %.3f, > 0.9 %.3f, unlike %.3f, Cu-Cu g(r) peak at %.2f A, not crystallised" % ("ok" if good else "not ok", v["psi6_mean"], v["psi6_above_0.9"], v["unlike_neighbour_fraction"], peak))
sys.exit(0 if good else 1)
PY
exit $status
