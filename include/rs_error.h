/* rs_error.h: how errors reach the user: one line "rheosweep: error: <what>" on stderr (plus
   PETSc's traceback only with -rs_traceback or for internal errors). */
#ifndef RS_ERROR_H
#define RS_ERROR_H
#include "rs_sys.h"

/* Installs the one-line error handler (call right after PetscInitialize). */
PetscErrorCode RsErrorInstall(void);
#endif
