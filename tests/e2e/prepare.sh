#!/usr/bin/env bash
# Glass preparation end to end on a small fast sample (400 atoms, 20 K/ps quench): the relax
# stage's mean P within 3 standard errors of 0 and mean T within 3 standard errors of 315 K,
# not crystallised, the quench curve covers the whole ramp in falling T, Tg fits are reported,
# the sample file (H5MD + curve, Tg, checks, provenance) is readable with h5py, the LAMMPS data
# file is read back by `eval`; the same command on two
# ranks gives the same sample (insertion keyed by atom id).
. "$(dirname "$0")/../lib.sh"
status=0
A="-prep_atoms 400 -prep_melt_time 5 -prep_hold_time 5 -prep_cool_rate 20 -prep_quench_rate 20 -prep_relax_time 20 -md_thermo 0 -prep_seed 3"
"$RS" prepare $A -out s1.data -prep_curve curve.csv -prep_h5 s1.h5 > p1.txt 2>&1
rc=$?
[ $rc -eq 0 ] || { echo "not ok - prepare failed (exit $rc): $(tail -3 p1.txt)"; exit 1; }
/usr/bin/python3 - <<'PY' || status=1
import re, sys
t = open("p1.txt").read()
m = re.search(r"relax: \{P_MPa: (\S+), P_err: (\S+), T_K: (\S+), T_err: (\S+), area_per_atom: (\S+)\}", t)
P, Pe, T, Te, a = [float(v) for v in m.groups()]
ok = True
def check(c, msg):
    global ok
    ok &= bool(c)
    print(("ok - " if c else "not ok - ") + msg)
check(abs(P) < 3 * Pe and Pe > 0, "prepare: relax mean P %.1f MPa, standard error %.1f (limit 3 SE of 0)" % (P, Pe))
check(abs(T - 315) < 3 * Te and Te > 0, "prepare: relax mean T %.2f K, standard error %.2f (limit 3 SE of 315 K)" % (T, Te))
check("crystallised: no" in t, "prepare: the sample is amorphous (%s)" % re.search(r"structure: \{[^}]*\}", t).group(0))
check(re.search(r"tg_energy_K: \d", t) and re.search(r"tg_area_K: \d", t), "prepare: Tg from energy and area reported (%s; %s)" % (re.search(r"tg_energy_K: .*", t).group(0), re.search(r"tg_area_K: .*", t).group(0)))
c = [list(map(float, l.split(","))) for l in open("curve.csv").readlines()[1:]]
Ts = [r[0] for r in c]
# block means are noisy at 400 atoms and 20 K/ps: the measured T must follow the 5 K-per-block
# ramp on average (least-squares slope within 20 %) from above 600 K to below 70 K
n = len(Ts)
xm, ym = (n - 1) / 2, sum(Ts) / n
slope = sum((k - xm) * (t - ym) for k, t in enumerate(Ts)) / sum((k - xm) ** 2 for k in range(n))
check(n >= 100 and abs(slope + 5) < 1 and Ts[0] > 600 and Ts[-1] < 70, "prepare: quench curve of %d blocks from %.0f K down to %.0f K, %.2f K per block (ramp 5)" % (n, Ts[0], Ts[-1], slope))
sys.exit(0 if ok else 1)
PY
/usr/bin/python3 - <<'PY' || status=1
import h5py, sys
f = h5py.File("s1.h5", "r")
ok = list(f["h5md"].attrs["version"]) == [1, 1] and f["particles/all/position/value"].shape == (1, 400, 2)
ok &= f["observables/quench_curve"].shape[1] == 4 and f["observables/tg"].shape == (2, 4) and "options" in f["parameters"].attrs
print("%s - prepare: sample file (H5MD state, quench curve %s, Tg, relaxation, structure, provenance)" % ("ok" if ok else "not ok", f["observables/quench_curve"].shape))
sys.exit(0 if ok else 1)
PY
"$RS" eval -in s1.data > e.txt 2>&1 && grep -q "atoms: 400" e.txt && echo "ok - prepare: the sample file is read back by eval" || { echo "not ok - eval of the sample: $(tail -2 e.txt)"; status=1; }
mpirun --oversubscribe -np 2 "$RS" prepare $A -prep_melt_time 0.5 -prep_hold_time 0.5 -prep_quench_rate 200 -prep_relax_time 1 -out s2a.data > /dev/null 2>&1
"$RS" prepare $A -prep_melt_time 0.5 -prep_hold_time 0.5 -prep_quench_rate 200 -prep_relax_time 1 -out s2b.data > /dev/null 2>&1
/usr/bin/python3 - <<'PY' || status=1
import sys
def atoms(f):
    t = open(f).read().split("Atoms # atomic")[1].split("Velocities")[0]
    return {int(l.split()[0]): (int(l.split()[1]), float(l.split()[2])) for l in t.strip().splitlines()}
