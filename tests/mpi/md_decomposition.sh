#!/usr/bin/env bash
# Decomposition invariance of MD: 100 steps of SLLOD NVT at 5e10 /s from a glass-like state whose
# box sits at 0.4995 Lx (so the box flips within the run), and 100 steps of plain NVT, on 1, 2
# and 4 ranks: final energies equal to 1e-8 relative and unwrapped positions to 1e-8 A.
. "$(dirname "$0")/../lib.sh"
make_states 2000 5
status=0
for run in shear nvt; do
  args="-md_steps 100 -md_thermo 0 -md_velocity_temperature 315 -md_seed 3"
  [ $run = shear ] && args="$args -md_deform simple_shear -md_rate 5e10"
  for np in 1 2 4; do
    mpirun --oversubscribe -np $np "$RS" md -in sheared.data $args -out $run.$np.data > $run.$np.txt 2>&1 || { echo "not ok - $run on $np ranks: $(tail -2 $run.$np.txt)"; status=1; }
  done
  /usr/bin/python3 - $run <<'PY' || status=1
import re, sys
run = sys.argv[1]
def load(np):
    txt = open("%s.%d.txt" % (run, np)).read()
    m = re.search(r"final: \{step: (\d+), strain: (\S+), pe: (\S+), xy: (\S+), flips: (\d+)\}", txt)
    lines = open("%s.%d.data" % (run, np)).read().split("Atoms # atomic")[1].split("Velocities")[0].split("\n")
    box = open("%s.%d.data" % (run, np)).read()
    lx = [float(v) for v in re.search(r"(\S+) (\S+) xlo xhi", box).groups()]
    ly = [float(v) for v in re.search(r"(\S+) (\S+) ylo yhi", box).groups()]
    xy = float(re.search(r"(\S+) 0 0 xy xz yz", box).group(1))
    pos = {}
    for l in lines:
        t = l.split()
        if len(t) == 8:
            ix, iy = int(t[5]), int(t[6])
            pos[int(t[0])] = (float(t[2]) + ix * (lx[1] - lx[0]) + iy * xy, float(t[3]) + iy * (ly[1] - ly[0]))
    return float(m.group(3)), int(m.group(5)), pos
pe1, fl1, p1 = load(1)
ok = True
for np in (2, 4):
    pe, fl, p = load(np)
    dp = max(max(abs(p[i][0] - p1[i][0]), abs(p[i][1] - p1[i][1])) for i in p1) if set(p) == set(p1) else 1e9
    de = abs(pe - pe1) / abs(pe1)
    good = de < 1e-8 and dp < 1e-8 and fl == fl1
    ok &= good
    print("%s - md %s, 100 steps, %d ranks vs 1: energy %.1e relative, positions %.1e A (limits 1e-8), box flips %d/%d" % ("ok" if good else "not ok", run, np, de, dp, fl, fl1))
if run == "shear" and fl1 < 1:
    print("not ok - md shear: the box did not flip"); ok = False
sys.exit(0 if ok else 1)
PY
done
exit $status
