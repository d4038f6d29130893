#!/usr/bin/env bash
# Part of `make bench` (called by scripts/bench.sh, prints Markdown): the analyses of one long
# ABC run. One 400-atom sample, one ABC task at Q0 0.02 eV to 20 % strain in steps of 1e-4 with
# every inherent structure stored (2001 structures); the reduction (whose NaDM rows are shared
# by all ranks) timed on 1 and 2 ranks, with the analyses off for the baseline.
TMP_PARENT=${BENCH_DIR:-.}  # on the repository's disk, not /tmp (may be tmpfs)
. "$(dirname "$0")/lib.sh"
STRAIN=${BENCH_NADM_STRAIN:-0.2}
cat > "$tmp/n.yaml" <<YAML
prep: {atoms: 400, melt_time: 2, hold_time: 2, cool_rate: 50, quench_rate: 50, relax_time: 4}
qs: {dgamma: 0.0001, is_every: 1}
reduce: {window: [0.1, $STRAIN]}
sweep: {dir: $tmp/run, samples: 1, abc_q0: [0.02], seeds: [1], strain: $STRAIN}
YAML
mpirun --oversubscribe -np 2 "$RS" sweep -options_file_yaml "$tmp/n.yaml" -analyze_enable false > "$tmp/sweep.txt"
nf=$(ls "$tmp"/run/tasks/*.is/ | wc -l)
t() { /usr/bin/time -f %e mpirun --oversubscribe -np "$1" "$RS" reduce -options_file_yaml "$tmp/n.yaml" -reduce_out "$tmp/o$1.h5" "${@:2}" 2>&1 > /dev/null | tail -1; }
base=$(t 1 -analyze_enable false)
t1=$(t 1)
t2=$(t 2)
echo "## Analyses of one long ABC run: $nf inherent structures of 400 atoms (NaDM on 150 and on all atoms, ASNaD, local strain, extremes, clusters)"
echo
echo "| ranks | reduce s (analyses off) | reduce s (analyses on) | analyses s | speed-up of the analyses |"
echo "|---|---|---|---|---|"
/usr/bin/python3 - "$base" "$t1" "$t2" <<'PY'
import sys
b, t1, t2 = map(float, sys.argv[1:])
print("| 1 | %.2f | %.2f | %.2f | 1.00 |" % (b, t1, t1 - b))
print("| 2 | %.2f | %.2f | %.2f | %.2f |" % (b, t2, t2 - b, (t1 - b) / max(t2 - b, 1e-9)))
PY
echo
echo "The NaDM rows are shared by the ranks (each rank reads the structures); everything else of"
echo "a task runs on the rank that read it. Cost O(structures^2 x atoms) for the NaDM."
