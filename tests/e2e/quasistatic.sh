#!/usr/bin/env bash
# Quasistatic shear end to end on a small LAMMPS-made glass (300 atoms):
# - ABC with Q0 -> 0 (Q0 = W = 1 meV: every step stops at its first biased relaxation, so the
#   start minimum is always chosen) reproduces the AQS record exactly: AQS is the Q0 -> 0 limit;
# - ABC (Q0 0.2 eV) interrupted after 3 of 6 strain steps (-md_stop_step, exit code 3) and rerun
#   from its checkpoint gives the same record and final state, bit for bit, as an uninterrupted
#   run, on 1 and on 2 ranks;
# - every ABC step stops at an escape barrier above Q0 (or is capped), with more than one
#   penalty per step (the per-step statistics are in the record);
# - regional ABC (-abc_region_radius 12 A) picks the same region (atom of highest shear stress,
#   per-atom virials summed across ranks) on 1 and 2 ranks, penalises only that region, and
#   stops its steps above Q0 (or caps them);
# - the predictor (-qs_predict, the default) starts each minimisation nearer the minimum: the
#   same inherent structures as AQS from the affine positions (stress 1e-5 relative to the
#   largest, energy 1e-6; another basin differs by > 1e-3), in fewer evaluations; the same on 2
#   ranks, and an AQS run stopped after 3 steps and resumed equals an uninterrupted one bit for bit;
# - scripts/abc_windows.py reads the record and the progress log of one ABC run alike; in-step
#   progress lines (-abc_progress) come every k penalties and leave the record unchanged;
# - the nonaffine site (-abc_site nonaffine): from step 2 on, the region is centred on the atom
#   whose non-affine displacement in the last increment was largest, recomputed here from the
#   stored inherent structures; the same regions on 1 and 2 ranks; a restart continues bit for
#   bit with the predictor off (the displacement is checkpointed for the site alone);
# - several disjoint regions per step (-abc_regions): more atoms penalised, the same first regions
#   on 2 ranks, bit-identical restart;
# - the width rule over M grid regions (-abc_width_sites): the same width on 1 and 2 ranks;
# - impossible settings are refused with one line naming the option;
# - SIGTERM without a checkpoint file ends the run at once.
. "$(dirname "$0")/../lib.sh"
status=0
make_states 300 31
common="-in glass.data -qs_strain 0.0006 -qs_progress 0 -min_fmax 1e-8"
mkdir is
"$RS" quasistatic $common -qs_method aqs -qs_record aqs.csv -qs_is_dir is -qs_is_every 2 > aqs.txt 2>&1 || { echo "not ok - AQS run failed: $(tail -2 aqs.txt)"; exit 1; }
"$RS" quasistatic $common -qs_method abc -abc_q0 0.001 -abc_w 0.001 -qs_record abc0.csv > abc0.txt 2>&1 || { echo "not ok - ABC Q0 -> 0 run failed: $(tail -2 abc0.txt)"; exit 1; }
if diff <(cut -d, -f1-5 aqs.csv) <(cut -d, -f1-5 abc0.csv) > /dev/null; then echo "ok - ABC with Q0 -> 0 reproduces the AQS record bit for bit ($(($(wc -l < aqs.csv) - 1)) inherent structures)"; else echo "not ok - ABC with Q0 -> 0 differs from AQS"; status=1; fi
"$RS" quasistatic $common -qs_method aqs -qs_predict false -qs_record aqs_affine.csv > aqs_affine.txt 2>&1 || { echo "not ok - AQS run without the predictor failed: $(tail -2 aqs_affine.txt)"; exit 1; }
/usr/bin/python3 - <<'PY' || status=1
import csv, re, sys
p, a = (list(csv.DictReader(open(f))) for f in ("aqs.csv", "aqs_affine.csv"))
scale = max(abs(float(r["sxy_MPa"])) for r in a)
ds = max(abs(float(x["sxy_MPa"]) - float(y["sxy_MPa"])) / scale for x, y in zip(p, a))
de = max(abs(float(x["pe_eV_per_atom"]) / float(y["pe_eV_per_atom"]) - 1) for x, y in zip(p, a))
ev = [int(re.search(r"evaluations: (\d+)", open(f).read()).group(1)) for f in ("aqs.txt", "aqs_affine.txt")]
ok = len(p) == len(a) and ds < 1e-5 and de < 1e-6 and ev[0] < ev[1]
print(("ok - " if ok else "not ok - ") + "AQS with the predictor: same inherent structures as from the affine start (stress %.1e, energy %.1e relative), %d against %d evaluations" % (ds, de, ev[0], ev[1]))
sys.exit(0 if ok else 1)
PY
for np in 1 2; do # the predictor's displacement crosses ranks and survives a restart
  run="mpirun --oversubscribe -np $np $RS quasistatic $common -qs_method aqs"
  $run -qs_record aqsf$np.csv -out aqsf$np.data > aqsf$np.txt 2>&1 || { echo "not ok - AQS on $np ranks failed: $(tail -2 aqsf$np.txt)"; exit 1; }
  $run -qs_record aqsp$np.csv -out aqsp$np.data -ckpt_file aqck$np.h5 -ckpt_every 1 -md_stop_step 3 > aqsp1_$np.txt 2>&1; rc=$?
  $run -qs_record aqsp$np.csv -out aqsp$np.data -ckpt_file aqck$np.h5 -ckpt_every 1 > aqsp2_$np.txt 2>&1 || { echo "not ok - resumed AQS on $np ranks failed: $(tail -2 aqsp2_$np.txt)"; exit 1; }
  if [ $rc -eq 3 ] && cmp -s aqsf$np.csv aqsp$np.csv && cmp -s <(grep -v "^LAMMPS data file" aqsf$np.data) <(grep -v "^LAMMPS data file" aqsp$np.data) && /usr/bin/python3 -c "
