/* rs_sys.h: what every rheosweep file includes: PETSc, compatibility shims and the one
   error-propagation convention (PetscCall / PetscCheck, RsCallHDF5 for HDF5). */
#ifndef RS_SYS_H
#define RS_SYS_H
#include <petscsys.h>

#if PETSC_VERSION_LT(3, 19, 0)
  #define PETSC_SUCCESS ((PetscErrorCode)0)
#endif

/* Error classes of rheosweep (mapped onto PETSc codes so PetscCall propagates them).
   RS_ERR_INPUT: bad user input (config, data file); RS_ERR_SCIENCE: a run that failed physically. */
#define RS_ERR_INPUT   PETSC_ERR_USER_INPUT
#define RS_ERR_FILE    PETSC_ERR_FILE_OPEN
#define RS_ERR_SCIENCE PETSC_ERR_NOT_CONVERGED

/* Exit codes of the program (DESIGN.md section 2). */
enum { RS_EXIT_OK = 0, RS_EXIT_USAGE = 1, RS_EXIT_FAILED_TASKS = 2, RS_EXIT_REQUEUE = 3 };

/* Exit code a command asks for when it ends without error (e.g. RS_EXIT_REQUEUE). */
extern int RsExitCode;

#define RS_MAX_TYPES 4
#define RS_PATH_MAX  4096
#endif
