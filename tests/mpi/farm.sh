#!/usr/bin/env bash
# The sweep's master/worker farm on fast tasks (2 samples of 200 atoms; MD at two rates and one
# ABC task per sample):
# - every task runs exactly once (one start and one done per task in the journal);
# - the results (task records) are bit-identical with 1 rank (no farm), 1, 2 and 3 worker groups;
# - running the same command again reruns nothing; adding a seed reuses the finished tasks;
#   changing a parameter of finished tasks is refused naming it;
# - an injected scientific failure is recorded with its reason, the others finish, exit code 2;
# - a task that kills its process is retried -sweep_retries times, then marked failed;
# - kill -9 of the whole job mid-sweep, then the same command: finished tasks are not rerun,
#   partial ones resume from their checkpoints, and every record equals the uninterrupted run's;
# - bad sweeps fail before any work, naming the key.
. "$(dirname "$0")/../lib.sh"
cat > s.yaml <<'EOF'
prep: {atoms: 200, melt_time: 2, hold_time: 2, cool_rate: 50, quench_rate: 50, relax_time: 4}
md: {thermo: 0}
qs: {dgamma: 0.001}
sweep: {samples: 2, md_rates: [1e10, 3e10], abc_q0: [0.1], seeds: [1], strain: 0.03, progress: 1}
EOF
sweep() { # $1 ranks, $2 run directory, rest: extra options
  local np=$1 dir=$2
  shift 2
  mpirun --oversubscribe -np "$np" "$RS" sweep -options_file_yaml s.yaml -sweep_dir "$dir" "$@"
}
same_records() { # the task records of two run directories are identical
  [ "$(ls "$1"/tasks/*.csv | wc -l)" -eq 6 ] || return 1
  for f in "$1"/tasks/*.csv; do cmp -s "$f" "$2/tasks/$(basename "$f")" || return 1; done
}

sweep 3 g2 > g2.txt 2>&1
rc=$?
starts=$(grep -c " start " g2/journal) dones=$(grep -c " done " g2/journal)
once=$(awk '$2 == "start" {n[$3]++} END {for (k in n) if (n[k] != 1) bad = 1; print bad ? "no" : "yes"}' g2/journal)
[ $rc -eq 0 ] && [ "$starts" -eq 8 ] && [ "$dones" -eq 8 ] && [ "$once" = yes ]; check "1 master + 2 groups: 8 tasks, each started and finished exactly once (exit $rc)" $?
grep -q "rheosweep md" g2/tasks/s1-T315-md-1e10-seed1.log && ! grep -q "rheosweep md" g2.txt; check "per-task output goes to the task's log, not to the master's stdout" $?
grep -q "^\[0:00:0.\] progress: " g2.txt || grep -q "^\[.*\] end: 8 done, 0 running, 0 failed, 0 pending" g2.txt; check "master prints events and summaries" $?
for np in 1 2 4; do
  sweep $np n$np > n$np.txt 2>&1
  same_records g2 n$np; check "$np ranks ($((np > 1 ? np - 1 : 0)) worker groups): the same records bit for bit" $?
done

sweep 3 g2 > again.txt 2>&1
rc=$?
[ $rc -eq 0 ] && [ "$(grep -c " start " g2/journal)" -eq 8 ]; check "the same command again reruns nothing (exit $rc)" $?
sweep 3 g2 -sweep_seeds 1,2 > seeds.txt 2>&1
rc=$?
[ $rc -eq 0 ] && [ "$(grep -c " start " g2/journal)" -eq 14 ] && [ "$(grep -c " start s1-T315-md-1e10-seed1 " g2/journal)" -eq 1 ]; check "adding a seed runs only the 6 new tasks (exit $rc)" $?
sweep 3 g2 -sweep_strain 0.04 > changed.txt 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q "was started with other parameters (it was made with strain=0.03, this configuration has strain=0.04)" changed.txt && [ "$(grep -c " start " g2/journal)" -eq 14 ]; check "a changed strain is refused naming it, before any work (exit $rc)" $?
sweep 3 g2 -abc_region_relaxed > relaxed.txt 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q "it was made without abc_region_relaxed=1, which this configuration has" relaxed.txt && [ "$(grep -c " start " g2/journal)" -eq 14 ]; check "switching ABC tasks to the relaxed regional width is refused naming it (exit $rc)" $?
sweep 3 g2 -abc_width_sites 1 > sites.txt 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q "it was made with abc_width_sites=16, which this configuration does not have" sites.txt && [ "$(grep -c " start " g2/journal)" -eq 14 ]; check "switching ABC tasks back to the one-site width rule is refused naming it (exit $rc)" $?

sweep 3 fail -sweep_inject_failure s1-T315-md-3e10-seed1 > fail.txt 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "failed s1-T315-md-3e10-seed1 injected failure" fail/journal && [ "$(grep -c " done " fail/journal)" -eq 7 ]; check "an injected scientific failure is recorded with its reason, the 7 others finish, exit 2 (got $rc)" $?
grep -q "rheosweep: error: injected failure" fail/tasks/s1-T315-md-3e10-seed1.log; check "the failed task's log has the error line" $?
sweep 3 fail > fail2.txt 2>&1
rc=$?
[ $rc -eq 2 ] && [ "$(grep -c " start " fail/journal)" -eq 8 ]; check "rerun: the failed task is not retried, exit 2 (got $rc)" $?

# a task that kills its process (abort): the job dies; retried once (-sweep_retries 1), then failed
for i in 1 2 3; do sweep 2 crash -sweep_inject_crash s2-T315-abc-q0.1-seed1 -sweep_retries 1 > crash$i.txt 2>&1; echo $? > crash$i.rc; done
[ "$(cat crash1.rc)" -ne 0 ] && [ "$(cat crash2.rc)" -ne 0 ] && [ "$(cat crash3.rc)" -eq 2 ] && [ "$(wc -l < crash/tasks/s2-T315-abc-q0.1-seed1.crash)" -eq 2 ] \
  && grep -q "failed s2-T315-abc-q0.1-seed1 it killed its process 2 times" crash/journal && [ "$(grep -c " done " crash/journal)" -eq 7 ]
check "a task that killed its process twice is failed after one retry; the 7 others finish (exits $(cat crash1.rc) $(cat crash2.rc) $(cat crash3.rc))" $?

# kill -9 of the whole job while tasks are running, then the same command
K="-sweep_md_rates 3e8,1e9 -sweep_abc_q0 0.1 -sweep_strain 0.06 -sweep_md_checkpoint_every 2000"
sweep 3 ref $K > ref.txt 2>&1
kdir=killed-$$ # unique, so that pkill below hits this job's processes only
setsid mpirun --oversubscribe -np 3 "$RS" sweep -options_file_yaml s.yaml -sweep_dir $kdir $K > killed.txt 2>&1 &
disown $! # no "Killed" notice from the shell
for _ in $(seq 1 600); do
  n=$(grep -c " done s" $kdir/journal 2> /dev/null)
  [ "${n:-0}" -ge 1 ] && ls $kdir/tasks/*.ckpt.h5 > /dev/null 2>&1 && break
  sleep 0.05
done
# kill -9 every process of the job: mpirun and the ranks (Open MPI puts them in their own group)
pkill -9 -f -- "-sweep_dir $kdir" 2> /dev/null
for _ in $(seq 1 200); do pgrep -f -- "-sweep_dir $kdir" > /dev/null || break; sleep 0.05; done
mv $kdir killed
done_before=$(awk '$2 == "done" {print $3}' killed/journal | sort)
sweep 3 killed $K > resumed.txt 2>&1
rc=$?
rerun=0
for t in $done_before; do [ "$(grep -c " start $t " killed/journal)" -eq 1 ] || rerun=1; done
[ $rc -eq 0 ] && [ -n "$done_before" ] && [ $rerun -eq 0 ]; check "after kill -9: the $(echo $done_before | wc -w) tasks finished before the kill are not rerun (exit $rc)" $?
grep -l "resumed from checkpoint" killed/tasks/*.log > resumed.list 2> /dev/null
[ -s resumed.list ]; check "after kill -9: partial tasks resumed from their checkpoints ($(wc -l < resumed.list) of them)" $?
same_records ref killed; check "after kill -9 and resume: every record equals the uninterrupted run's bit for bit" $?

# bad sweeps fail before any work, naming the key
bad() { # $1 description, $2 expected message, rest: options
  local what=$1 msg=$2
  shift 2
  "$RS" sweep -options_file_yaml s.yaml -sweep_dir bad "$@" > bad.txt 2>&1
  local rc=$?
  [ $rc -eq 1 ] && grep -q -- "$msg" bad.txt && [ ! -e bad/journal ]; check "$what: refused before any work (exit $rc: $(head -1 bad.txt))" $?
}
bad "negative rate" "sweep_md_rates: rate -1e+08 /s is not positive" -sweep_md_rates 1e9,-1e8
bad "no shear tasks" "the sweep has no shear tasks" -sweep_md_rates "" -sweep_abc_q0 ""
bad "ranks per task larger than the job" "sweep_ranks_per_task 2 is larger than the 0 worker ranks" -sweep_ranks_per_task 2
bad "a rate listed twice" "listed twice" -sweep_md_rates 1e9,1e9
bad "unknown sweep key" "unknown option '-sweep_md_rate'" -sweep_md_rate 1e9
"$RS" sweep -options_file_yaml s.yaml -sweep_dir g2 -model_potential configs/potentials/p1.yaml > pot.txt 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q "task sample-1 in g2 was started with other parameters (it was made with potential=P2" pot.txt; check "samples made with another potential are refused naming it (exit $rc)" $?
exit $status