import csv, sys
a, b = (list(csv.DictReader(open(f))) for f in ('aqsf$np.csv', 'aqs_affine.csv'))
sys.exit(0 if max(abs(float(x['sxy_MPa']) - float(y['sxy_MPa'])) for x, y in zip(a, b)) < 1e-5 * max(abs(float(y['sxy_MPa'])) for y in b) else 1)"; then
    echo "ok - AQS with the predictor on $np rank(s): the affine start's inherent structures; 3 steps + checkpoint + 3 resumed steps equal 6 uninterrupted steps bit for bit"
  else echo "not ok - AQS predictor on $np ranks: exit $rc, restart or record differs"; status=1; fi
done
/usr/bin/python3 - <<'PY' || status=1
import csv, glob, sys
import h5py, numpy as np
rec = list(csv.DictReader(open("aqs.csv")))
files = sorted(glob.glob("is/is_*.h5"))
ok = [f.split("_")[-1] for f in files] == ["%08d.h5" % k for k in (0, 2, 4, 6)]
for f in files:
    k = int(f.split("_")[-1][:-3])
    with h5py.File(f, "r") as h:
        t = h["observables/inherent_structure"][()].ravel()
        n = h["particles/all/position/value"].shape[-2]
    ok &= n == 300 and abs(t[4] - float(rec[k]["pe_eV_per_atom"])) < 1e-14 and abs(t[3] - float(rec[k]["sxy_MPa"])) < 1e-9
print(("ok - " if ok else "not ok - ") + "inherent structures stored every 2 steps: %s, each with 300 positions and the record's energy and stress" % " ".join(f.split("/")[-1] for f in files))
sys.exit(0 if ok else 1)
PY
abc="$common -qs_method abc -abc_q0 0.2 -abc_w 0.03 -abc_max_penalties 300"
for np in 1 2; do
  run="mpirun --oversubscribe -np $np $RS quasistatic $abc"
  $run -qs_record full$np.csv -out full$np.data -qs_progress 1 > full$np.txt 2>&1 || { echo "not ok - ABC run on $np ranks failed: $(tail -2 full$np.txt)"; exit 1; }
  $run -qs_record part$np.csv -out part$np.data -ckpt_file ck$np.h5 -ckpt_every 1 -md_stop_step 3 > p1_$np.txt 2>&1
  rc=$?
  $run -qs_record part$np.csv -out part$np.data -ckpt_file ck$np.h5 -ckpt_every 1 > p2_$np.txt 2>&1 || { echo "not ok - resumed ABC run on $np ranks failed: $(tail -2 p2_$np.txt)"; exit 1; }
  if [ $rc -eq 3 ] && grep -q "resumed from checkpoint" p2_$np.txt && cmp -s full$np.csv part$np.csv && cmp -s <(grep -v "^LAMMPS data file" full$np.data) <(grep -v "^LAMMPS data file" part$np.data); then
    echo "ok - ABC on $np rank(s): 3 steps + checkpoint (exit 3) + 3 resumed steps equal 6 uninterrupted steps bit for bit (record and final state)"
  else echo "not ok - ABC restart on $np ranks: exit $rc, record/state differ"; status=1; fi
