#!/usr/bin/python3
"""Compares `rheosweep eval` with LAMMPS `run 0` on one state.

usage: compare.py ours.yaml ours_forces.txt lammps.log lammps.dump tol
Energy and each pressure component: relative to the magnitude (the tensor's largest component
for the off-diagonal one). Forces and per-atom energies: relative to the largest value.
Prints one TAP line per quantity with the measured agreement."""
import re
import sys

ours_yaml, ours_f, lmp_log, lmp_dump, tol = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
name = sys.argv[6] if len(sys.argv) > 6 else "state"
y = open(ours_yaml).read()
pe = float(re.search(r"^pe: (\S+)", y, re.M).group(1))
m = re.search(r"lammps_pressure_bar: \{pxx: (\S+), pyy: (\S+), pxy: (\S+)\}", y)
p = [float(v) for v in m.groups()]
r = re.search(r"^RESULT pe (\S+) pxx (\S+) pyy (\S+) pxy (\S+)", open(lmp_log).read(), re.M)
lpe, lp = float(r.group(1)), [float(v) for v in r.groups()[1:]]
ok = True


def report(what, err, limit):
    global ok
    good = err <= limit
    ok &= good
    print("%s - %s %s: %.2e (limit %.0e)" % ("ok" if good else "not ok", name, what, err, limit))


report("energy relative difference", abs(pe - lpe) / abs(lpe), tol)
scale = max(abs(v) for v in lp)
for k, c in enumerate(("pxx", "pyy", "pxy")):
    report("%s relative difference" % c, abs(p[k] - lp[k]) / (abs(lp[k]) if c != "pxy" else scale), tol)
lf = {}
lines = open(lmp_dump).read().split("ITEM: ATOMS")[1].strip().splitlines()[1:]
for line in lines:
    t = line.split()
    lf[int(t[0])] = (float(t[2]), float(t[3]), float(t[4]))
of = {}
for line in open(ours_f):
    if line.startswith("#"):
        continue
    t = line.split()
    of[int(t[0])] = (float(t[2]), float(t[3]), float(t[4]))
if set(of) != set(lf):
    print("not ok - %s: atom ids differ between rheosweep and LAMMPS" % name)
    sys.exit(1)
fmax = max(max(abs(v[0]), abs(v[1])) for v in lf.values())
emax = max(abs(v[2]) for v in lf.values())
df = max(max(abs(of[i][0] - lf[i][0]), abs(of[i][1] - lf[i][1])) for i in lf)
de = max(abs(of[i][2] - lf[i][2]) for i in lf)
report("max force difference / max force (%d atoms, max force %.3g eV/A)" % (len(lf), fmax), df / fmax, tol)
report("max per-atom energy difference / max |e|", de / emax, tol)
sys.exit(0 if ok else 1)
