#!/usr/bin/env bash
# ABC penalty-width study (docs/ABC.md, "Width and event detection"): one ABC step (Q0 0.3 eV,
# W 0.05 eV) from fixed states, many kick seeds per width, so that the only randomness is the
# walker's: does a narrower penalty find escapes (a new minimum chosen, with its path saddle)
# that a wider one misses? States: a prepared sample (rheosweep prepare, seed 11) and the same
# after 1 % AQS strain. Widths: the relaxed rule, the held rule (the default) and the held
# width divided by sqrt(2) and by 2 (given with -abc_sigma). The cap is raised to 3000 penalties.
# Prints one Markdown row per width and state. WIDTH_N (1000), WIDTH_SEEDS (8) resize it;
# WIDTH_LIST and WIDTH_STATES choose widths and states, WIDTH_OPTS adds options to every ABC run
# (e.g. "-abc_neb_images 7": completed hops then carry their NEB saddle instead of the path's).
. "$(dirname "$0")/lib.sh"
N=${WIDTH_N:-1000}
SEEDS=${WIDTH_SEEDS:-8}
"$RS" prepare -prep_atoms "$N" -prep_seed 11 -out "$tmp/fresh.data" > "$tmp/prep.log"
"$RS" quasistatic -in "$tmp/fresh.data" -qs_strain 0.01 -qs_progress 0 -out "$tmp/strained.data" > "$tmp/aqs.log"
abc=(-qs_method abc -abc_q0 0.3 -abc_max_penalties 3000 -qs_strain 1e-4 -qs_progress 1 -min_fmax 1e-4 ${WIDTH_OPTS:-})
held=$("$RS" quasistatic -in "$tmp/fresh.data" "${abc[@]}" -abc_max_penalties 1 | sed -n 's/.*sigma \([0-9.e+-]*\) A.*/\1/p' | head -1)
echo "## ABC width study: one step from a fixed state, $SEEDS kick seeds per width, $N atoms, Q0 0.3 eV${WIDTH_OPTS:+, $WIDTH_OPTS}"
echo
echo "| width | sigma (A) | state | events | path saddles of the events (eV) | barrier at stop (eV, mean) | capped | evaluations (median) |"
echo "|---|---|---|---|---|---|---|---|"
for w in ${WIDTH_LIST:-relaxed held held/1.41 held/2}; do
  case $w in
    relaxed) opts=(-abc_region_relaxed true) ;;
    held) opts=() ;;
    held/1.41) opts=(-abc_sigma "$(python3 -c "print($held / 2 ** 0.5)")") ;;
    held/2) opts=(-abc_sigma "$(python3 -c "print($held / 2)")") ;;
  esac
  for st in ${WIDTH_STATES:-fresh strained}; do
    for s in $(seq "$SEEDS"); do
      "$RS" quasistatic -in "$tmp/$st.data" "${abc[@]}" "${opts[@]}" -abc_seed "$s" -qs_record "$tmp/r_$s.csv" > "$tmp/o_$s.txt"
    done
    python3 - "$w" "$st" "$SEEDS" "$tmp" <<'PY'
import csv, re, statistics, sys
w, st, n, tmp = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
rows = [list(csv.DictReader(open("%s/r_%d.csv" % (tmp, s))))[1] for s in range(1, n + 1)]
sig = float(re.search(r"sigma ([0-9.e+-]+) A", open("%s/o_1.txt" % tmp).read()).group(1))
ev = [r for r in rows if r["chosen"] not in ("0", "0.0")]
sad = sorted(float(r["path_saddle_eV"]) for r in ev)
print("| %s | %.2f | %s | %d of %d | %s | %.3f | %d | %.0f |" % (w, sig, st, len(ev), n, ", ".join("%.3f" % x for x in sad) or "-",
      statistics.mean(float(r["barrier_eV"]) for r in rows), sum(r["capped"] == "1" for r in rows), statistics.median(float(r["evaluations"]) for r in rows)))
PY
  done
done
