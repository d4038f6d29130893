/* rs_min_impl.h (private to the minimisers): the evaluation context every method works through
   (biased energy and forces of the frozen owned atoms, global reductions) and the methods. */
#ifndef RS_MIN_IMPL_H
#define RS_MIN_IMPL_H
#include "rs_minimize.h"
#include "rs_vec.h"

typedef struct {
  RsSystem          *sys;
  const RsMinConfig *mc;
  RsBias            *bias;
  PetscBool          checkDrift; /* stop with RS_MIN_DRIFT when atoms left their subdomains */
  PetscInt           iter;       /* iterations done (all rounds) */
  PetscInt64         evals;      /* evaluations done (all rounds) */
  PetscReal          e, ebias;   /* eV: energy (potential + bias) and bias part, last evaluation */
  PetscReal          fmax;       /* eV/A: largest atomic force, last evaluation */
} RsMinEval;

/* Evaluates energy and forces (potential + bias) at sys->p.x. Error on a non-finite energy. */
PetscErrorCode RsMinEvaluate(RsMinEval *ev);
/* Local partial sums a method wants summed in an evaluation's reduction: from the new forces f
   it writes *n values to v. */
typedef void (*RsMinLocalSums)(void *ctx, const PetscReal *f, PetscInt *n, PetscReal *v);
/* RsMinEvaluate that also returns the slope -F . d along an owned-atom vector d and, with sums,
   the task-wide values of sums(ctx) (in v[1..], v[0] is scratch), all from the same reduction as
   the energy and the largest force. */
PetscErrorCode RsMinEvaluateAlong(RsMinEval *ev, const PetscReal *d, PetscReal *dphi, RsMinLocalSums sums, void *ctx, PetscReal *v);
/* Tells the bias (if any) that the last evaluation is an accepted iterate. */
PetscErrorCode RsMinAccept(RsMinEval *ev);
/* Global dot product of two owned-atom vectors (2 n each). */
PetscErrorCode RsMinDot(RsMinEval *ev, const PetscReal *a, const PetscReal *b, PetscReal *r);
/* Largest per-atom norm of an owned-atom vector over the task. */
PetscErrorCode RsMinMaxAtomNorm(RsMinEval *ev, const PetscReal *a, PetscReal *r);
/* Common end-of-iteration test: convergence, caps, drift; *stop set and *done true to stop. */
PetscErrorCode RsMinCheck(RsMinEval *ev, PetscReal eprev, PetscBool *done, RsMinStop *stop);

/* The methods: run from the current (already evaluated) state until *stop. */
PetscErrorCode RsMinLine(RsMinEval *ev, RsMinStop *stop);  /* L-BFGS, CG, SD */
PetscErrorCode RsMinFire(RsMinEval *ev, RsMinStop *stop);  /* FIRE 2.0 */
PetscErrorCode RsMinTao(RsMinEval *ev, RsMinStop *stop);   /* PETSc TAO */
#endif
