/* fuzz_potential.c: libFuzzer harness for the pair-potential loader. RsPotentialLoad reads a
   file, so each input is written to one scratch file (in $RS_FUZZ_TMPDIR, else $TMPDIR or /tmp)
   and loaded from there. Rejections are expected and silent; only crashes, sanitizer reports
   and leaks count. A loaded potential must satisfy the documented invariants (species named
   and distinct, masses positive, every pair set, symmetric, rcut > sigma); a violation traps.

   PETSc (and MPI) are initialised once, leaving the signal handlers to ASan and libFuzzer and
   ignoring MPI's start-up allocations in leak reports, with an error handler that prints
   nothing. */
#include "rs_potential.h"
#include <math.h>
#include <sanitizer/lsan_interface.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[4096];

static PetscErrorCode SilentErrorHandler(MPI_Comm comm, int line, const char *fun, const char *file, PetscErrorCode n, PetscErrorType p, const char *mess, void *ctx)
{
  (void)comm, (void)line, (void)fun, (void)file, (void)p, (void)mess, (void)ctx;
  return n;
}

static void RemoveScratch(void) { unlink(path); }

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc, (void)argv;
  const char *dir = getenv("RS_FUZZ_TMPDIR");
  if (!dir || !dir[0]) dir = getenv("TMPDIR");
  if (!dir || !dir[0]) dir = "/tmp";
  snprintf(path, sizeof path, "%s/rs_fuzz_potential_XXXXXX", dir);
  int fd = mkstemp(path);
  if (fd < 0) abort();
  close(fd);
  atexit(RemoveScratch);
  /* MPI_Init (inside PetscInitialize) installs Open MPI's SIGABRT/SIGBUS/SIGFPE/SIGSEGV handlers,
     which print a backtrace and kill the process before libFuzzer can save the input: keep the
     handlers of ASan/libFuzzer (and keep PETSc's out with -no_signal_handler). */
  static const int sigs[] = {SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGSEGV};
  struct sigaction saved[sizeof sigs / sizeof sigs[0]];
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
    if (sigaction(sigs[i], NULL, &saved[i])) abort();
  if (PetscOptionsSetValue(NULL, "-no_signal_handler", NULL)) abort();
  /* Open MPI (singleton MPI_Init) keeps some one-off allocations of its start-up unreferenced;
     they are not per-input leaks, so LSan ignores what is allocated here. */
  __lsan_disable();
  if (PetscInitialize(NULL, NULL, NULL, NULL)) abort();
  __lsan_enable();
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
    if (sigaction(sigs[i], &saved[i], NULL)) abort();
  if (PetscPushErrorHandler(SilentErrorHandler, NULL)) abort();
  return 0;
}

/* A violated invariant is named on stderr (run.sh reports that line), then traps. */
static void __attribute__((noinline, noreturn)) Violated(const char *what, int line)
{
  fprintf(stderr, "invariant violated: %s (%s:%d)\n", what, __FILE__, line);
  __builtin_trap();
}
#define Check(ok) \
  do { \
    if (!(ok)) Violated(#ok, __LINE__); \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static RsPotential pot; /* large (file name buffer): keep it off the stack */
  FILE              *fp = fopen(path, "wb");
  if (!fp) abort();
  if (size && fwrite(data, 1, size, fp) != size) abort();
  if (fclose(fp)) abort();
  if (RsPotentialLoad(PETSC_COMM_SELF, path, &pot)) return 0;
  Check(pot.ntypes >= 1 && pot.ntypes <= RS_MAX_TYPES);
  Check(pot.form == RS_PAIR_LJ_SMOOTH_LINEAR || pot.form == RS_PAIR_KMT84);
  Check(memchr(pot.name, 0, sizeof pot.name) != NULL);
  for (PetscInt i = 0; i < pot.ntypes; i++) {
    Check(pot.species[i][0] != 0 && memchr(pot.species[i], 0, sizeof pot.species[i]) != NULL);
    Check(RsPotentialFindSpecies(&pot, pot.species[i]) == i);
    Check(isfinite(pot.mass[i]) && pot.mass[i] > 0);
    for (PetscInt j = 0; j < pot.ntypes; j++) {
      const PetscInt t = i * RS_MAX_TYPES + j, u = j * RS_MAX_TYPES + i;
      Check(pot.epsilon[i][j] > 0 && pot.sigma[i][j] > 0 && pot.rcut[i][j] > pot.sigma[i][j]);
      Check(pot.epsilon[i][j] == pot.epsilon[j][i] && pot.sigma[i][j] == pot.sigma[j][i] && pot.rcut[i][j] == pot.rcut[j][i]);
      Check(pot.rc[t] == pot.rcut[i][j] && pot.cutsq[t] == pot.cutsq[u] && pot.rcut[i][j] <= pot.cutmax);
    }
  }
  return 0;
}
