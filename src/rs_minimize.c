/* rs_minimize.c: the minimisation driver shared by every method: evaluation of the biased
   energy and forces, global reductions, stopping rules, and the ownership rounds.

   The unknowns are the owned atoms' positions. During a solve the atom set of every rank and
   the atom order are frozen (RsSystem.frozen): neighbour rebuilds refresh ghosts and lists
   only, with the ghost band widened by how far atoms have left their subdomains, so forces
   stay exact. When the drift exceeds the skin (the ghost band would keep growing) the solve
   stops, atoms are re-partitioned and the method restarts from the current positions, losing
   only its history (rounds). Convergence: the largest atomic force below fmaxTol (per atom,
   like LAMMPS ftol with the max norm), or |dE| < etol |E| per iteration, or a cap. */
#include "rs_min_impl.h"

const char *const RsMinTypes[] = {"lbfgs", "cg", "sd", "fire", "tao", "RsMinType", "RS_MIN_", NULL};
const char *const RsMinStops[] = {"fmax", "etol", "max_iterations", "max_evaluations", "stalled", "drift"};

void RsMinConfigDefault(RsMinConfig *mc)
{
  *mc = (RsMinConfig){.type = RS_MIN_LBFGS, .fmaxTol = 1e-6, .etol = 0, .maxIter = 100000, .maxEvals = 1000000, .dmax = 0.1, .memory = 10, .fireDt = 0.02, .fireDtMax = 0.2, .history = NULL};
}

