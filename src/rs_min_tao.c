/* rs_min_tao.c: minimisation through PETSc TAO (LMVM, BNCG, ... by -min_tao_type): the owned
   positions as a parallel Vec of local size 2 n on the task's communicator, the objective the
   biased energy, the gradient minus the forces. The stopping rules of the driver are applied in
   the TAO monitor (per-atom max force, etol, caps, drift). TAO's own line searches are energy
   based and stall where energy differences reach round-off (near 1e-7 eV/A on 5000 atoms). */
#include "rs_min_impl.h"
#include <petsctao.h>

typedef struct {
  RsMinEval *ev;
  RsMinStop  stop;
  PetscReal  eprev;
} Ctx;

static PetscErrorCode FormFunctionGradient(Tao tao, Vec X, PetscReal *f, Vec G, void *ptr)
{
  RsMinEval         *ev  = ((Ctx *)ptr)->ev;
  RsParticles       *p   = &ev->sys->p;
  const PetscScalar *x;
  PetscScalar       *g;
  PetscFunctionBeginUser;
  PetscCall(VecGetArrayRead(X, &x));
  for (PetscInt k = 0; k < 2 * p->n; k++) p->x[k] = x[k];
  PetscCall(VecRestoreArrayRead(X, &x));
  PetscCall(RsMinEvaluate(ev));
  *f = ev->e;
  PetscCall(VecGetArray(G, &g));
  for (PetscInt k = 0; k < 2 * p->n; k++) g[k] = -p->f[k];
  PetscCall(VecRestoreArray(G, &g));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Applies the driver's stopping rules to the current iterate (forces of the last evaluation
   are re-evaluated at the iterate, since the line search may have probed elsewhere). */
static PetscErrorCode Monitor(Tao tao, void *ptr)
{
  Ctx      *ctx = (Ctx *)ptr;
  PetscInt  it;
  PetscBool done;
  Vec       X;
  PetscReal f;
  PetscFunctionBeginUser;
  PetscCall(TaoGetIterationNumber(tao, &it));
  PetscCall(TaoGetSolution(tao, &X));
  PetscCall(TaoGetSolutionStatus(tao, NULL, &f, NULL, NULL, NULL, NULL));
  ctx->ev->iter += it > 0 ? 1 : 0;
  {
    const PetscScalar *x;
    RsParticles       *p = &ctx->ev->sys->p;
    PetscBool          same = PETSC_TRUE;
    PetscCall(VecGetArrayRead(X, &x));
    for (PetscInt k = 0; k < 2 * p->n; k++) same &= p->x[k] == x[k];
    PetscCall(VecRestoreArrayRead(X, &x));
    PetscCall(MPIU_Allreduce(MPI_IN_PLACE, &same, 1, MPIU_BOOL, MPI_LAND, ctx->ev->sys->dom.comm));
    if (!same) {
      PetscCall(VecGetArrayRead(X, &x));
      for (PetscInt k = 0; k < 2 * p->n; k++) p->x[k] = x[k];
      PetscCall(VecRestoreArrayRead(X, &x));
      PetscCall(RsMinEvaluate(ctx->ev));
    }
  }
  PetscCall(RsMinAccept(ctx->ev));
  PetscCall(RsMinCheck(ctx->ev, it > 0 ? ctx->eprev : PETSC_INFINITY, &done, &ctx->stop));
  ctx->eprev = f;
  if (done) PetscCall(TaoSetConvergedReason(tao, TAO_CONVERGED_USER));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsMinTao(RsMinEval *ev, RsMinStop *stop)
{
  RsSystem          *sys = ev->sys;
  Ctx                ctx = {ev, RS_MIN_STALLED, ev->e};
  Tao                tao;
  Vec                X;
  PetscScalar       *x;
  TaoConvergedReason reason;
  PetscFunctionBegin;
  PetscCall(VecCreateMPI(sys->dom.comm, 2 * sys->p.n, PETSC_DETERMINE, &X));
  PetscCall(VecGetArray(X, &x));
  for (PetscInt k = 0; k < 2 * sys->p.n; k++) x[k] = sys->p.x[k];
  PetscCall(VecRestoreArray(X, &x));
  PetscCall(TaoCreate(sys->dom.comm, &tao));
  PetscCall(TaoSetType(tao, TAOLMVM));
  PetscCall(TaoSetOptionsPrefix(tao, "min_"));
  PetscCall(TaoSetSolution(tao, X));
  PetscCall(TaoSetObjectiveAndGradient(tao, NULL, FormFunctionGradient, &ctx));
  PetscCall(TaoSetTolerances(tao, 0.0, 0.0, 0.0));
  PetscCall(TaoSetMaximumIterations(tao, ev->mc->maxIter - ev->iter));
  PetscCall(TaoSetMaximumFunctionEvaluations(tao, (PetscInt)PetscMin(ev->mc->maxEvals, PETSC_MAX_INT)));
  PetscCall(TaoSetMonitor(tao, (PetscErrorCode(*)(Tao, void *))Monitor, &ctx, NULL));
  PetscCall(TaoSetFromOptions(tao));
  PetscCall(TaoSolve(tao));
  PetscCall(TaoGetConvergedReason(tao, &reason));
  *stop = reason == TAO_CONVERGED_USER ? ctx.stop : RS_MIN_STALLED;
  if (*stop == RS_MIN_STALLED) { /* TAO may have ended on a line-search probe: back to its iterate */
    PetscCall(VecGetArray(X, &x));
    for (PetscInt k = 0; k < 2 * sys->p.n; k++) sys->p.x[k] = x[k];
    PetscCall(VecRestoreArray(X, &x));
    PetscCall(RsMinEvaluate(ev));
  }
  PetscCall(TaoDestroy(&tao));
  PetscCall(VecDestroy(&X));
  PetscFunctionReturn(PETSC_SUCCESS);
}
