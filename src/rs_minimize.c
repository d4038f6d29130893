/* rs_minimize.c: minimisation through PETSc TAO.

   The unknowns are the owned atoms' positions, a parallel Vec of local size 2 n on the task's
   communicator; the objective is the total energy and the gradient minus the forces. During a
   minimisation the atom set of every rank and the atom order are frozen (RsSystem.frozen):
   neighbour rebuilds only refresh ghosts and lists, so the Vec layout stays valid. Ghosts reach
   partners of an atom that left its subdomain by up to the skin; past half the skin the solve
   is stopped, the atoms re-partitioned and TAO restarted (rounds). Atoms are wrapped and
   migrated again by the next evaluation afterwards. Convergence: the largest atomic
   force below fmaxTol (checked in the monitor, so the criterion is per atom, not TAO's 2-norm),
   or the iteration cap. TAO options take the prefix min_ (-min_tao_type bncg, ...). */
#include "rs_minimize.h"
#include <petsctao.h>

typedef struct {
  RsSystem  *sys;
  PetscInt64 evals;
  PetscReal  fmaxTol;
  PetscReal  fmax;
  PetscBool  drifted; /* an atom left its subdomain by more than half the skin: re-partition */
} Ctx;

/* Largest distance (A, perpendicular) by which an owned atom has left its subdomain. */
static PetscErrorCode MaxDrift(RsSystem *sys, PetscReal *drift)
{
  PetscReal w[2], d = 0;
  PetscFunctionBegin;
  RsBoxWidths(&sys->box, w);
  for (PetscInt i = 0; i < sys->p.n; i++) {
    PetscReal s[2];
    RsBoxToFrac(&sys->box, &sys->p.x[2 * i], s);
    for (int k = 0; k < 2; k++) {
      if (sys->dom.dims[k] == 1) continue; /* one rank along k: periodic images cover any drift */
      d = PetscMax(d, (sys->dom.lo[k] - s[k]) * w[k]);
      d = PetscMax(d, (s[k] - sys->dom.hi[k]) * w[k]);
    }
  }
  PetscCall(RsDomainMax(&sys->dom, 1, &d));
  *drift = d;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Largest atomic force over the task. */
static PetscErrorCode MaxForce(RsSystem *sys, PetscReal *fmax)
{
  PetscReal m = 0;
  PetscFunctionBegin;
  for (PetscInt i = 0; i < sys->p.n; i++) m = PetscMax(m, sys->p.f[2 * i] * sys->p.f[2 * i] + sys->p.f[2 * i + 1] * sys->p.f[2 * i + 1]);
  PetscCall(RsDomainMax(&sys->dom, 1, &m));
  *fmax = PetscSqrtReal(m);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode FormFunctionGradient(Tao tao, Vec X, PetscReal *f, Vec G, void *ptr)
{
  Ctx               *ctx = (Ctx *)ptr;
  RsSystem          *sys = ctx->sys;
  const PetscScalar *x;
  PetscScalar       *g;
  PetscFunctionBeginUser;
  PetscCall(VecGetArrayRead(X, &x));
  for (PetscInt k = 0; k < 2 * sys->p.n; k++) sys->p.x[k] = x[k];
  PetscCall(VecRestoreArrayRead(X, &x));
  PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY | RS_FORCE_VIRIAL));
  ctx->evals++;
  *f = sys->last.energy;
  PetscCheck(!PetscIsInfOrNanReal(*f), sys->dom.comm, RS_ERR_SCIENCE, "non-finite energy during minimisation (overlapping atoms?)");
  PetscCall(VecGetArray(G, &g));
  for (PetscInt k = 0; k < 2 * sys->p.n; k++) g[k] = -sys->p.f[k];
  PetscCall(VecRestoreArray(G, &g));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Stops TAO when the largest atomic force of the current iterate is below the tolerance. */
static PetscErrorCode Monitor(Tao tao, void *ptr)
{
  Ctx      *ctx   = (Ctx *)ptr;
  PetscReal drift = 0;
  PetscFunctionBeginUser;
  PetscCall(MaxForce(ctx->sys, &ctx->fmax));
  PetscCall(MaxDrift(ctx->sys, &drift));
  ctx->drifted = drift > 0.5 * ctx->sys->neigh.skin ? PETSC_TRUE : PETSC_FALSE;
  if (ctx->fmax < ctx->fmaxTol || ctx->drifted) PetscCall(TaoSetConvergedReason(tao, TAO_CONVERGED_USER));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsMinimize(RsSystem *sys, const RsMinConfig *mc, RsMinResult *res)
{
  Ctx ctx = {sys, 0, mc->fmaxTol, 0, PETSC_FALSE};
  PetscFunctionBegin;
  PetscCall(PetscMemzero(res, sizeof *res));
  PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY | RS_FORCE_VIRIAL));
  res->e0 = sys->last.energy;
  /* TAO works on a fixed layout; when atoms drift out of their subdomains (more than half the
     skin, beyond which ghosts would miss partners) the solve stops, atoms are re-partitioned
     and TAO restarts from the current positions (losing only its quasi-Newton history) */
  for (PetscInt round = 0; round < 1000 && res->iterations < mc->maxIter; round++) {
    Tao                tao;
    Vec                X;
    PetscScalar       *x;
    PetscInt           it;
    sys->forceRebuild = PETSC_TRUE; /* wrap, migrate and sort before freezing */
    PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY | RS_FORCE_VIRIAL));
    sys->frozen = PETSC_TRUE;
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
    PetscCall(TaoSetMaximumIterations(tao, mc->maxIter - res->iterations));
    PetscCall(TaoSetMaximumFunctionEvaluations(tao, 100 * mc->maxIter));
    PetscCall(TaoSetMonitor(tao, (PetscErrorCode(*)(Tao, void *))Monitor, &ctx, NULL));
    PetscCall(TaoSetFromOptions(tao));
    ctx.drifted = PETSC_FALSE;
    PetscCall(TaoSolve(tao));
    PetscCall(TaoGetIterationNumber(tao, &it));
    res->iterations += it;
    PetscCall(VecGetArray(X, &x));
    for (PetscInt k = 0; k < 2 * sys->p.n; k++) sys->p.x[k] = x[k];
    PetscCall(VecRestoreArray(X, &x));
    PetscCall(TaoDestroy(&tao));
    PetscCall(VecDestroy(&X));
    PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY | RS_FORCE_VIRIAL));
    PetscCall(MaxForce(sys, &res->fmax));
    sys->frozen = PETSC_FALSE;
    if (!ctx.drifted || res->fmax < mc->fmaxTol) break;
  }
  {
    PetscReal n2 = 0;
    for (PetscInt k = 0; k < 2 * sys->p.n; k++) n2 += sys->p.f[k] * sys->p.f[k];
    PetscCall(RsDomainSum(&sys->dom, 1, &n2));
    res->fnorm = PetscSqrtReal(n2);
  }
  res->e            = sys->last.energy;
  res->evaluations  = ctx.evals;
  res->converged    = res->fmax < mc->fmaxTol ? PETSC_TRUE : PETSC_FALSE;
  sys->forceRebuild = PETSC_TRUE; /* wrap, migrate and sort at the next evaluation */
  PetscFunctionReturn(PETSC_SUCCESS);
}