PetscErrorCode RsMinHistoryFree(RsMinHistory *h)
{
  PetscFunctionBegin;
  PetscCall(PetscFree3(h->S, h->Y, h->rho));
  PetscCall(PetscFree(h->G));
  *h = (RsMinHistory){0};
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsMinEvaluateAlong(RsMinEval *ev, const PetscReal *d, PetscReal *dphi, RsMinLocalSums sums, void *ctx, PetscReal *v)
{
  RsSystem *sys = ev->sys;
  PetscReal m = 0, s1 = 0, *s = v ? v : &s1;
  PetscInt  nx = 0;
  PetscFunctionBegin;
  sys->nride = 0;
  if (ev->bias && ev->bias->local) ev->bias->local(ev->bias, sys, &sys->nride, &sys->ride); /* summed with the rebuild check */
  PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY | RS_FORCE_VIRIAL | RS_FORCE_LOCAL));
  sys->ride = NULL;
  ev->evals++;
  ev->ebias = 0;
  if (ev->bias) PetscCall(ev->bias->apply(ev->bias, sys, &ev->ebias));
  for (PetscInt i = 0; i < sys->p.n; i++) m = PetscMax(m, sys->p.f[2 * i] * sys->p.f[2 * i] + sys->p.f[2 * i + 1] * sys->p.f[2 * i + 1]);
  s[0] = d ? -RsDotLocal(2 * sys->p.n, sys->p.f, d) : 0;
  if (sums) sums(ctx, sys->p.f, &nx, s + 1);
  PetscCall(RsSystemSumLast(sys, d || sums ? 1 + nx : 0, s, 1, &m)); /* energy, slope, the method's sums, largest force: one reduction */
  ev->e = sys->last.energy + ev->ebias;
  PetscCheck(!PetscIsInfOrNanReal(ev->e), sys->dom.comm, RS_ERR_SCIENCE, "non-finite energy during minimisation (overlapping atoms?)");
  ev->fmax = PetscSqrtReal(m);
  if (dphi) *dphi = s[0];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsMinEvaluate(RsMinEval *ev)
{
  PetscFunctionBegin;
  PetscCall(RsMinEvaluateAlong(ev, NULL, NULL, NULL, NULL, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsMinAccept(RsMinEval *ev)
{
  PetscFunctionBegin;
  if (ev->bias && ev->bias->accept) PetscCall(ev->bias->accept(ev->bias, ev->sys));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsMinDot(RsMinEval *ev, const PetscReal *a, const PetscReal *b, PetscReal *r)
{
  PetscReal s = RsDotLocal(2 * ev->sys->p.n, a, b);
  PetscFunctionBegin;
  PetscCall(RsDomainSum(&ev->sys->dom, 1, &s));
  *r = s;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsMinMaxAtomNorm(RsMinEval *ev, const PetscReal *a, PetscReal *r)
{
  PetscReal m = 0;
  PetscFunctionBegin;
  for (PetscInt i = 0; i < ev->sys->p.n; i++) m = PetscMax(m, a[2 * i] * a[2 * i] + a[2 * i + 1] * a[2 * i + 1]);
  PetscCall(RsDomainMax(&ev->sys->dom, 1, &m));
  *r = PetscSqrtReal(m);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsMinCheck(RsMinEval *ev, PetscReal eprev, PetscBool *done, RsMinStop *stop)
{
  const RsMinConfig *mc = ev->mc;
  PetscFunctionBegin;
  *done = PETSC_TRUE;
  if (ev->fmax < mc->fmaxTol) *stop = RS_MIN_CONVERGED_FMAX;
  else if (mc->etol > 0 && PetscAbsReal(ev->e - eprev) < mc->etol * 0.5 * (PetscAbsReal(ev->e) + PetscAbsReal(eprev) + 1e-300)) *stop = RS_MIN_CONVERGED_ETOL;
  else if (ev->iter >= mc->maxIter) *stop = RS_MIN_MAX_ITER;
  else if (ev->evals >= mc->maxEvals) *stop = RS_MIN_MAX_EVALS;
  else {
    PetscReal drift = 0;
    if (ev->checkDrift) PetscCall(RsSystemMaxDrift(ev->sys, &drift));
    if (drift > ev->sys->neigh.skin) *stop = RS_MIN_DRIFT;
    else *done = PETSC_FALSE;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsMinimize(RsSystem *sys, const RsMinConfig *mc, RsBias *bias, RsMinResult *res)
{
  const PetscBool held = sys->frozen;
  RsMinEval       ev   = {sys, mc, bias, held ? PETSC_FALSE : PETSC_TRUE, 0, 0, 0, 0, 0};
  RsMinStop       stop = RS_MIN_STALLED;
  PetscFunctionBegin;
  PetscCall(PetscMemzero(res, sizeof *res));
  for (PetscInt round = 0; round < 10000; round++) {
    if (!held) {
      sys->forceRebuild = PETSC_TRUE; /* wrap, migrate and sort before freezing */
      sys->frozen       = PETSC_FALSE;
      PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY));
      sys->frozen = PETSC_TRUE;
    }
    PetscCall(RsMinEvaluate(&ev));
    if (round == 0) res->e0 = ev.e;
    res->rounds++;
    switch (mc->type) {
    case RS_MIN_FIRE:
      PetscCall(RsMinFire(&ev, &stop));
      break;
    case RS_MIN_TAO:
      PetscCall(RsMinTao(&ev, &stop));
      break;
    default:
      PetscCall(RsMinLine(&ev, &stop));
    }
    if (stop != RS_MIN_DRIFT) break;
  }
  {
    PetscReal n2 = 0;
    for (PetscInt k = 0; k < 2 * sys->p.n; k++) n2 += sys->p.f[k] * sys->p.f[k];
    PetscCall(RsDomainSum(&sys->dom, 1, &n2));
    res->fnorm = PetscSqrtReal(n2);
  }
  res->e           = ev.e;
  res->ebias       = ev.ebias;
  res->fmax        = ev.fmax;
  res->iterations  = ev.iter;
  res->evaluations = ev.evals;
  res->stop        = stop;
  res->converged   = stop == RS_MIN_CONVERGED_FMAX || stop == RS_MIN_CONVERGED_ETOL ? PETSC_TRUE : PETSC_FALSE;
  if (!held) {
    sys->frozen       = PETSC_FALSE;
    sys->forceRebuild = PETSC_TRUE; /* wrap, migrate and sort at the next evaluation */
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
