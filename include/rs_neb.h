/* rs_neb.h: climbing-image nudged elastic band between two configurations of one task
   (frozen atom layout), to refine a saddle estimate (rs_neb.c). */
#ifndef RS_NEB_H
#define RS_NEB_H
#include "rs_minimize.h"

typedef struct {
  PetscInt  images;     /* interior images */
  PetscReal k;          /* spring constant (eV/A^2) */
  PetscReal ftol;       /* stop when the largest per-atom NEB force is below (eV/A) */
  PetscInt  maxIter;
  PetscReal dt;         /* quick-min time step (A/sqrt(eV), unit masses) */
  PetscReal dmax;       /* largest per-atom displacement of one step (A) */
  PetscInt  climbAfter; /* iterations before the highest image climbs */
} RsNEBConfig;

typedef struct {
  PetscReal  esaddle, ea, eb; /* eV: the climbing image and the two ends (potential + bias) */
  PetscReal  fmax;            /* eV/A: largest NEB force at the end */
  PetscInt   iterations, climber;
  PetscInt64 evaluations;
  PetscBool  converged;
} RsNEBResult;

/* Default NEB settings (7 images, k 1 eV/A^2, 1e-3 eV/A, climbing after 50 iterations). */
void RsNEBConfigDefault(RsNEBConfig *c);
/* CI-NEB from xa to xb (owned-atom positions, 2 n values each, in sys's frozen layout) on the
   potential plus bias (NULL = none); sys's positions are restored. Collective. */
PetscErrorCode RsNEB(RsSystem *sys, RsBias *bias, const PetscReal *xa, const PetscReal *xb, const RsNEBConfig *c, RsNEBResult *res);
#endif
