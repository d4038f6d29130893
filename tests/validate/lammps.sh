#!/usr/bin/env bash
# Validation against LAMMPS (Debian package lammps, binary lmp) on states LAMMPS itself made:
#   glass    random dense 2D binary glass-like state, 2000 atoms, 600 K, with velocities
#   tilted   the same in a box tilted to 0.499 Lx (near the flip limit)
#   lattice  a lattice whose pairs sit within 1e-3 A of the cutoffs (tests/validate/lattice_state.py)
# LAMMPS evaluates each with the P2 coefficients written literally (eval.lmp); rheosweep with
# configs/potentials/p2.yaml. Energy, pressure tensor, per-atom forces and energies must agree
# to 1e-9. Then the export path: `rheosweep export-lammps` output must run in LAMMPS and give
# the same energy (P2 exactly; the 8-4 form through a spline table, to 1e-6).
. "$(dirname "$0")/../lib.sh"
if ! command -v lmp >/dev/null; then echo "not ok - lmp (Debian package lammps) not installed"; exit 1; fi
make_states 2000 4242
near=$(/usr/bin/python3 "$here/lattice_state.py" lattice.data 7)
echo "# lattice state: $near pairs within 1e-3 A of a cutoff"
[ "$near" -gt 100 ] && echo "ok - lattice state has $near near-cutoff pairs" || echo "not ok - lattice state has only $near near-cutoff pairs"
status=0
for s in glass tilted lattice; do
  lmp -in "$here/eval.lmp" -var data $s.data -var dump $s.dump -log $s.log -screen none || { echo "not ok - LAMMPS failed on $s"; status=1; continue; }
  "$RS" eval -in $s.data -eval_forces $s.forces > $s.yaml 2> $s.err || { echo "not ok - rheosweep eval failed on $s: $(cat $s.err)"; status=1; continue; }
  /usr/bin/python3 "$here/compare.py" $s.yaml $s.forces $s.log $s.dump 1e-9 $s || status=1
done
# export-lammps round trip (P2, exact) and the KMT 8-4 form (tabulated in LAMMPS)
for pot in p2:1e-9 kmt84-example:1e-6; do
  name=${pot%%:*}; tol=${pot##*:}
  "$RS" export-lammps -in glass.data -out exp_$name -model_potential configs/potentials/$name.yaml > /dev/null 2>exp.err || { echo "not ok - export-lammps ($name): $(cat exp.err)"; status=1; continue; }
  "$RS" eval -in exp_$name.data -model_potential configs/potentials/$name.yaml > exp_$name.yaml
  lmp -in exp_$name.in -log exp_$name.log -screen none || { echo "not ok - LAMMPS rejected the export-lammps input ($name)"; status=1; continue; }
  /usr/bin/python3 - exp_$name.yaml exp_$name.log $tol $name <<'PY' || status=1
import re, sys
ours = float(re.search(r"^pe: (\S+)", open(sys.argv[1]).read(), re.M).group(1))
lmp = float(re.search(r"^RESULT pe (\S+)", open(sys.argv[2]).read(), re.M).group(1))
err, tol = abs(ours - lmp) / abs(lmp), float(sys.argv[3])
print("%s - export-lammps %s: LAMMPS energy of the exported state, relative difference %.2e (limit %.0e)" % ("ok" if err <= tol else "not ok", sys.argv[4], err, tol))
sys.exit(err > tol)
PY
done
exit $status
