#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS]: builds the libFuzzer harnesses tests/fuzz/fuzz_*.c with ASan and
# UBSan (every src/*.c except main.c instrumented, into build-fuzz/), then fuzzes each one for
# SECONDS / number-of-harnesses seconds (default 30 in total) starting from a scratch copy of
# tests/fuzz/corpus/<name>/ (the repository is never modified). Prints one TAP line per harness
# and exits non-zero on any build failure, crash, sanitizer report, leak or timeout; the input
# that failed is kept in build-fuzz/artifacts/<name>/ and the full log in build-fuzz/<name>.log.
# Reproduce one finding with: build-fuzz/fuzz_<name> build-fuzz/artifacts/<name>/crash-...
#
# Sanitizer settings (what was needed and why):
#   LeakSanitizer stays on for every harness, with NO suppressions (tests/fuzz/lsan.supp is not
#   needed): Open MPI, hwloc and PETSc allocate once in MPI_Init/PetscInitialize, but that memory
#   stays reachable from their globals, so LSan reports nothing at exit; none of the harnesses
#   leaks per input. __LSAN_SUPPRESSIONS__
#   ASan runs with detect_odr_violation=0 ... __ASAN_NOTE__
#   The PETSc harnesses set -no_signal_handler before PetscInitialize so that PETSc does not
#   replace the SIGSEGV/SIGFPE handlers of ASan and libFuzzer.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

TOTAL=${1:-30}
OUT=build-fuzz
CC=${FUZZ_CC:-clang}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 # CI runs as root

CSTD=(-std=c11 -D_POSIX_C_SOURCE=200809L)
SAN=(-g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
CPPFLAGS=(-Iinclude -I"$OUT" -DRS_SOURCE_DIR="\"$PWD\"")
read -r -a PKG_CFLAGS <<<"$(pkg-config --cflags PETSc hdf5-openmpi)"
read -r -a PKG_LIBS <<<"$(pkg-config --libs PETSc hdf5-openmpi)"

shopt -s nullglob
HARNESS=()
for f in tests/fuzz/fuzz_*.c; do
  n=${f#tests/fuzz/fuzz_}
  HARNESS+=("${n%.c}")
done
N=${#HARNESS[@]}
if [ "$N" -eq 0 ]; then
  echo "1..0 # no harnesses in tests/fuzz/"
  exit 1
fi
PER=$((TOTAL / N))
[ "$PER" -ge 1 ] || PER=1

echo "1..$N"
# Prints the lines of a log worth reading in CI (as TAP comments).
excerpt() { grep -m1 -A30 -E '^==[0-9]+==(ERROR|WARNING)|runtime error:|ERROR: libFuzzer' "$1" | sed 's/^/# /'; }

# --- build ---------------------------------------------------------------------------------------
mkdir -p "$OUT/obj" "$OUT/tmp" || exit 1
bash scripts/buildinfo.sh "$CC ${CSTD[*]} ${SAN[*]} -fsanitize=fuzzer-no-link,address,undefined" >"$OUT/rs_buildinfo.h.tmp"
if cmp -s "$OUT/rs_buildinfo.h.tmp" "$OUT/rs_buildinfo.h"; then rm -f "$OUT/rs_buildinfo.h.tmp"; else mv "$OUT/rs_buildinfo.h.tmp" "$OUT/rs_buildinfo.h"; fi
libok=1
objs=()
for src in src/*.c; do
  [ "$src" = src/main.c ] && continue
  obj=$OUT/obj/$(basename "${src%.c}").o
  objs+=("$obj")
  if ! "$CC" "${CSTD[@]}" "${SAN[@]}" -fsanitize=fuzzer-no-link,address,undefined "${CPPFLAGS[@]}" "${PKG_CFLAGS[@]}" \
    -c "$src" -o "$obj" >"$OUT/build.log" 2>&1; then
    libok=0
    failed=$src
    break
  fi
done
if [ "$libok" = 1 ]; then
  rm -f "$OUT/librs.a"
  ar rcs "$OUT/librs.a" "${objs[@]}" >"$OUT/build.log" 2>&1 || { libok=0; failed=librs.a; }
fi
if [ "$libok" = 0 ]; then
  for name in "${HARNESS[@]}"; do echo "not ok - fuzz $name: build of $failed failed (see $OUT/build.log)"; done
  sed 's/^/# /' "$OUT/build.log" | head -40
  exit 1
fi

# --- fuzz ----------------------------------------------------------------------------------------
fail=0
for name in "${HARNESS[@]}"; do
  bin=$OUT/fuzz_$name
  log=$OUT/$name.log
  if ! "$CC" "${CSTD[@]}" "${SAN[@]}" -fsanitize=fuzzer,address,undefined "${CPPFLAGS[@]}" "${PKG_CFLAGS[@]}" \
    "tests/fuzz/fuzz_$name.c" "$OUT/librs.a" "${PKG_LIBS[@]}" -lm -o "$bin" >"$log" 2>&1; then
    echo "not ok - fuzz $name: build failed (see $log)"
    sed 's/^/# /' "$log" | head -40
    fail=1
    continue
  fi
  corpus=$OUT/corpus/$name
  art=$OUT/artifacts/$name
  rm -rf "$corpus" && mkdir -p "$corpus" "$art"
  [ -d "tests/fuzz/corpus/$name" ] && cp tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null
  extra=()
  t0=$(date +%s.%N)
  ASAN_OPTIONS=${ASAN_OPTIONS:-} \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS=suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0 \
    RS_FUZZ_TMPDIR=$PWD/$OUT/tmp \
    timeout -k 10 $((PER + 120)) "$bin" -max_total_time="$PER" -max_len=4096 -timeout=20 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$art/" "${extra[@]}" "$corpus" >"$log" 2>&1
  rc=$?
  secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  execs=$(awk '/stat::number_of_executed_units:/ { print $NF }' "$log" | tail -1)
  if [ "$rc" -eq 0 ] && [ -n "$execs" ] && [ "$execs" -gt 0 ] && grep -q '^Done [0-9]* runs' "$log"; then
    echo "ok - fuzz $name ($execs execs, $secs s)"
    continue
  fi
  fail=1
  reason=$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer): [^(]*|runtime error: .*' "$log" | sed 's/^ERROR: //; s/ *$//')
  [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && [ -z "$reason" ] && reason="hung (killed after $((PER + 120)) s)"
  [ -n "$reason" ] || reason="exit code $rc"
  unit=$(grep -m1 -oE 'Test unit written to .*' "$log" | sed 's/Test unit written to //')
  echo "not ok - fuzz $name: $reason${unit:+ (input: $unit)}"
  excerpt "$log"
done
exit "$fail"
