#!/usr/bin/env bash
# Measurement (not a CI test): the ABC saddle estimate of the first escape against a LAMMPS NEB
# between the same two minima. A 300-atom LAMMPS glass (states.lmp, minimised by LAMMPS), one ABC
# strain step with a negligible increment (1e-9) and an infinite Metropolis temperature; the
# penalty cap is raised until exactly one new minimum has been found (runs are deterministic, so
# a capped run is a prefix of the uncapped one); then NEB with IMAGES replicas (climbing image).
# usage: scripts/neb_check.sh [images] [Q0] [W] [seed]
IMAGES=${1:-8}; Q0=${2:-0.3}; W=${3:-0.03}; SEED=${4:-31}
set --  # lib.sh reads $1 as the build directory
. "$(dirname "$0")/lib.sh"
cd "$tmp"
lmp -in "$OLDPWD/tests/validate/states.lmp" -var N 300 -var seed "$SEED" -var out . -log none -screen none
lmp -in "$OLDPWD/tests/validate/aqs.lmp" -var data glass.data -var nsteps 0 -var dgamma 1e-4 -var ftol 1e-10 -log none -screen none || true
for P in $(seq 10 10 1500); do
  "$RS" quasistatic -in glass.data.min.data ${ABC_EXTRA:-} -qs_method abc -qs_dgamma 1e-9 -qs_strain 1e-9 -abc_q0 "$Q0" -abc_w "$W" -abc_temperature 1e9 -abc_max_penalties "$P" -min_fmax 1e-8 -abc_fmax 1e-6 -qs_record c.csv -out first.data > /dev/null
  nm=$(tail -1 c.csv | cut -d, -f7)
  [ "$nm" != "0" ] && break
done
[ "$nm" = "1" ] || { echo "no single first minimum found (new minima: $nm)"; exit 1; }
python3 - <<'PY'
lines = open("first.data").read().split("\n")
i = lines.index("Atoms # atomic")
rows = [r for r in (l.split() for l in lines[i + 2:]) if len(r) >= 5 and r[0].isdigit()]
with open("first.neb", "w") as f:
    f.write("%d\n" % len(rows))
    f.writelines("%s %s %s 0\n" % (r[0], r[2], r[3]) for r in rows)
PY
mpirun --oversubscribe -np "$IMAGES" lmp -partition "${IMAGES}x1" -in "$OLDPWD/scripts/neb.lmp" -var data glass.data.min.data -var final first.neb -log neb.log -screen none
python3 - "$P" "$IMAGES" <<'PY'
import csv, sys
r = list(csv.DictReader(open("c.csv")))[-1]
last = open("neb.log").read().strip().split("\n")[-1].split()
ebf, rdt, fmax = float(last[6]), float(last[8]), float(last[1])
pe = [float(v) for v in last[10::2]]
print("ABC (cap %s penalties): first new minimum dE %.4f eV, saddle estimate %.4f eV above the start" % (sys.argv[1], float(r["e_chosen_eV"]) - float(r["e_start_eV"]), float(r["path_saddle_eV"])))
print("NEB (%s images): forward barrier %.4f eV, path length %.1f A, max replica force %.2g eV/A" % (sys.argv[2], ebf, rdt, fmax))
print("NEB image energies relative to the start (eV): " + " ".join("%.4f" % (e - pe[0]) for e in pe))
PY
