#!/usr/bin/env bash
# Runs every test tier and ends with one line "N passed, N failed".
#   unit      cmocka binaries in BUILD/tests (TAP output)
#   mpi       tests/mpi/*.sh: the same work on 1, 2 and 4 ranks (mpirun --oversubscribe)
#   e2e       tests/e2e/*.sh: the whole binary on small inputs (bad input, commands)
#   validate  tests/validate/*.sh: agreement with LAMMPS on the same states
#   fuzz      libFuzzer on the config loader and the data reader (bounded, FUZZ_SECONDS)
# Each script prints TAP-style lines "ok - what" / "not ok - what"; this driver counts them.
# Usage: tests/run.sh [BUILD_DIR] [tier ...]
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=${1:-build}
shift || true
TIERS=${*:-unit mpi e2e validate fuzz}
export BUILD RS=$PWD/$BUILD/rheosweep
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
export CMOCKA_MESSAGE_OUTPUT=TAP
pass=0
fail=0
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

count() { # $1 = name, reads the output file $2, $3 = exit code
  local p f
  p=$(grep -cE '^ok ' "$2")
  f=$(grep -cE '^not ok ' "$2")
  if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "not ok - $1 exited with code $3"
    f=1
  fi
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
    echo "not ok - $1 ran no test"
    f=1
  fi
  pass=$((pass + p))
  fail=$((fail + f))
}

run() { # $1 = name, rest = command
  local name=$1 out=$log/out.txt rc
  shift
  "$@" >"$out" 2>&1
  rc=$?
  sed -e "s#^\(\(not \)\?ok\)\( [0-9]\+\)\? - #\1 - $name: #" "$out" | grep -E '^(not )?ok |^#' | grep -v '^# *$'
  grep -vE '^(not )?ok |^#|^1\.\.[0-9]+' "$out" | sed 's/^/    /' | head -40
  count "$name" "$out" $rc
}

for tier in $TIERS; do
  echo "# tier: $tier"
  case $tier in
    unit) for t in "$BUILD"/tests/test_*; do [ -x "$t" ] && run "unit/$(basename "$t")" "$t"; done ;;
    mpi | e2e | validate) for t in tests/$tier/*.sh; do run "$tier/$(basename "$t" .sh)" bash "$t"; done ;;
    fuzz) run fuzz bash tests/fuzz/run.sh "${FUZZ_SECONDS:-30}" ;;
    *) echo "unknown tier $tier" ; fail=$((fail + 1)) ;;
  esac
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
