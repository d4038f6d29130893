/* rs_error.c: PETSc calls the handler once where an error is raised (PETSC_ERROR_INITIAL) and
   again at every PetscCall on the way up (PETSC_ERROR_REPEAT). We print only the first, as one
   line naming the problem; the source location is added for internal errors (anything that is
   not bad input), where it helps a bug report. Usage errors raised on a communicator are
   printed by its rank 0 only, so an MPI run shows one line, not one per rank. */
#include "rs_error.h"
#include <stdio.h>
#include <string.h>

int RsExitCode = RS_EXIT_OK;

static FILE        *errStream = NULL;   /* NULL = stderr */
static char         lastError[1024] = ""; /* the last error raised on this process */
static PetscOptions fileOpts  = NULL;   /* a file's private options being read (a potential), or NULL */
static char         fileName[512]  = "";   /* its name (long paths shortened) */

/* The value PETSc could not convert, from its own messages ("Input string V has no numeric
   value", "... has no integer value", "Unknown logical value: V"); NULL when mess is not one. */
static const char *BadValue(const char *mess, char *v, size_t len)
{
  const char *p = NULL, *e = NULL;
  if (!strncmp(mess, "Input string ", 13) && (e = strstr(mess, " has no "))) p = mess + 13;
  else if (!strncmp(mess, "Unknown logical value: ", 23)) p = mess + 23, e = p + strlen(p);
  if (!p || e <= p || (size_t)(e - p) >= len) return NULL;
  memcpy(v, p, (size_t)(e - p));
  v[e - p] = 0;
  return v;
}

/* The options whose value (or one element of whose comma list) is v, as "-a" or "-a, -b": PETSc's
   conversion errors quote the value but not the key. Writes "" when no option holds v; *n is the
   number of options that do (more than one: the caller cannot tell which failed). */
static void OptionsHolding(PetscOptions opts, const char *v, char *keys, size_t len, int *n)
{
  char *all = NULL, *save = NULL, name[256] = "";
  keys[0] = 0;
  *n      = 0;
  if (PetscOptionsGetAll(opts, &all) || !all) return;
  for (char *t = strtok_r(all, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
    if (t[0] == '-' && ((t[1] >= 'a' && t[1] <= 'z') || (t[1] >= 'A' && t[1] <= 'Z'))) {
      snprintf(name, sizeof name, "%s", t);
      continue;
    }
    for (char *q = t; name[0] && q;) { /* the value, or each element of a list */
      char  *c = strchr(q, ',');
      size_t k = c ? (size_t)(c - q) : strlen(q);
      if (k == strlen(v) && !strncmp(q, v, k)) {
        const size_t u = strlen(keys);
        snprintf(keys + u, len - u, "%s%s", *n ? ", " : "", name);
        (*n)++;
        name[0] = 0; /* count each option once */
      }
      q = c ? c + 1 : NULL;
    }
  }
  PetscFree(all);
}

static PetscErrorCode RsErrorHandler(MPI_Comm comm, int line, const char *fun, const char *file, PetscErrorCode n, PetscErrorType p, const char *mess, void *ctx)
{
  (void)ctx;
  if (p != PETSC_ERROR_INITIAL) return n;
  char v[128], key[256] = "", named[1280] = "";
  int  nkeys = 0;
  if (mess && BadValue(mess, v, sizeof v)) {
    if (fileOpts) OptionsHolding(fileOpts, v, key, sizeof key, &nkeys); /* a key of the file being read */
    if (nkeys == 1) snprintf(named, sizeof named, "file '%s': key '%s': '%s' is not a valid value (%s)", fileName, key + 1, v, mess);
    else if (nkeys > 1) snprintf(named, sizeof named, "file '%s': '%s' is not a valid value for one of the keys %s (%s)", fileName, v, key, mess);
    else {
      OptionsHolding(NULL, v, key, sizeof key, &nkeys);
      if (nkeys == 1) snprintf(named, sizeof named, "option %s: '%s' is not a valid value (%s)", key, v, mess);
      else if (nkeys > 1) snprintf(named, sizeof named, "'%s' is not a valid value for one of the options %s (%s)", v, key, mess);
    }
  }
  if (nkeys) mess = named;
  snprintf(lastError, sizeof lastError, "%s", mess && mess[0] ? mess : "unspecified error");
  PetscMPIInt rank = 0, size = 1;
  if (comm != MPI_COMM_NULL && comm != PETSC_COMM_SELF) {
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
  }
  if (rank != 0) return n;
  const PetscBool input = (n == PETSC_ERR_USER_INPUT || n == PETSC_ERR_FILE_OPEN || n == PETSC_ERR_FILE_READ || n == PETSC_ERR_FILE_WRITE || n == PETSC_ERR_FILE_UNEXPECTED || n == PETSC_ERR_ARG_OUTOFRANGE || n == PETSC_ERR_ARG_WRONG || n == RS_ERR_SCIENCE || key[0] || (n == PETSC_ERR_USER && mess && strstr(mess, "Available options"))) ? PETSC_TRUE : PETSC_FALSE;
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

void RsErrorSetOptionsFile(PetscOptions opts, const char *file)
{
  fileOpts = opts;
  snprintf(fileName, sizeof fileName, "%s", opts && file ? file : "");
}

const char *RsErrorLast(void)
{
  return lastError;
}

void RsErrorClearLast(void)
{
  lastError[0] = 0;
}
