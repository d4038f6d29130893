#!/usr/bin/env bash
# The first ABC escape's barrier, with each hop's saddle refined by our CI-NEB
# (-abc_neb_images 7), against LAMMPS's own NEB (REPLICA package, 8 replicas, climbing image)
# between the same two minima of a 300-atom LAMMPS glass: they must agree within 2W (W 0.03 eV).
# Three settings of -abc_candidate give three different first escapes (scripts/neb_check.sh).
. "$(dirname "$0")/../lib.sh"
root=$(cd "$here/../.." && pwd)
for cand in 0.001 0.1 2; do
  out=$(ABC_EXTRA="-abc_neb_images 7 -abc_candidate $cand" bash "$root/scripts/neb_check.sh" 2>&1)
  abc=$(echo "$out" | sed -n 's/.*saddle estimate \([0-9.e+-]*\) eV above the start.*/\1/p')
  neb=$(echo "$out" | sed -n 's/.*forward barrier \([0-9.e+-]*\) eV.*/\1/p')
  /usr/bin/python3 -c "import sys; a, n = float('${abc:-nan}'), float('${neb:-nan}'); sys.exit(0 if abs(a - n) <= 0.06 else 1)" 2> /dev/null
  check "candidate $cand: ABC first-escape barrier ${abc:-?} eV vs LAMMPS NEB ${neb:-?} eV (within 2W = 0.06 eV)" $?
done
exit $status