a, b = atoms("s2a.data"), atoms("s2b.data")
same_types = a.keys() == b.keys() and all(a[i][0] == b[i][0] for i in a)
print("%s - prepare on 1 and 2 ranks: same atoms and species (%d atoms)" % ("ok" if same_types else "not ok", len(a)))
sys.exit(0 if same_types else 1)
PY
# checkpoints: a run stopped inside the quench (exit 3) and continued equals the uninterrupted
# run bit for bit; re-running a finished run continues from its last stage boundary and gives
# the same sample again
B="-prep_atoms 300 -prep_melt_time 2 -prep_hold_time 2 -prep_cool_rate 50 -prep_quench_rate 50 -prep_relax_time 4 -md_thermo 0 -prep_seed 5 -ckpt_every 500"
"$RS" prepare $B -ckpt_file full.h5 -out full.data > /dev/null 2>&1
"$RS" prepare $B -ckpt_file part.h5 -md_stop_step 2000 -out part.data > stop.txt 2>&1
rc=$?
"$RS" prepare $B -ckpt_file part.h5 -out part.data > cont.txt 2>&1
[ $rc -eq 3 ] && grep -q "resumed from part.h5 at quench" cont.txt && cmp -s full.data part.data && echo "ok - prepare: stopped inside the quench (exit 3) and continued, bit-identical to the uninterrupted run" || { echo "not ok - prepare checkpoint inside the quench (stop exit $rc)"; status=1; }
cp full.data first.data
"$RS" prepare $B -ckpt_file full.h5 -out full.data > again.txt 2>&1
grep -q "resumed from full.h5 at relax" again.txt && cmp -s full.data first.data && echo "ok - prepare: a finished run re-run continues from its last stage boundary, same sample" || { echo "not ok - prepare stage-boundary continuation"; status=1; }
# sample reuse: the same parameters reuse the sample file, different ones are refused naming the
# parameter, a foreign file under that name is refused
"$RS" prepare $B -out r.data -prep_h5 r.h5 > /dev/null 2>&1
"$RS" prepare $B -out r.data -prep_h5 r.h5 > reuse.txt 2>&1
rc1=$?
"$RS" prepare $B -prep_quench_rate 40 -out r.data -prep_h5 r.h5 > diff.txt 2>&1
rc2=$?
echo junk > foreign.h5
"$RS" prepare $B -out r.data -prep_h5 foreign.h5 > foreign.txt 2>&1
rc3=$?
[ $rc1 -eq 0 ] && grep -q "reused, nothing to do" reuse.txt && echo "ok - prepare: a sample with the same parameters is reused" || { echo "not ok - prepare reuse (exit $rc1)"; status=1; }
[ $rc2 -eq 1 ] && grep -q "prep_quench_rate=50, this configuration has prep_quench_rate=40" diff.txt && echo "ok - prepare: a sample with other parameters is refused naming the parameter" || { echo "not ok - prepare refusal (exit $rc2): $(cat diff.txt)"; status=1; }
[ $rc3 -eq 1 ] && grep -q "not a rheosweep file" foreign.txt && echo "ok - prepare: a foreign file under the sample name is refused" || { echo "not ok - prepare foreign file (exit $rc3)"; status=1; }
exit $status
