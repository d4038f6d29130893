#!/usr/bin/env bash
# The batch path on a real single-node Slurm (scripts/slurm-local.sh, as root):
# - `sbatch jobs/sweep.slurm` on a tiny config completes and leaves the archive;
# - the same job stopped mid-run (scancel --signal=USR1 --batch: what --signal sends before the
#   time limit) checkpoints, exits 3, requeues itself, resumes and finishes; its archive's results
#   equal the uninterrupted job's (h5diff without /parameters) and no finished task ran twice;
# - a SIGKILL of the job (scancel -s KILL: no checkpoint) and a resubmission lose at most the
#   work since each task's last checkpoint, and finished tasks are not rerun;
# - the same stop and requeue through srun --mpi=pmix instead of mpirun;
# - -walltime stops a run from inside the same way (exit 3), and the rerun finishes.
. "$(dirname "$0")/../lib.sh"
root=$(cd "$here/../.." && pwd)
export RS_SLURM_DIR=$tmp/slurm
bash "$root/scripts/slurm-local.sh" up > up.txt 2>&1 || { echo "not ok - slurm-local.sh up failed: $(tail -2 up.txt)"; exit 1; }
trap 'bash "$root/scripts/slurm-local.sh" down > /dev/null 2>&1; rm -rf "$tmp"' EXIT
export SLURM_CONF=$RS_SLURM_DIR/slurm.conf RHEOSWEEP_BIN=$RS
mk() { # $1 run directory
  cat > "$1.yaml" <<YAML
prep: {atoms: 200, melt_time: 2, hold_time: 2, cool_rate: 50, quench_rate: 50, relax_time: 4}
md: {thermo: 500}
qs: {dgamma: 0.001}
reduce: {window: [0.03, 0.06]}
sweep: {dir: $1, samples: 2, md_rates: [3e8, 1e9], abc_q0: [0.1], seeds: [1], strain: 0.06, md_checkpoint_every: 2000}
YAML
}
finish() { # $1 job id, $2 seconds: waits until the job has left the queue
  for _ in $(seq 1 $(($2 * 2))); do [ -z "$(squeue -h -j "$1" 2> /dev/null)" ] && return 0; sleep 0.5; done
  return 1
}
# 1. uninterrupted
mk full
jid=$(sbatch --parsable -o full.out "$root/jobs/sweep.slurm" full.yaml)
finish "$jid" 120
grep -q "rheosweep exited with code 0" full.out && [ -f full/sweep.h5 ]; check "sbatch jobs/sweep.slurm completes and leaves the archive (job $jid)" $?
# 2. stopped by USR1, requeued, resumed
mk stop
jid=$(sbatch --parsable -o stop.out "$root/jobs/sweep.slurm" stop.yaml)
for _ in $(seq 1 200); do grep -q " done s" stop/journal 2> /dev/null && break; sleep 0.05; done
t0=$(date +%s.%N)
scancel --signal=USR1 --batch "$jid"
for _ in $(seq 1 400); do grep -q "exited with code 3" stop.out 2> /dev/null && break; sleep 0.05; done
t1=$(date +%s.%N)
finish "$jid" 180
stops=$(grep -c " stopped " stop/journal)
grep -q "exited with code 3" stop.out && grep -q "requeueing job $jid" stop.out && grep -q "(restart 1)" stop.out && grep -q "rheosweep exited with code 0" stop.out && [ "$stops" -ge 1 ]
check "USR1: tasks checkpoint ($stops stopped), exit 3 $(/usr/bin/python3 -c "print('%.1f' % ($t1 - $t0))") s after the signal, the job requeues itself and finishes" $?
h5diff --exclude-path /parameters full/sweep.h5 stop/sweep.h5 > d.txt 2>&1; check "the stopped-and-requeued job's archive equals the uninterrupted one (h5diff)" $?
twice=$(awk '$2 == "done" {n[$3]++} END {for (k in n) if (n[k] > 1) print k}' stop/journal)
[ -z "$twice" ] && [ "$(awk '$2 == "done"' stop/journal | wc -l)" -eq 8 ]; check "no task finished twice ($twice)" $?
# 2b. the same through srun --mpi=pmix (RHEOSWEEP_LAUNCH=srun)
mk srun
jid=$(RHEOSWEEP_LAUNCH=srun sbatch --parsable -o srun.out "$root/jobs/sweep.slurm" srun.yaml)
for _ in $(seq 1 200); do grep -q " done s" srun/journal 2> /dev/null && break; sleep 0.05; done
scancel --signal=USR1 --batch "$jid"
finish "$jid" 180
grep -q "srun --mpi=pmix" srun.out && grep -q "exited with code 3" srun.out && grep -q "(restart 1)" srun.out && grep -q "rheosweep exited with code 0" srun.out && h5diff --exclude-path /parameters full/sweep.h5 srun/sweep.h5 > d4.txt 2>&1
check "srun --mpi=pmix: USR1 stop, exit 3, requeue, finish; archive equal to the uninterrupted one" $?
# 3. SIGKILL (no checkpoint), resubmission
mk kill
jid=$(sbatch --parsable -o kill.out "$root/jobs/sweep.slurm" kill.yaml)
for _ in $(seq 1 200); do
  n=$(grep -c " done s" kill/journal 2> /dev/null)
  [ "${n:-0}" -ge 1 ] && ls kill/tasks/*.ckpt.h5 > /dev/null 2>&1 && break
  sleep 0.05
done
scancel -s KILL "$jid"
finish "$jid" 60
cp -r kill/tasks killed_logs
done_before=$(awk '$2 == "done" {print $3}' kill/journal)
jid=$(sbatch --parsable -o kill2.out "$root/jobs/sweep.slurm" kill.yaml)
finish "$jid" 120
ok=0 n=0
for t in $done_before; do [ "$(grep -c " start $t " kill/journal)" -eq 1 ] || ok=1; done
for log in kill/tasks/*-md-*.log; do # redone steps: last step printed before the kill minus the step resumed from
  s=$(sed -n 's/^# resumed from checkpoint .* at step \([0-9]*\)$/\1/p' "$log" | tail -1)
  [ -n "$s" ] || continue
  p=$(awk '/^# resumed/ {exit} NF == 13 && $1 ~ /^[0-9]+$/ {p = $1} END {print p + 0}' "killed_logs/$(basename "$log")")
  n=$((n + 1))
  [ $((p - s)) -ge 0 ] && [ $((p - s)) -lt 2000 ] || { ok=1; echo "# $log: printed step $p before the kill, resumed from $s"; }
done
grep -q "rheosweep exited with code 0" kill2.out && [ -n "$done_before" ] && [ $n -ge 1 ] && [ $ok -eq 0 ]
check "SIGKILL + resubmission: $(echo $done_before | wc -w) finished tasks not rerun, $n MD tasks resumed losing less than one checkpoint interval (2000 steps)" $?
h5diff --exclude-path /parameters full/sweep.h5 kill/sweep.h5 > d2.txt 2>&1; check "after SIGKILL and resubmission the archive equals the uninterrupted one" $?
# 4. -walltime from inside: the stop comes 1 s after the start, while the MD tasks run (the whole
#    sweep takes ~2.5 s on an idle 2-core machine; 0:04 with a margin of 1 s let it finish first)
mk wall
mpirun --oversubscribe -np 3 "$RS" sweep -options_file_yaml wall.yaml -walltime 0:02 -walltime_margin 1 > wall1.txt 2>&1
rc1=$?
mpirun --oversubscribe -np 3 "$RS" sweep -options_file_yaml wall.yaml > wall2.txt 2>&1
rc2=$?
[ $rc1 -eq 3 ] && grep -q "stop    wall time" wall1.txt && [ $rc2 -eq 0 ] && h5diff --exclude-path /parameters full/sweep.h5 wall/sweep.h5 > d3.txt 2>&1
check "-walltime 0:02 -walltime_margin 1: stops with exit 3 ($rc1), the rerun finishes ($rc2) with the uninterrupted results" $?
exit $status
