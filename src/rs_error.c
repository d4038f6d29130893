/* rs_error.c: PETSc calls the handler once where an error is raised (PETSC_ERROR_INITIAL) and
   again at every PetscCall on the way up (PETSC_ERROR_REPEAT). We print only the first, as one
   line naming the problem; the source location is added for internal errors (anything that is
   not bad input), where it helps a bug report. Usage errors raised on a communicator are
   printed by its rank 0 only, so an MPI run shows one line, not one per rank. */
#include "rs_error.h"
#include <stdio.h>

int RsExitCode = RS_EXIT_OK;

static FILE *errStream = NULL;   /* NULL = stderr */
static char  lastError[512] = ""; /* the last error raised on this process */

static PetscErrorCode RsErrorHandler(MPI_Comm comm, int line, const char *fun, const char *file, PetscErrorCode n, PetscErrorType p, const char *mess, void *ctx)
{
  (void)ctx;
  if (p != PETSC_ERROR_INITIAL) return n;
  snprintf(lastError, sizeof lastError, "%s", mess && mess[0] ? mess : "unspecified error");
  PetscMPIInt rank = 0, size = 1;
  if (comm != MPI_COMM_NULL && comm != PETSC_COMM_SELF) {
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
  }
  if (rank != 0) return n;
  const PetscBool input = (n == PETSC_ERR_USER_INPUT || n == PETSC_ERR_FILE_OPEN || n == PETSC_ERR_FILE_READ || n == PETSC_ERR_FILE_WRITE || n == PETSC_ERR_FILE_UNEXPECTED || n == PETSC_ERR_ARG_OUTOFRANGE || n == PETSC_ERR_ARG_WRONG || n == RS_ERR_SCIENCE) ? PETSC_TRUE : PETSC_FALSE;
  FILE *out = errStream ? errStream : stderr;
  if (input) fprintf(out, "rheosweep: error: %s\n", mess && mess[0] ? mess : "unspecified");
  else fprintf(out, "rheosweep: error: %s (internal: %s() at %s:%d, code %d)\n", mess && mess[0] ? mess : "unspecified", fun, file, line, (int)n);
  fflush(out);
  return n;
}

PetscErrorCode RsErrorInstall(void)
{
  PetscFunctionBegin;
  PetscCall(PetscPushErrorHandler(RsErrorHandler, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

void RsErrorSetStream(FILE *fp)
{
  errStream = fp;
}

const char *RsErrorLast(void)
{
  return lastError;
}

void RsErrorClearLast(void)
{
  lastError[0] = 0;
}
