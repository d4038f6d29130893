#!/usr/bin/env bash
# Part of `make bench` (called by scripts/bench.sh, prints Markdown): ABC metadynamics shear
# cost per strain increment on samples prepared by rheosweep (CALIBRATION.md protocol: 1 K/ps
# quench, 100 ps at 315 K and P = 0), one core, W 0.05 eV, dgamma 1e-4, |F|max biased 1e-3 and
# unbiased 1e-4 eV/A, cap 1500 penalties per step.
#   regional (R 25 A) with the held width (the default) and with the relaxed width
#   (-abc_region_relaxed) at Q0 0.3/0.5/0.7, the held width with the nonaffine site at Q0 0.3, and
#   full space at Q0 0.3. With the default cap the held width's 5000-atom steps at Q0 0.5 and 0.7
#   are capped (uncapped costs: docs/ABC.md, "Cost per strain increment").
# Per row: width, penalties, capped steps, steps with an event, energy change, barrier at stop,
# evaluations per strain step (ABC sampling + the strain-step minimisation), per biased
# relaxation, seconds per step (set-up excluded), set-up seconds (Lanczos), ms per evaluation.
# BENCH_ABC_SIZES, BENCH_ABC_Q0, BENCH_ABC_STEPS (10) resize it; BENCH_ABC_MODES (held relaxed
# nonaffine full) selects rows.
. "$(dirname "$0")/lib.sh"
SIZES=${BENCH_ABC_SIZES:-"1000 5000"}
Q0S=${BENCH_ABC_Q0:-"0.3 0.5 0.7"}
STEPS=${BENCH_ABC_STEPS:-10}
MODES=${BENCH_ABC_MODES:-"held relaxed nonaffine full"}
echo "## ABC metadynamics shear: cost per strain increment ($STEPS steps per run from a prepared sample, one core)"
echo
echo "| atoms | penalties | Q0 (eV) | sigma (A) | lambda_min (eV/A^2) | penalties/step (mean, max) | capped steps | steps with an event | energy change/step (eV) | barrier at stop (eV, mean) | evaluations/step (mean, median) | evaluations per biased relaxation | s/step | set-up s | ms per evaluation |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for N in $SIZES; do
  "$RS" prepare -prep_atoms "$N" -prep_seed 11 -out "$tmp/s$N.data" > "$tmp/prep$N.log"
  runs=()
  for mode in $MODES; do
    case $mode in
      held | relaxed) for q in $Q0S; do runs+=("$q $mode"); done ;;
      nonaffine | full) runs+=("0.3 $mode") ;;
      *) echo "bench_abc.sh: unknown mode '$mode' in BENCH_ABC_MODES (held relaxed nonaffine full)" >&2; exit 1 ;;
    esac
  done
  for run in "${runs[@]}"; do
    set -- $run
    q=$1 mode=$2
    case $mode in
      relaxed) opts=(-abc_region_relaxed true) ;;
      held) opts=() ;;
      nonaffine) opts=(-abc_site nonaffine) ;;
      full) opts=(-abc_region_radius 0) ;;
    esac
    t0=$(date +%s.%N)
    "$RS" quasistatic -in "$tmp/s$N.data" -qs_method abc -abc_q0 "$q" "${opts[@]}" -qs_strain "$(python3 -c "print($STEPS*1e-4)")" -qs_progress 1 -min_fmax 1e-4 -qs_record "$tmp/abc.csv" > "$tmp/abc.txt"
    t1=$(date +%s.%N)
    python3 - "$N" "$q" "$mode" "$t0" "$t1" "$tmp/abc.csv" "$tmp/abc.txt" <<'PY'
import csv, re, statistics, sys
n, q, mode, t0, t1 = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
rows = list(csv.DictReader(open(sys.argv[6])))[1:]
h = open(sys.argv[7]).read()
sig = float(re.search(r"sigma ([0-9.e+-]+) A", h).group(1)); lam = float(re.search(r"lambda_min ([0-9.e+-]+)", h).group(1))
prog = [l.split() for l in h.splitlines() if re.match(r"\s+\d+\s+[0-9.]+\s", l)]
total = int(re.search(r"evaluations: (\d+)\}", h).group(1))
wall = float(prog[-1][8]) / len(rows)                 # progress wall clock: set-up excluded
setup = (t1 - t0) - float(prog[-1][8])
cum = [int(p[7]) for p in prog]                        # evaluations so far, after each step
per = [cum[0]] + [b - a for a, b in zip(cum[:-1], cum[1:])]
pen = [float(r["penalties"]) for r in rows]
cap = sum(r["capped"] == "1" for r in rows)
ev = sum(r["chosen"] not in ("0", "0.0") for r in rows)
de = sum(float(r["e_chosen_eV"]) - float(r["e_start_eV"]) for r in rows) / len(rows)
bar = sum(float(r["barrier_eV"]) for r in rows) / len(rows)
abcev = sum(float(r["evaluations"]) for r in rows)
what = {"relaxed": "regional R 25 A (%s atoms), relaxed width", "held": "regional R 25 A (%s atoms), held width (default)", "nonaffine": "regional R 25 A (%s atoms), held width, nonaffine site", "full": "full space"}[mode]
what = what % rows[0]["penalised_atoms"] if "%s" in what else what
print("| %s | %s | %s | %.2f | %.4g | %.0f, %.0f | %d / %d | %d / %d | %.3f | %.3f | %.0f, %.0f | %.0f | %.2f | %.0f | %.3f |" % (
    n, what, q, sig, lam, sum(pen) / len(pen), max(pen), cap, len(rows), ev, len(rows), de, bar,
    total / len(rows), statistics.median(per), abcev / max(1, sum(pen)), wall, setup, wall / (total / len(rows)) * 1000))
PY
  done
done
