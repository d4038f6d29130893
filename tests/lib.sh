# tests/lib.sh: sourced by the test scripts. Sets `here` (the calling script's folder), `RS`
# (the binary under test), moves into a scratch folder removed on exit, and offers make_states.
set -u
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
here=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
RS=${RS:-$here/../../build/rheosweep}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# make_states N SEED: LAMMPS makes glass.data, tilted.data and sheared.data here
# (tests/validate/states.lmp), independently of rheosweep; a failure is a failed test.
make_states() {
  lmp -in "$here/../validate/states.lmp" -var N "$1" -var seed "$2" -var out . -log none -screen none || { echo "not ok - LAMMPS could not make the states (N $1, seed $2)"; exit 1; }
}

# check DESCRIPTION STATUS: prints "ok - ..." when STATUS is 0, else "not ok - ..." and sets status=1.
status=0
check() { if [ "$2" = 0 ]; then echo "ok - $1"; else echo "not ok - $1"; status=1; fi; }
