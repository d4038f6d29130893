/* rs_neb.c: climbing-image nudged elastic band between two configurations of one task
   (Henkelman, Uberuaga and Jonsson 2000: improved tangent, springs along the band only,
   the highest image climbing after `climbAfter` iterations), relaxed by quick-min (velocity
   projected on the force, zeroed when it points uphill) with a per-atom step cap. Images are
   positions of the owned atoms in the task's frozen layout, so every dot product is one global
   sum; each image is evaluated through the minimisers' evaluation (potential + optional bias).
   The system's positions are restored at the end. */
#include "rs_neb.h"
#include "rs_min_impl.h"

void RsNEBConfigDefault(RsNEBConfig *c)
{
  *c = (RsNEBConfig){.images = 7, .k = 1.0, .ftol = 1e-3, .maxIter = 2000, .dt = 0.05, .dmax = 0.05, .climbAfter = 50};
}

/* Global dot product of two owned-atom vectors. */
static PetscErrorCode Dot(RsSystem *sys, PetscInt n2, const PetscReal *a, const PetscReal *b, PetscReal *r)
{
  PetscReal s = RsDotLocal(n2, a, b);
  PetscFunctionBegin;
  PetscCall(RsDomainSum(&sys->dom, 1, &s));
  *r = s;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsNEB(RsSystem *sys, RsBias *bias, const PetscReal *xa, const PetscReal *xb, const RsNEBConfig *c, RsNEBResult *res)
{
  const PetscInt n2 = 2 * sys->p.n, M = c->images, NI = M + 2;
  PetscReal     *X, *F, *V, *G, *E, *save, *tau;
  RsMinConfig    mc;
  RsMinEval      ev;
  PetscFunctionBegin;
  PetscCheck(M >= 1, sys->dom.comm, RS_ERR_INPUT, "NEB needs at least one image, got %" PetscInt_FMT, M);
  RsMinConfigDefault(&mc);
  ev = (RsMinEval){.sys = sys, .mc = &mc, .bias = bias};
  PetscCall(PetscMalloc4((size_t)NI * n2 + 1, &X, (size_t)NI * n2 + 1, &F, (size_t)NI * n2 + 1, &V, (size_t)NI * n2 + 1, &G));
  PetscCall(PetscMalloc3(NI, &E, n2 + 1, &save, n2 + 1, &tau));
  PetscCall(PetscArraycpy(save, sys->p.x, n2));
  const PetscBool held = sys->frozen;
  sys->frozen          = PETSC_TRUE; /* the images are vectors in this layout: no migration or sorting */
  for (PetscInt i = 0; i < NI; i++) /* linear interpolation */
    for (PetscInt k = 0; k < n2; k++) X[(size_t)i * n2 + k] = xa[k] + (xb[k] - xa[k]) * i / (NI - 1);
  PetscCall(PetscArrayzero(V, (size_t)NI * n2));
  PetscCall(PetscArrayzero(G, (size_t)NI * n2));
  for (PetscInt i = 0; i < NI; i += NI - 1) { /* the fixed end points */
    PetscCall(PetscArraycpy(sys->p.x, &X[(size_t)i * n2], n2));
    PetscCall(RsMinEvaluate(&ev));
    E[i] = ev.e;
  }
  *res = (RsNEBResult){.converged = PETSC_FALSE};
  for (PetscInt it = 0; it < c->maxIter; it++) {
    PetscInt  imax = 1;
    PetscReal fmax = 0, P = 0, FF = 0;
    for (PetscInt i = 1; i <= M; i++) {
      PetscCall(PetscArraycpy(sys->p.x, &X[(size_t)i * n2], n2));
      PetscCall(RsMinEvaluate(&ev));
      E[i] = ev.e;
      PetscCall(PetscArraycpy(&F[(size_t)i * n2], sys->p.f, n2));
      if (E[i] > E[imax]) imax = i;
    }
    for (PetscInt i = 1; i <= M; i++) { /* NEB forces G */
      const PetscReal *xm = &X[(size_t)(i - 1) * n2], *x0 = &X[(size_t)i * n2], *xp = &X[(size_t)(i + 1) * n2];
      PetscReal        wp, wm, lp, lm, tt = 0, ft = 0;
      if (E[i + 1] > E[i] && E[i] > E[i - 1]) wp = 1, wm = 0;
      else if (E[i + 1] < E[i] && E[i] < E[i - 1]) wp = 0, wm = 1;
      else {
        const PetscReal dmax = PetscMax(PetscAbsReal(E[i + 1] - E[i]), PetscAbsReal(E[i - 1] - E[i])), dmin = PetscMin(PetscAbsReal(E[i + 1] - E[i]), PetscAbsReal(E[i - 1] - E[i]));
        if (E[i + 1] > E[i - 1]) wp = dmax, wm = dmin;
        else wp = dmin, wm = dmax;
      }
      for (PetscInt k = 0; k < n2; k++) tau[k] = wp * (xp[k] - x0[k]) + wm * (x0[k] - xm[k]);
      PetscCall(Dot(sys, n2, tau, tau, &tt));
      tt = PetscSqrtReal(PetscMax(tt, 1e-300));
      for (PetscInt k = 0; k < n2; k++) tau[k] /= tt;
      PetscCall(Dot(sys, n2, &F[(size_t)i * n2], tau, &ft));
      {
        PetscReal dp = 0, dm = 0;
        for (PetscInt k = 0; k < n2; k++) dp += PetscSqr(xp[k] - x0[k]), dm += PetscSqr(x0[k] - xm[k]);
        PetscReal s[2] = {dp, dm};
        PetscCall(RsDomainSum(&sys->dom, 2, s));
        lp = PetscSqrtReal(s[0]), lm = PetscSqrtReal(s[1]);
      }
      const PetscBool climb = i == imax && it >= c->climbAfter;
      for (PetscInt k = 0; k < n2; k++) {
        const PetscReal f = F[(size_t)i * n2 + k];
        G[(size_t)i * n2 + k] = climb ? f - 2 * ft * tau[k] : f - ft * tau[k] + c->k * (lp - lm) * tau[k];
      }
      for (PetscInt a = 0; a < sys->p.n; a++) fmax = PetscMax(fmax, PetscSqr(G[(size_t)i * n2 + 2 * a]) + PetscSqr(G[(size_t)i * n2 + 2 * a + 1]));
    }
    PetscCall(RsDomainMax(&sys->dom, 1, &fmax));
    fmax          = PetscSqrtReal(fmax);
    res->iterations = it + 1;
    res->fmax       = fmax;
    res->climber    = imax;
    if (fmax < c->ftol && it >= c->climbAfter) {
      res->converged = PETSC_TRUE;
      break;
    }
    /* quick-min: v += dt G; keep only the part of v along G (zero when it points uphill) */
    for (PetscInt64 k = n2; k < (PetscInt64)(M + 1) * n2; k++) V[k] += c->dt * G[k];
    {
      PetscReal s[2] = {0, 0};
      for (PetscInt64 k = n2; k < (PetscInt64)(M + 1) * n2; k++) s[0] += V[k] * G[k], s[1] += G[k] * G[k];
      PetscCall(RsDomainSum(&sys->dom, 2, s));
      P = s[0], FF = s[1];
    }
    for (PetscInt64 k = n2; k < (PetscInt64)(M + 1) * n2; k++) V[k] = P > 0 && FF > 0 ? P / FF * G[k] : 0;
    PetscReal step = 0; /* largest per-atom displacement of this step, capped at dmax */
    for (PetscInt64 k = n2; k < (PetscInt64)(M + 1) * n2; k += 2) step = PetscMax(step, c->dt * c->dt * (V[k] * V[k] + V[k + 1] * V[k + 1]));
    PetscCall(RsDomainMax(&sys->dom, 1, &step));
    step                = PetscSqrtReal(step);
    const PetscReal scl = step > c->dmax ? c->dmax / step : 1;
    for (PetscInt64 k = n2; k < (PetscInt64)(M + 1) * n2; k++) X[k] += scl * c->dt * V[k];
  }
  res->esaddle = E[res->climber];
  res->ea      = E[0];
  res->eb      = E[NI - 1];
  PetscCall(PetscArraycpy(sys->p.x, save, n2));
  PetscCall(RsMinEvaluate(&ev)); /* forces of the restored state */
  res->evaluations = ev.evals;
  sys->frozen      = held;
  PetscCall(PetscFree4(X, F, V, G));
  PetscCall(PetscFree3(E, save, tau));
  PetscFunctionReturn(PETSC_SUCCESS);
}
