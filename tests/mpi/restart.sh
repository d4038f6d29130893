#!/usr/bin/env bash
# Checkpoint/restart of sheared NVT (and of NPT with a flexible cell) (SLLOD, 1e9 /s, from a box at 0.4995 Lx, so the box flips
# after the restart point): a run stopped at step 200 (exit 3) and continued equals the
# uninterrupted run bit for bit (final data file and stress-strain record compared with cmp),
# on 1 and on 2 ranks. A damaged newest checkpoint falls back to the previous generation and
# still continues bit-identically; a checkpoint continues on another rank count with a warning;
# a changed parameter is refused naming it.
. "$(dirname "$0")/../lib.sh"
make_states 2000 8
A="-in sheared.data -md_deform simple_shear -md_rate 1e9 -md_steps 400 -md_thermo 0 -md_velocity_temperature 315 -md_seed 4 -ckpt_every 100"
status=0
check() { # $1 description, $2.. command status expectations handled by caller
  if [ "$2" = 0 ]; then echo "ok - $1"; else echo "not ok - $1"; status=1; fi
}
for np in 1 2; do
  run="mpirun --oversubscribe -np $np $RS md"
  $run $A -ckpt_file full$np.h5 -out full$np.data -md_record full$np.csv > full$np.txt 2>&1
  $run $A -ckpt_file part$np.h5 -md_stop_step 200 -out part$np.data -md_record part$np.csv > stop$np.txt 2>&1
  rc=$?
  [ $rc -eq 3 ] && grep -q "stopped at step 200" stop$np.txt; check "$np ranks: run stopped at step 200 with exit code 3 (got $rc)" $?
  $run $A -ckpt_file part$np.h5 -out part$np.data -md_record part$np.csv > cont$np.txt 2>&1
  grep -q "resumed from checkpoint part$np.h5 at step 200" cont$np.txt && grep -q "flips: 1" cont$np.txt; check "$np ranks: continued from step 200, box flipped after the restart" $?
  cmp -s full$np.data part$np.data && cmp -s full$np.csv part$np.csv; check "$np ranks: stop + restart equals the uninterrupted run bit for bit (data file and record)" $?
done
# damaged newest generation: stop at 300 (part.h5 = step 300, part.h5.prev = step 200), break part.h5
$RS md $A -ckpt_file dmg.h5 -md_stop_step 300 > /dev/null 2>&1
head -c 1000 dmg.h5 > dmg.bad && mv dmg.bad dmg.h5
$RS md $A -ckpt_file dmg.h5 -out dmg.data > dmg.txt 2>&1
grep -q "continuing from the previous generation" dmg.txt && grep -q "resumed from checkpoint dmg.h5 at step 200" dmg.txt && cmp -s dmg.data full1.data; check "damaged newest checkpoint: fell back to the previous generation (step 200) and still matched bit for bit" $?
# NPT with a flexible cell (barostat chain state in the checkpoint)
B="-in sheared.data -md_ensemble npt -md_couple tri -md_steps 400 -md_thermo 0 -ckpt_every 100"
$RS md $B -ckpt_file nf.h5 -out nf.data > /dev/null 2>&1
$RS md $B -ckpt_file np.h5 -md_stop_step 200 > /dev/null 2>&1
$RS md $B -ckpt_file np.h5 -out np.data > /dev/null 2>&1
cmp -s nf.data np.data; check "NPT (couple tri): stop + restart equals the uninterrupted run bit for bit" $?
# another rank count
$RS md $A -ckpt_file part1.h5 -md_steps 400 -ckpt_resume 1 > /dev/null 2>&1  # finished run: nothing to do
mpirun --oversubscribe -np 1 $RS md $A -ckpt_file x1.h5 -md_stop_step 200 > /dev/null 2>&1
mpirun --oversubscribe -np 2 $RS md $A -ckpt_file x1.h5 -out x2.data > x2.txt 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q "written on 1 ranks, continuing on 2" x2.txt && grep -q "final: {step: 400" x2.txt; check "1-rank checkpoint continued on 2 ranks with a warning (exit $rc)" $?
# a changed parameter is refused
$RS md $A -ckpt_file x1.h5 -md_rate 2e9 > bad.txt 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "written with -md_rate = 1e+09" bad.txt; check "changed -md_rate refused: $(tail -1 bad.txt)" $?
exit $status
