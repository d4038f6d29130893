/* rs_tg.h: glass transition temperature from a quench curve (energy or area per atom versus T):
   straight lines fitted to the liquid and glass branches, Tg at their intersection, with the
   uncertainty propagated from both fits. */
#ifndef RS_TG_H
#define RS_TG_H
#include "rs_sys.h"

typedef struct {
  PetscReal tg, tgErr;           /* K */
  PetscReal glass[2], liquid[2]; /* intercept, slope of each branch */
  PetscInt  nglass, nliquid;     /* points used */
} RsTgFit;

/* Fits y(T) on [glassLo, glassHi] and [liquidLo, liquidHi] (K) and intersects the lines.
   Error (RS_ERR_INPUT) if a range holds fewer than 3 points or the lines are parallel. */
PetscErrorCode RsTgCompute(PetscInt n, const PetscReal *T, const PetscReal *y, const PetscReal glassRange[2], const PetscReal liquidRange[2], RsTgFit *fit);
#endif
