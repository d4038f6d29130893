#!/usr/bin/env bash
# Part of `make bench` (called by scripts/bench.sh, prints Markdown): one ABC task spread over
# the ranks of its group. A 5000-atom prepared sample (seed 11), one strain step capped at 300
# penalties (held width, Q0 0.3 eV), on 1 and 2 ranks (bound to cores) and on 4 ranks on the 2
# cores (oversubscribed: every reduction then waits for a context switch, so it shows what a
# high-latency network does to a reduction-bound loop). Per row: evaluations, global
# reductions per evaluation (-log_view event RsReduce), ms per evaluation, speed-up.
# BENCH_RANKS_N (5000) and BENCH_RANKS_PENALTIES (300) resize it.
. "$(dirname "$0")/lib.sh"
N=${BENCH_RANKS_N:-5000}
K=${BENCH_RANKS_PENALTIES:-300}
"$RS" prepare -prep_atoms "$N" -prep_seed 11 -out "$tmp/s.data" > "$tmp/prep.log"
echo "## ABC: one task on several ranks ($N atoms, one strain step of $K penalties, held width, Q0 0.3 eV)"
echo
echo "| ranks | evaluations | reductions per evaluation | ms per evaluation | speed-up over 1 rank |"
echo "|---|---|---|---|---|"
t1=
for np in 1 2 4; do
  opts=(--bind-to core)
  [ "$np" -gt "$(nproc)" ] && opts=(--oversubscribe --bind-to none --mca mpi_yield_when_idle 1)
  mpirun "${opts[@]}" -np "$np" "$RS" quasistatic -in "$tmp/s.data" -qs_method abc -abc_q0 0.3 -abc_max_penalties "$K" -qs_strain 1e-4 -qs_progress 1 -min_fmax 1e-4 -log_view > "$tmp/r$np.txt"
  read -r ev wall < <(awk '$1 == 1 && $2 ~ /^0\.000100/ {print $8, $9}' "$tmp/r$np.txt")
  red=$(awk '$1 == "RsReduce" {print $2}' "$tmp/r$np.txt")
  ms=$(python3 -c "print($wall / $ev * 1000)")
  [ -z "$t1" ] && t1=$ms
  python3 -c "print('| $np%s | $ev | %.1f | %.3f | %.2f |' % (' (2 cores)' if $np > $(nproc) else '', ${red:-0} / $ev, $ms, $t1 / $ms))"
done
echo
