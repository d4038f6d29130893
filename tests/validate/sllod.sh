#!/usr/bin/env bash
# Sheared NVT (SLLOD, 315 K) against LAMMPS (fix deform xy erate ... remap v + fix nvt/sllod,
# pressure with compute temp/deform): for each seed, a P2 glass-like state is made (LAMMPS
# states.lmp, then a 600 -> 315 K NVT quench by rheosweep) and both codes shear the SAME state
# with the same linear velocity profile. Per run, the mean shear stress over the window and its
# block-averaged error; over seeds, z = sum(d_k) / sqrt(sum(err_k^2)) must satisfy |z| < 3.
# usage: sllod.sh [atoms] [rate 1/s] [strain] [window_lo] [seeds]   (defaults: the short CI version)
. "$(dirname "$0")/../lib.sh"
N=${1:-2000}; RATE=${2:-1e10}; STRAIN=${3:-0.3}; WLO=${4:-0.15}; SEEDS=${5:-"11 12 13"}
erate=$(python3 -c "print($RATE*1e-12)")
nsteps=$(python3 -c "import math; print(math.ceil($STRAIN/($RATE*1e-12*0.002)-1e-9))")
for s in $SEEDS; do
  lmp -in "$here/states.lmp" -var N "$N" -var seed "$s" -var out . -log none -screen none || { echo "not ok - LAMMPS states for seed $s"; exit 1; }
  "$RS" md -in glass.data -md_temperature 600 -md_temperature_stop 315 -md_steps 10000 -md_thermo 0 -md_seed "$s" -out start$s.data > q$s.txt 2>&1 || { echo "not ok - quench seed $s"; exit 1; }
  "$RS" md -in start$s.data -md_deform simple_shear -md_rate "$RATE" -md_strain "$STRAIN" -md_thermo 0 -md_record rs$s.csv > rs$s.txt 2>&1 || { echo "not ok - rheosweep shear seed $s: $(tail -2 rs$s.txt)"; exit 1; }
  lmp -in "$here/shear.lmp" -var data start$s.data -var out lmp$s.txt -var nsteps "$nsteps" -var erate "$erate" -log lmp$s.log -screen none || { echo "not ok - LAMMPS shear seed $s"; exit 1; }
done
/usr/bin/python3 - "$WLO" "$STRAIN" $SEEDS <<'PY'
import statistics as st, sys
lo, hi, seeds = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]
def blocks(xs, nb=6):
    m = len(xs) // nb
    b = [st.mean(xs[k * m:(k + 1) * m]) for k in range(nb)]
    return st.mean(xs), st.stdev(b) / nb ** 0.5
D, E2, ok = 0.0, 0.0, True
for s in seeds:
    r = [list(map(float, l.split(","))) for l in open("rs%s.csv" % s).readlines()[1:]]
    l = [list(map(float, x.split())) for x in open("lmp%s.txt" % s) if not x.startswith("#")]
    mr, er = blocks([x[3] for x in r if lo <= x[0] < hi])
    ml, el = blocks([x[2] for x in l if lo <= x[1] < hi])
    tr = st.mean([x[5] for x in r if lo <= x[0] < hi]); tl = st.mean([x[3] for x in l if lo <= x[1] < hi])
    print("# seed %s: shear stress over strain %.2f-%.2f: rheosweep %.1f +- %.1f MPa (T %.1f K), LAMMPS %.1f +- %.1f MPa (T %.1f K)" % (s, lo, hi, mr, er, tr, ml, el, tl))
    good_t = abs(tr - 315) < 3 and abs(tl - 315) < 3
    print("%s - seed %s: mean temperature under shear rheosweep %.1f K, LAMMPS %.1f K (target 315 +- 3)" % ("ok" if good_t else "not ok", s, tr, tl))
    ok &= good_t
    D += mr - ml; E2 += er * er + el * el
z = D / E2 ** 0.5
good = abs(z) < 3
print("%s - flow stress vs LAMMPS over %d seeds: mean difference %.1f MPa, z = %.2f (limit |z| < 3)" % ("ok" if good else "not ok", len(seeds), D / len(seeds), z))
sys.exit(0 if ok and good else 1)
PY
