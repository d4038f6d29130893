/* rs_error.h: how errors reach the user: one line "rheosweep: error: <what>" on stderr (plus
   PETSc's traceback only with -rs_traceback or for internal errors). */
#ifndef RS_ERROR_H
#define RS_ERROR_H
#include "rs_sys.h"
#include <stdio.h>

/* Installs the one-line error handler (call right after PetscInitialize). */
PetscErrorCode RsErrorInstall(void);
/* Sends error lines to fp (a task's log) instead of stderr; NULL restores stderr. */
void RsErrorSetStream(FILE *fp);
/* While a file's private options object is read (a potential file), bad values in it are named
   by file and key; NULL clears it. */
void RsErrorSetOptionsFile(PetscOptions opts, const char *file);
/* The message of the last error raised on this process ("" when none since the last clear). */
const char *RsErrorLast(void);
/* Forgets the last error (before running a task). */
void RsErrorClearLast(void);
#endif