done
/usr/bin/python3 - <<'PY' || status=1
import csv, sys
rows = list(csv.DictReader(open("full1.csv")))[1:]
ok = all(float(r["barrier_eV"]) > 0.2 or r["capped"] == "1" for r in rows)
pen = [int(float(r["penalties"])) for r in rows]
print(("ok - " if ok and min(pen) > 1 else "not ok - ") + "ABC steps stop above Q0 = 0.2 eV (barriers %s eV), penalties per step %s" % (" ".join("%.3f" % float(r["barrier_eV"]) for r in rows), pen))
sys.exit(0 if ok else 1)
PY
# scripts/abc_windows.py reads a record and a progress log of the same run alike: same steps, event
# steps and stress; the log's evaluations (cumulative, summed to the final line's total) add the
# strain-step minimisations that the record's column leaves out
/usr/bin/python3 "$here/../../scripts/abc_windows.py" full1.csv --window 2 > win_csv.md && /usr/bin/python3 "$here/../../scripts/abc_windows.py" full1.txt --window 2 > win_log.md || { echo "not ok - abc_windows.py failed"; status=1; }
/usr/bin/python3 - <<'PY' || status=1
import csv, re, sys
rows = list(csv.DictReader(open("full1.csv")))[1:]
c, l = [[x.strip() for x in open(f).read().splitlines()[-1].split("|")[1:-1]] for f in ("win_csv.md", "win_log.md")]
total = int(re.search(r"evaluations: (\d+)\}", open("full1.txt").read()).group(1))
ev_csv = sum(int(float(r["evaluations"])) for r in rows) / len(rows)
events = sum(r["chosen"] not in ("0", "0.0") for r in rows)
ok = c[0] == l[0] == "all: 1-%d" % len(rows) and c[1] == l[1] and c[4] == l[4] == str(events)
ok &= abs(float(c[3].split(",")[0]) - ev_csv) < 1 and abs(float(l[3].split(",")[0]) - total / len(rows)) < 1 and total / len(rows) > ev_csv
print(("ok - " if ok else "not ok - ") + "abc_windows.py: record and log of one run give steps %s, stress %s MPa, %s event steps; evaluations per step %s (record) and %s (log, with the strain-step minimisations)" % (c[0], c[1], c[4], c[3], l[3]))
sys.exit(0 if ok else 1)
PY
# in-step progress (-abc_progress 20): a line every 20 penalties of a step, the record unchanged
"$RS" quasistatic $abc -abc_progress 20 -qs_record prog.csv > prog.txt 2>&1 || { echo "not ok - ABC with -abc_progress failed: $(tail -2 prog.txt)"; exit 1; }
/usr/bin/python3 - <<'PY' || status=1
import csv, filecmp, re, sys
rows = list(csv.DictReader(open("prog.csv")))[1:]
lines = [l for l in open("prog.txt") if l.startswith("#   step ")]
# a step that reached Q0 printed after each 20th of its penalties but the last; a capped one after each
want = sum((int(float(r["penalties"])) - (0 if r["capped"] == "1" else 1)) // 20 for r in rows)
ok = len(lines) == want and filecmp.cmp("prog.csv", "full1.csv", shallow=False) and all(re.match(r"#   step \d+: \d+ penalties, new minima: \d+ \(deepest [+-]\d\.\d{4} eV from the start\), barrier \d\.\d{4} eV of Q0 0.2, \d+ evaluations, \d+ s$", l) for l in lines)
print(("ok - " if ok else "not ok - ") + "-abc_progress 20: %d in-step progress lines (expected %d from the record's penalties), record identical to the run without" % (len(lines), want))
sys.exit(0 if ok else 1)
PY
for np in 1 2; do
  mpirun --oversubscribe -np $np "$RS" quasistatic $abc -qs_strain 0.0003 -abc_region_radius 12 -qs_record reg$np.csv > reg$np.txt 2>&1 || { echo "not ok - regional ABC on $np ranks failed: $(tail -2 reg$np.txt)"; exit 1; }
done
/usr/bin/python3 - <<'PY' || status=1
import csv, sys
r1, r2 = [list(csv.DictReader(open("reg%d.csv" % n)))[1:] for n in (1, 2)]
na = [int(float(r["penalised_atoms"])) for r in r1]
ok = 1 < na[0] < 300 and na[0] == int(float(r2[0]["penalised_atoms"])) and all(float(r["barrier_eV"]) > 0.2 or r["capped"] == "1" for r in r1 + r2)
print(("ok - " if ok else "not ok - ") + "regional ABC: %s of 300 atoms penalised per step (1 rank), first region the same on 2 ranks (%s atoms), barriers at stop %s eV" % (na, r2[0]["penalised_atoms"], " ".join("%.3f" % float(r["barrier_eV"]) for r in r1)))
sys.exit(0 if ok else 1)
PY
na="$common -qs_method abc -abc_q0 0.001 -abc_w 0.001 -abc_region_radius 12 -qs_predict false"
mkdir isn
"$RS" quasistatic $na -abc_site nonaffine -qs_is_dir isn -qs_is_every 1 -qs_record na1.csv > na1.txt 2>&1 || { echo "not ok - nonaffine-site ABC failed: $(tail -2 na1.txt)"; exit 1; }
"$RS" quasistatic $na -qs_record st1.csv > st1.txt 2>&1 || { echo "not ok - stress-site ABC failed: $(tail -2 st1.txt)"; exit 1; }
mpirun --oversubscribe -np 2 "$RS" quasistatic $na -abc_site nonaffine -qs_record na2.csv > na2.txt 2>&1 || { echo "not ok - nonaffine-site ABC on 2 ranks failed: $(tail -2 na2.txt)"; exit 1; }
/usr/bin/python3 - <<'PY' || status=1
import csv, glob, sys
import h5py, numpy as np
ylo = [float(l.split()[0]) for l in open("glass.data") if l.strip().endswith("ylo yhi")][0]
def load(k):
    with h5py.File("isn/is_%08d.h5" % k, "r") as h:
        a = "particles/all/"
        ids = h[a + "id/value"][0].ravel()
        x = h[a + "position/value"][0][:, :2]
        e = h[a + "box/edges/value"][0]
    o = np.argsort(ids)
    return ids[o], x[o], np.array([[e[0][0], e[1][0]], [0.0, e[1][1]]])
def mic(d, H):
    s = np.linalg.solve(H, d.T).T
    return (H @ (s - np.round(s)).T).T
pen = [int(float(r["penalised_atoms"])) for r in list(csv.DictReader(open("na1.csv")))[1:]]
pst = [int(float(r["penalised_atoms"])) for r in list(csv.DictReader(open("st1.csv")))[1:]]
pn2 = [int(float(r["penalised_atoms"])) for r in list(csv.DictReader(open("na2.csv")))[1:]]
want = [pst[0]]  # step 1 has no increment yet: the stress site
for k in range(1, len(pen)):
    ids, x0, _ = load(k - 1)
    _, x1, H = load(k)
    aff = x0.copy(); aff[:, 0] += 1e-4 * (x0[:, 1] - ylo)
    u = mic(x1 - aff, H)
    u2 = (u ** 2).sum(1)
    site = np.flatnonzero(u2 == u2.max())[0]
    want.append(int(((mic(x1 - x1[site], H) ** 2).sum(1) < 144).sum()))
ok = pen == want and pn2 == pen and pst != pen
print(("ok - " if ok else "not ok - ") + "nonaffine site: penalised atoms per step %s, recomputed from the inherent structures %s, on 2 ranks %s (stress site: %s)" % (pen, want, pn2, pst))
sys.exit(0 if ok else 1)
PY
# several disjoint regions per step (-abc_regions 3, R 10 A): more atoms penalised than one region,
# the same first regions on 2 ranks, and a restart continues bit for bit
for np in 1 2; do
  mpirun --oversubscribe -np $np "$RS" quasistatic $abc -qs_strain 0.0003 -abc_region_radius 10 -abc_regions 3 -qs_record mr$np.csv > mr$np.txt 2>&1 || { echo "not ok - 3-region ABC on $np ranks failed: $(tail -2 mr$np.txt)"; exit 1; }
done
"$RS" quasistatic $abc -qs_strain 0.0003 -abc_region_radius 10 -qs_record mr0.csv > mr0.txt 2>&1 || { echo "not ok - 1-region ABC failed: $(tail -2 mr0.txt)"; exit 1; }
m="$RS quasistatic $abc -qs_strain 0.0004 -abc_region_radius 10 -abc_regions 3 -qs_record mrr.csv -ckpt_file mr.h5 -ckpt_every 1"
$m -md_stop_step 2 > mrr1.txt 2>&1; rc=$?
$m > mrr2.txt 2>&1 || { echo "not ok - resumed 3-region run failed: $(tail -2 mrr2.txt)"; exit 1; }
"$RS" quasistatic $abc -qs_strain 0.0004 -abc_region_radius 10 -abc_regions 3 -qs_record mrf.csv > mrf.txt 2>&1
/usr/bin/python3 - "$rc" <<'PY' || status=1
import csv, filecmp, sys
one, r1, r2 = [list(csv.DictReader(open("mr%d.csv" % n)))[1:] for n in (0, 1, 2)]
pa = lambda rows: [int(float(r["penalised_atoms"])) for r in rows]
ok = pa(one)[0] < pa(r1)[0] <= 300 and pa(r1)[0] == pa(r2)[0] and "3 disjoint regions per strain step" in open("mr1.txt").read()
ok &= sys.argv[1] == "3" and filecmp.cmp("mrr.csv", "mrf.csv", shallow=False)
print(("ok - " if ok else "not ok - ") + "-abc_regions 3 (R 10 A): %s atoms penalised per step against %s with one region, the first step's the same on 2 ranks (%s; later steps follow paths that differ in the last bits); 2 steps + checkpoint (exit %s) + 2 resumed steps equal 4 uninterrupted steps bit for bit" % (pa(r1), pa(one), pa(r2), sys.argv[1]))
sys.exit(0 if ok else 1)
PY
r="$RS quasistatic $na -abc_site nonaffine -qs_record nr.csv -out nr.data -ckpt_file nr.h5 -ckpt_every 1"
$r -md_stop_step 3 > nr1.txt 2>&1; rc=$?
$r > nr2.txt 2>&1 || { echo "not ok - resumed nonaffine-site run failed: $(tail -2 nr2.txt)"; exit 1; }
"$RS" quasistatic $na -abc_site nonaffine -out nf.data > nf.txt 2>&1
if [ $rc -eq 3 ] && cmp -s na1.csv nr.csv && cmp -s <(grep -v "^LAMMPS data file" nf.data) <(grep -v "^LAMMPS data file" nr.data); then
  echo "ok - nonaffine site without the predictor: 3 steps + checkpoint + 3 resumed steps equal 6 uninterrupted steps bit for bit"
else echo "not ok - nonaffine-site restart (exit $rc) differs"; status=1; fi
# the width rule over 4 grid regions (-abc_width_sites 4, R 12 A; the default is 16): logged as
# such, the same width on 1 and 2 ranks (Lanczos sums in another order: 1e-6), another width than
# the one-site rule's (-abc_width_sites 1)
for np in 1 2; do
  mpirun --oversubscribe -np $np "$RS" quasistatic $common -qs_strain 0.0001 -qs_method abc -abc_q0 0.001 -abc_w 0.001 -abc_region_radius 12 -abc_width_sites 4 > ws$np.txt 2>&1 || { echo "not ok - -abc_width_sites 4 on $np ranks failed: $(tail -2 ws$np.txt)"; exit 1; }
done
"$RS" quasistatic $common -qs_strain 0.0001 -qs_method abc -abc_q0 0.001 -abc_w 0.001 -abc_region_radius 12 -abc_width_sites 1 > ws0.txt 2>&1 || { echo "not ok - one-site width run failed: $(tail -2 ws0.txt)"; exit 1; }
/usr/bin/python3 - <<'PY' || status=1
import re, sys
sig = lambda f: float(re.search(r"sigma ([0-9.e+-]+) A", open(f).read()).group(1))
s0, s1, s2 = sig("ws0.txt"), sig("ws1.txt"), sig("ws2.txt")
ok = "median of 4 regions on a grid" in open("ws1.txt").read() and abs(s1 - s2) < 1e-6 * s1 and abs(s1 - s0) > 1e-3 * s0
print(("ok - " if ok else "not ok - ") + "-abc_width_sites 4: sigma %.6f A on 1 rank, %.6f on 2 (one site: %.6f)" % (s1, s2, s0))
sys.exit(0 if ok else 1)
PY
"$RS" quasistatic $common -qs_method abc -abc_width_sites 0 > bad4.txt 2>&1
[ $? -eq 1 ] && grep -q "abc_width_sites 0" bad4.txt && echo "ok - -abc_width_sites 0 is refused naming it" || { echo "not ok - -abc_width_sites 0 accepted: $(tail -1 bad4.txt)"; status=1; }
"$RS" quasistatic $common -qs_method abc -abc_regions 0 > bad2.txt 2>&1
[ $? -eq 1 ] && grep -q "abc_regions" bad2.txt && echo "ok - -abc_regions 0 is refused naming it" || { echo "not ok - -abc_regions 0 accepted: $(tail -1 bad2.txt)"; status=1; }
"$RS" quasistatic $common -qs_method abc -abc_regions 2 -abc_region_radius 0 > bad3.txt 2>&1
[ $? -eq 1 ] && grep -q "abc_regions 2 needs regional ABC" bad3.txt && echo "ok - -abc_regions 2 in full space is refused" || { echo "not ok - -abc_regions 2 with -abc_region_radius 0 accepted: $(tail -1 bad3.txt)"; status=1; }
"$RS" quasistatic $common -qs_method abc -abc_q0 0.01 -abc_w 0.05 > bad1.txt 2>&1
[ $? -eq 1 ] && grep -q "abc_w" bad1.txt && echo "ok - W larger than Q0 is refused naming -abc_w" || { echo "not ok - W > Q0 accepted: $(tail -1 bad1.txt)"; status=1; }
"$RS" quasistatic $common -qs_dgamma 0 > bad2.txt 2>&1
[ $? -eq 1 ] && grep -q "qs_dgamma" bad2.txt && echo "ok - a zero strain increment is refused naming -qs_dgamma" || { echo "not ok - dgamma 0 accepted"; status=1; }
# SIGTERM without a checkpoint file ends the run at once (the handler that waits for a safe
# point is installed only when there is one to stop at)
"$RS" quasistatic -in glass.data -qs_method abc -abc_q0 0.3 -qs_strain 0.2 -qs_progress 0 > term.txt 2>&1 &
pid=$!
sleep 4
kill -TERM $pid
t0=$(date +%s.%N)
wait $pid
rc=$?
dt=$(/usr/bin/python3 -c "import time; print('%.1f' % (time.time() - $t0))")
/usr/bin/python3 -c "import sys; sys.exit(0 if $rc != 0 and $dt < 3 else 1)" && echo "ok - SIGTERM without -ckpt_file ends a quasistatic run at once (exit $rc after $dt s)" || { echo "not ok - SIGTERM without a checkpoint: exit $rc after $dt s"; status=1; }
exit $status
