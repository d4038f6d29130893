#!/usr/bin/env bash
# Part of `make bench` (called by scripts/bench.sh, prints Markdown): minimisers and quasistatic
# shear against LAMMPS on the same LAMMPS-made states (tests/validate/states.lmp), one core.
#  1. Minimisation of the as-made state to |F|max < 1e-8 eV/A (per-atom norm; LAMMPS
#     min_modify norm max): force evaluations and wall time, rheosweep lbfgs/cg/fire vs LAMMPS cg/fire.
#  2. AQS strain steps (dgamma 1e-4, |F|max < 1e-8) from the minimised state: evaluations per
#     step, rheosweep lbfgs (with the default predictor, and from the affine positions like
#     LAMMPS) vs LAMMPS cg (change_box + minimize).
# ABC metadynamics has its own benchmark (scripts/bench_abc.sh, on prepared samples).
. "$(dirname "$0")/lib.sh"
SIZES=${BENCH_QS_SIZES:-"1000 5000"}
lmp_min() { # data style ftol -> "evals seconds"
  cat > "$tmp/min.lmp" <<LMP
units metal
dimension 2
atom_style atomic
boundary p p p
read_data $1
velocity all set 0 0 0
pair_style lj/smooth/linear 7.7
pair_coeff 1 1 0.1792 2.200 5.500
pair_coeff 2 2 0.1792 3.080 7.700
pair_coeff 1 2 0.1792 2.640 6.600
neighbor 0.6 bin
min_style $2
min_modify norm max
minimize 0 $3 1000000 10000000
LMP
  lmp -in "$tmp/min.lmp" -log "$tmp/min.log" -screen none
  echo "$(awk '/force evaluations/ {print $NF}' "$tmp/min.log") $(sed -n 's/^Loop time of \([0-9.e+-]*\) .*/\1/p' "$tmp/min.log")"
}
rs_min() { # data type -> "evals seconds" (PETSc's run time: MPI start-up excluded, like LAMMPS's Loop time)
  local y
  y=$("$RS" minimize -in "$1" -min_type "$2" -min_fmax 1e-8 -min_max_evaluations 2000000 -log_view)
  echo "$(echo "$y" | sed -n 's/^evaluations: //p') $(echo "$y" | awk '/^Time \(sec\):/ {print $3}')"
}
echo "## Minimisation to |F|max < 1e-8 eV/A from the as-made LAMMPS state (force evaluations, seconds)"
echo
echo "| atoms | rheosweep lbfgs (default) | rheosweep cg | rheosweep fire | LAMMPS cg | LAMMPS fire | lbfgs / LAMMPS cg evaluations |"
echo "|---|---|---|---|---|---|---|"
for N in $SIZES; do
  (cd "$tmp" && lmp -in "$OLDPWD/tests/validate/states.lmp" -var N "$N" -var seed 779 -var out . -log none -screen none)
  cp "$tmp/glass.data" "$tmp/g$N.data"
  a=($(rs_min "$tmp/g$N.data" lbfgs)); b=($(rs_min "$tmp/g$N.data" cg)); c=($(rs_min "$tmp/g$N.data" fire))
  d=($(lmp_min "$tmp/g$N.data" cg 1e-8)); e=($(lmp_min "$tmp/g$N.data" fire 1e-8))
  printf "| %s | %s (%.2f s) | %s (%.2f s) | %s (%.2f s) | %s (%.2f s) | %s (%.2f s) | %.2f |\n" "$N" "${a[0]}" "${a[1]}" "${b[0]}" "${b[1]}" "${c[0]}" "${c[1]}" "${d[0]}" "${d[1]}" "${e[0]}" "${e[1]}" "$(python3 -c "print(${a[0]}/${d[0]})")"
done
echo
echo "## AQS strain steps (dgamma 1e-4, |F|max < 1e-8 eV/A), 20 steps from the LAMMPS-minimised state"
echo
echo "| atoms | rheosweep lbfgs evaluations/step (predictor, default) | from the affine start | LAMMPS cg evaluations/step | ratio (predictor) | ratio (affine) | rheosweep ms/step (predictor) | affine | LAMMPS ms/step |"
echo "|---|---|---|---|---|---|---|---|---|"
rs_aqs() { # data predict -> "evaluations/step ms/step"
  local y
  y=$("$RS" quasistatic -in "$1" -qs_strain 0.002 -qs_progress 0 -min_fmax 1e-8 -qs_predict "$2" -log_view)
  python3 -c "print($(echo "$y" | sed -n 's/.*evaluations: \([0-9]*\)}.*/\1/p') / 20, $(echo "$y" | awk '/^Time \(sec\):/ {print $3}') / 20 * 1000)"
}
for N in $SIZES; do
  (cd "$tmp" && lmp -in "$OLDPWD/tests/validate/aqs.lmp" -var data "g$N.data" -var nsteps 20 -var dgamma 1e-4 -var ftol 1e-8 -log aqs.log -screen none)
  lev=$(awk '/force evaluations/ {n++; if (n > 1) s += $NF} END {print s / (n - 1)}' "$tmp/aqs.log")
  lt=$(awk '/^Loop time of/ {n++; if (n > 1) s += $4} END {print s / (n - 1) * 1000}' "$tmp/aqs.log")
  p=($(rs_aqs "$tmp/g$N.data.min.data" true)); a=($(rs_aqs "$tmp/g$N.data.min.data" false))
  python3 -c "print('| $N | %.0f | %.0f | %.0f | %.2f | %.2f | %.1f | %.1f | %.1f |' % (${p[0]}, ${a[0]}, $lev, ${p[0]}/$lev, ${a[0]}/$lev, ${p[1]}, ${a[1]}, $lt))"
done
