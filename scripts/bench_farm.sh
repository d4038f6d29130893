#!/usr/bin/env bash
# Part of `make bench` (called by scripts/bench.sh, prints Markdown): efficiency of the sweep's
# master/worker farm. 32 equal MD tasks (one 400-atom sample, 32 seeds at one rate, ~TASK_S
# seconds each) on 1 master + 2 worker ranks (mpirun -np 3 on this 2-core machine, so the master
# shares a core): makespan of the farm against the ideal (sum of the task times / 2 workers), and
# the master's CPU time as a share of the farm's wall time. Targets: >= 95 % and < 2 %.
. "$(dirname "$0")/lib.sh"
STRAIN=${BENCH_FARM_STRAIN:-0.3}
cat > "$tmp/f.yaml" <<YAML
prep: {atoms: 400, melt_time: 2, hold_time: 2, cool_rate: 50, quench_rate: 50, relax_time: 4}
md: {thermo: 0}
sweep: {dir: $tmp/run, samples: 1, md_rates: [3e9], seeds: [1], strain: $STRAIN, progress: 1000}
YAML
# the sample first (and one task), so the measured farm runs only the 32 equal shear tasks
mpirun --oversubscribe -np 3 "$RS" sweep -options_file_yaml "$tmp/f.yaml" > /dev/null
seeds=$(seq -s, 1 33)
mpirun --oversubscribe -np 3 "$RS" sweep -options_file_yaml "$tmp/f.yaml" -sweep_seeds "$seeds" > "$tmp/farm.txt"
python3 - "$tmp/run/journal" "$tmp/farm.txt" <<'PY'
import re, sys
journal, out = sys.argv[1], open(sys.argv[2]).read()
secs = [float(l.split("seconds=")[1]) for l in open(journal) if " done s1-" in l]
secs = secs[1:]  # the first shear task ran in the preparatory sweep
cpu, wall = map(float, re.search(r"# master: ([0-9.]+) s CPU over ([0-9.]+) s wall", out).groups())
ideal = sum(secs) / 2
print("## Sweep farm: 32 equal MD tasks on 1 master + 2 workers (mpirun -np 3 on 2 cores)\n")
print("| tasks | mean task s | ideal makespan s (sum / 2) | farm wall s | efficiency | master CPU s | master CPU share |")
print("|---|---|---|---|---|---|---|")
print("| %d | %.2f | %.1f | %.1f | %.1f %% | %.3f | %.2f %% |" % (len(secs), sum(secs) / len(secs), ideal, wall, 100 * ideal / wall, cpu, 100 * cpu / wall))
print("\nTargets: efficiency >= 95 %, master share < 2 %. The farm wall time includes the master's")
print("journal replay and start-up; task times are the workers' own (journal `seconds=`).")
PY
