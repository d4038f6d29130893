#!/usr/bin/env bash
# Decomposition invariance of the force engine: `eval` of the same states on 1, 2 and 4 ranks
# (2x1 and 2x2 grids, --oversubscribe) gives the same energy, stress tensor and per-atom forces
# to round-off (1e-12 relative; the summation order differs between layouts).
. "$(dirname "$0")/../lib.sh"
make_states 2000 99
status=0
for s in glass tilted; do
  for np in 1 2 4; do
    mpirun --oversubscribe -np $np "$RS" eval -in $s.data -eval_forces $s.$np.f > $s.$np.yaml 2> $s.$np.err || { echo "not ok - $s on $np ranks: $(head -c 300 $s.$np.err)"; status=1; }
  done
  /usr/bin/python3 - $s <<'PY' || status=1
import re, sys
s = sys.argv[1]
def load(np):
    y = open("%s.%d.yaml" % (s, np)).read()
    pe = float(re.search(r"^pe: (\S+)", y, re.M).group(1))
    p = [float(v) for v in re.search(r"lammps_pressure_bar: \{pxx: (\S+), pyy: (\S+), pxy: (\S+)\}", y).groups()]
    f = [l.split() for l in open("%s.%d.f" % (s, np)) if not l.startswith("#")]
    return pe, p, f
pe1, p1, f1 = load(1)
ok = True
for np in (2, 4):
    pe, p, f = load(np)
    ids = len(f) == len(f1) and all(a[0] == b[0] for a, b in zip(f, f1))
    de = abs(pe - pe1) / abs(pe1)
    dp = max(abs(a - b) for a, b in zip(p, p1)) / max(abs(v) for v in p1)
    fm = max(max(abs(float(a[2])), abs(float(a[3]))) for a in f1)
    df = max(max(abs(float(a[2]) - float(b[2])), abs(float(a[3]) - float(b[3]))) for a, b in zip(f, f1)) / fm if ids else 1
    good = ids and de < 1e-12 and dp < 1e-12 and df < 1e-12
    ok &= good
    print("%s - %s: %d ranks vs 1: energy %.1e, pressure %.1e, forces %.1e (relative; limit 1e-12), all %d atoms present" % ("ok" if good else "not ok", s, np, de, dp, df, len(f)))
sys.exit(0 if ok else 1)
PY
done
exit $status
