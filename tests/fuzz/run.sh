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
#   - ASan + UBSan (-fno-sanitize-recover=undefined) + LeakSanitizer, all harnesses. libFuzzer
#     runs an LSan check after each input that allocated more than it freed, which names the input,
#     but only for the first 1000 such inputs of a process (then LSan checks once at exit).
#   - Sessions: each harness runs as fresh processes of at most FUZZ_SESSION_SECONDS (20) s on one
#     growing corpus. The PETSc error-path leaks suppressed below stay allocated (~70 kB per invalid
#     YAML input); in one long process they pass the 2 GB RSS limit within about a minute (LSan's
#     exit check needs as much again), and per-input leak checking would stop after 1000 inputs.
#   - Open MPI: singleton MPI_Init (inside PetscInitialize) leaves some one-off start-up
#     allocations unreferenced (libopen-pal/-rte, hwloc, pmix, dlopened mca_* components). The
#     PETSc harnesses call PetscInitialize between __lsan_disable() and __lsan_enable() in
#     LLVMFuzzerInitialize, so exactly those start-up allocations are ignored; no library-wide
#     MPI suppressions are needed.
#   - tests/fuzz/lsan.supp (passed via LSAN_OPTIONS=suppressions=): five PETSc 3.18 functions
#     whose own error paths leak what they allocated (PetscOptionsInsertStringYAML: the libyaml
#     parser/document on a YAML syntax error; PetscOptionsInsertFileYAML: the file buffer;
#     PetscOptionsGetEList: value/list copies for an unknown value; PetscTokenCreate: the token of a
#     list with a bad number; PetscOptionsBegin_Private: prefix/title when a PetscCall inside a
#     PetscOptionsBegin/End block returns early). Each is anchored to the function name and matches
#     only allocations made under that function, so leaks of memory rheosweep allocates or of PETSc
#     objects it creates are still reported (one was: RsPotentialLoad leaked its options object
#     and species names on every error path; fixed). -detect_leaks=0 (per-input checks off) is not
#     used for the config harness: LSan's exit check would still need these suppressions, it would
#     lose the input that leaked, and faster runs only pile up PETSc's leaks sooner (out of memory
#     after ~10 s); the config code is covered in a few hundred inputs anyway.
#   - The PETSc harnesses run with ASAN_OPTIONS=fast_unwind_on_malloc=0: libpetsc and libyaml have
#     no frame pointers, so only the slow unwinder sees the PETSc function named in lsan.supp. It
#     and the per-input leak checks (most inputs are rejected, and PETSc leaks a little on every
#     rejection) limit them to ~70 inputs/s; the data harness runs ~90000/s.
#   - Signals: the PETSc harnesses set -no_signal_handler before PetscInitialize and restore the
#     SIGABRT/SIGBUS/SIGFPE/SIGILL/SIGSEGV handlers afterwards (MPI_Init installs Open MPI's, which
#     kill the process before libFuzzer saves the input), and install an error handler that
#     prints nothing (rejected inputs are the normal case).
#   - OMPI_ALLOW_RUN_AS_ROOT(_CONFIRM)=1: CI runs as root and Open MPI refuses to start otherwise.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

TOTAL=${1:-30}
OUT=build-fuzz
CC=${FUZZ_CC:-clang}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 # CI runs as root

