/* fuzz_config.c: libFuzzer harness for the run-configuration loader. Each input is taken as a
   YAML text and fed through the whole loading path (RsConfigLoadYAMLString: clear the options
   database, insert the YAML, read every module, refuse unknown keys). Rejections are expected
   and silent; only crashes, sanitizer reports and leaks count.

   PETSc (and MPI) are initialised once, leaving the signal handlers to ASan and libFuzzer and
   ignoring MPI's start-up allocations in leak reports, with an error handler that prints
   nothing. */
#include "rs_config.h"
#include <sanitizer/lsan_interface.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static PetscErrorCode SilentErrorHandler(MPI_Comm comm, int line, const char *fun, const char *file, PetscErrorCode n, PetscErrorType p, const char *mess, void *ctx)
{
  (void)comm, (void)line, (void)fun, (void)file, (void)p, (void)mess, (void)ctx;
  return n;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc, (void)argv;
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  RsConfig cfg;
  char    *text = malloc(size + 1);
  if (!text) return 0;
  memcpy(text, data, size);
  text[size] = 0;
  (void)RsConfigLoadYAMLString(PETSC_COMM_SELF, text, &cfg);
  free(text);
  return 0;
}
