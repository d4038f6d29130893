/* rs_minimize.h: energy minimisation of a task's atoms at fixed box with PETSc TAO (LMVM by
   default, any TAO method through -min_tao_type), atom ownership frozen for the minimisation. */
#ifndef RS_MINIMIZE_H
#define RS_MINIMIZE_H
#include "rs_system.h"

typedef struct {
  PetscReal fmaxTol;  /* eV/A: stop when the largest atomic force is below */
  PetscInt  maxIter;  /* iteration cap */
} RsMinConfig;

typedef struct {
  PetscReal  e0, e;       /* eV: energy before and after */
  PetscReal  fmax, fnorm; /* eV/A: largest atomic force and 2-norm of all forces at the end */
  PetscInt   iterations;
  PetscInt64 evaluations; /* energy/force evaluations */
  PetscBool  converged;
} RsMinResult;

/* Minimises the energy of sys (positions only) from its current state. Collective. */
PetscErrorCode RsMinimize(RsSystem *sys, const RsMinConfig *mc, RsMinResult *res);
#endif