CSTD=(-std=c11 -D_POSIX_C_SOURCE=200809L)
SAN=(-g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
CPPFLAGS=(-Iinclude -I"$OUT" -DRS_SOURCE_DIR="\"$PWD\"")
# pkg-config adds -D_FORTIFY_SOURCE=2, whose checked libc calls bypass ASan's interceptors
read -r -a PKG_CFLAGS <<<"$(pkg-config --cflags PETSc hdf5-openmpi) -U_FORTIFY_SOURCE"
# link exactly what the Makefile links (its LDLIBS: pkg-config --libs PETSc hdf5-openmpi + extras)
LDLIBS=$(make -s --no-print-directory -f Makefile -f - rs-fuzz-ldlibs <<<'rs-fuzz-ldlibs: ; @echo $(LDLIBS)' 2>/dev/null)
[ -n "$LDLIBS" ] || LDLIBS="$(pkg-config --libs PETSc hdf5-openmpi) -lhdf5_hl -lm"
read -r -a PKG_LIBS <<<"$LDLIBS"

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
SESSION=${FUZZ_SESSION_SECONDS:-20}

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
    "tests/fuzz/fuzz_$name.c" "$OUT/librs.a" "${PKG_LIBS[@]}" -o "$bin" >"$log" 2>&1; then
    echo "not ok - fuzz $name: build failed (see $log)"
    sed 's/^/# /' "$log" | head -40
    fail=1
    continue
  fi
  corpus=$OUT/corpus/$name
  art=$OUT/artifacts/$name
  rm -rf "$corpus" && mkdir -p "$corpus" "$art"
  [ -d "tests/fuzz/corpus/$name" ] && cp tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null
  asan=detect_leaks=1
  # PETSc harnesses: full allocation stacks, so lsan.supp can name the PETSc function that leaked
  grep -q PetscInitialize "tests/fuzz/fuzz_$name.c" && asan=$asan:fast_unwind_on_malloc=0
  # Sessions of at most SESSION s, each a fresh process continuing on the same corpus (see top)
  : >"$log"
  left=$PER sessions=0 execs=0 rc=0
  t0=$(date +%s.%N)
  while [ "$left" -gt 0 ] && [ "$rc" -eq 0 ]; do
    t=$((left < SESSION ? left : SESSION))
    left=$((left - t)) sessions=$((sessions + 1))
    ASAN_OPTIONS=$asan${ASAN_OPTIONS:+:$ASAN_OPTIONS} \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      LSAN_OPTIONS=suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0 \
      RS_FUZZ_TMPDIR=$PWD/$OUT/tmp \
      timeout -k 10 $((t + 120)) "$bin" -max_total_time="$t" -max_len=4096 -timeout=20 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$art/" "$corpus" >>"$log" 2>&1
    rc=$?
  done
  secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  execs=$(awk '/^stat::number_of_executed_units:/ { n += $NF } END { print n + 0 }' "$log")
  if [ "$rc" -eq 0 ] && [ "$execs" -gt 0 ] && [ "$(grep -c '^Done [0-9]* runs' "$log")" -eq "$sessions" ]; then
    echo "ok - fuzz $name ($execs execs, $secs s)"
    continue
  fi
  fail=1
  # the most telling line: UBSan's message, else the sanitizer's or libFuzzer's SUMMARY
  reason=$(grep -m1 -E '^[^ ]+: runtime error: ' "$log")
  [ -n "$reason" ] || reason=$(grep -m1 '^SUMMARY: ' "$log" | sed 's/^SUMMARY: //')
  grep -q 'ERROR: LeakSanitizer' "$log" && reason="LeakSanitizer: ${reason#AddressSanitizer: }"
  inv=$(grep -m1 '^invariant violated: ' "$log") # a harness check (then __builtin_trap)
  [ -n "$inv" ] && reason=$inv
  reason=$(printf "%s" "${reason//$PWD\//}" | sed -E "s/ \(BuildId: [0-9a-f]+\)//g; s/ \([^ ]+\+0x[0-9a-f]+\)//g")
  [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && [ -z "$reason" ] && reason="hung (killed after $((t + 120)) s)"
  [ -n "$reason" ] || { [ "$rc" -gt 128 ] && reason="killed by signal $((rc - 128)), input not saved"; }
  [ -n "$reason" ] || reason="exit code $rc"
  unit=$(grep -m1 -oE 'Test unit written to .*' "$log" | sed 's/Test unit written to //')
  [ -z "$unit" ] && grep -q 'ERROR: LeakSanitizer' "$log" &&
    unit="found at exit; to find it: $bin -runs=0 $corpus"
  echo "not ok - fuzz $name: $reason${unit:+ (input: $unit)}"
  excerpt "$log"
done
exit "$fail"
