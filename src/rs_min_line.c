/* rs_min_line.c: line-search minimisers: L-BFGS (two-loop recursion), Polak-Ribiere+ conjugate
   gradient and steepest descent, sharing one line search.

   The line search works on the directional derivative phi'(a) = -F(x + a d) . d, not on energy
   differences: near a minimum the energy changes by less than its round-off (|F| ~ 1e-8 eV/A
   changes a 5000-atom energy by ~1e-14 relative per step), which stalls energy-based searches
   (TAO's More-Thuente stops near 1e-7 eV/A here). The energy only guards against steps that
   raise it by more than its round-off allowance. Acceptance: strong Wolfe curvature
   |phi'(a)| <= c2 |phi'(0)| (c2 = 0.9 for L-BFGS, 0.1 for CG and SD), or a step at the
   displacement cap (dmax per atom) that still descends. Bracketing by secant steps on phi'. */
#include "rs_min_impl.h"

typedef struct {
  PetscInt   n2;           /* 2 n: local vector length */
  PetscReal *x0, *g, *d;   /* start of the line, gradient (-F) there, direction */
  PetscReal *gnew;
} Line;

/* Energy allowance for round-off (eV): differences below it are noise. */
static PetscReal Noise(PetscReal e) { return 1e-12 * PetscMax(1.0, PetscAbsReal(e)); }

/* Moves to x0 + a d and evaluates; returns phi'(a). */
static PetscErrorCode Probe(RsMinEval *ev, Line *L, PetscReal a, PetscReal *dphi)
{
  RsParticles *p = &ev->sys->p;
  PetscFunctionBegin;
  for (PetscInt k = 0; k < L->n2; k++) p->x[k] = L->x0[k] + a * L->d[k];
  PetscCall(RsMinEvaluate(ev));
  for (PetscInt k = 0; k < L->n2; k++) L->gnew[k] = -p->f[k];
  PetscCall(RsMinDot(ev, L->gnew, L->d, dphi));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Searches along d from x0 (energy e0, slope dphi0 < 0) starting with step a (capped at acap).
   On success *ok is true, positions/forces are at the accepted point and *a is its step. */
static PetscErrorCode Search(RsMinEval *ev, Line *L, PetscReal e0, PetscReal dphi0, PetscReal c2, PetscReal acap, PetscReal *a, PetscBool *ok)
{
  PetscReal lo = 0, dlo = dphi0, hi = -1, dhi = 0, t = PetscMin(*a, acap); /* hi < 0: no upper bracket yet */
  PetscFunctionBegin;
  *ok = PETSC_FALSE;
  for (int trial = 0; trial < 30; trial++) {
    PetscReal dphi;
    PetscCall(Probe(ev, L, t, &dphi));
    const PetscBool up = ev->e > e0 + 1e-4 * t * dphi0 + Noise(e0) ? PETSC_TRUE : PETSC_FALSE;
    if (!up && (PetscAbsReal(dphi) <= c2 * PetscAbsReal(dphi0) || (dphi < 0 && t >= acap * (1 - 1e-12)))) {
      *a  = t;
      *ok = PETSC_TRUE;
      PetscFunctionReturn(PETSC_SUCCESS);
    }
    if (up || dphi > 0) {
      hi  = t;
      dhi = dphi;
    } else {
      lo  = t;
      dlo = dphi;
    }
    PetscReal next;
    if (hi < 0) next = PetscMin(acap, 4 * t); /* still descending steeply: go further */
    else if (dlo < 0 && dhi > 0) { /* secant root of phi' inside the bracket, kept off its ends */
      next = lo - dlo * (hi - lo) / (dhi - dlo);
      next = PetscMin(PetscMax(next, lo + 0.1 * (hi - lo)), hi - 0.1 * (hi - lo));
    } else next = 0.5 * (lo + hi); /* energy rose without a slope sign change: bisect */
    if (hi > 0 && hi - lo < 1e-14 * hi) break;
    t = next;
  }
  /* no acceptable step: go back to the start of the line */
  PetscCall(Probe(ev, L, 0, &dhi));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsMinLine(RsMinEval *ev, RsMinStop *stop)
{
  const RsMinConfig *mc = ev->mc;
  RsParticles       *p  = &ev->sys->p;
  const PetscInt     m  = mc->type == RS_MIN_LBFGS ? PetscMax(1, mc->memory) : 0;
  const PetscReal    c2 = mc->type == RS_MIN_LBFGS ? 0.9 : 0.1;
  Line               L  = {2 * p->n, NULL, NULL, NULL, NULL};
  PetscReal         *S, *Y, *rho, *alpha, *gprev, *dprev, ggprev = 0;
  PetscInt           nhist = 0, head = 0, fails = 0;
  RsMinHistory      *h = mc->type == RS_MIN_LBFGS && !ev->checkDrift ? mc->history : NULL; /* held layout only */
  PetscReal          aprev = 0, dphiprev = 0;
  PetscBool          done;
  PetscFunctionBegin;
  PetscCall(PetscMalloc6(L.n2 + 1, &L.x0, L.n2 + 1, &L.g, L.n2 + 1, &L.d, L.n2 + 1, &L.gnew, L.n2 + 1, &gprev, L.n2 + 1, &dprev));
  if (h) { /* pairs of an earlier minimisation on this layout */
    if (h->m != m || h->n2 != L.n2) {
      PetscCall(RsMinHistoryFree(h));
      PetscCall(PetscMalloc3(m * L.n2 + 1, &h->S, m * L.n2 + 1, &h->Y, m + 1, &h->rho));
      h->m  = m;
      h->n2 = L.n2;
    }
    S     = h->S;
    Y     = h->Y;
    rho   = h->rho;
    nhist = h->nhist;
    head  = h->head;
    PetscCall(PetscMalloc1(m + 1, &alpha));
  } else PetscCall(PetscMalloc4(m * L.n2 + 1, &S, m * L.n2 + 1, &Y, m + 1, &rho, m + 1, &alpha));
  for (PetscInt k = 0; k < L.n2; k++) L.g[k] = -p->f[k];
  PetscCall(RsMinCheck(ev, PETSC_INFINITY, &done, stop));
  while (!done) {
    PetscReal dphi0, dmaxd, a, e0 = ev->e;
    PetscBool ok;
    /* direction */
    for (PetscInt k = 0; k < L.n2; k++) L.d[k] = -L.g[k];
    if (mc->type == RS_MIN_LBFGS && nhist > 0) {
      for (PetscInt j = 0; j < nhist; j++) { /* newest to oldest */
        const PetscInt s = (head - 1 - j + m) % m;
        PetscReal      sd;
        PetscCall(RsMinDot(ev, &S[s * L.n2], L.d, &sd));
        alpha[s] = rho[s] * sd;
        for (PetscInt k = 0; k < L.n2; k++) L.d[k] -= alpha[s] * Y[s * L.n2 + k];
      }
      PetscReal sy, yy;
      const PetscInt s = (head - 1 + m) % m;
      PetscCall(RsMinDot(ev, &S[s * L.n2], &Y[s * L.n2], &sy));
      PetscCall(RsMinDot(ev, &Y[s * L.n2], &Y[s * L.n2], &yy));
      for (PetscInt k = 0; k < L.n2; k++) L.d[k] *= sy / yy;
      for (PetscInt j = nhist - 1; j >= 0; j--) { /* oldest to newest */
        const PetscInt s2 = (head - 1 - j + m) % m;
        PetscReal      yd;
        PetscCall(RsMinDot(ev, &Y[s2 * L.n2], L.d, &yd));
        const PetscReal beta = rho[s2] * yd;
        for (PetscInt k = 0; k < L.n2; k++) L.d[k] += (alpha[s2] - beta) * S[s2 * L.n2 + k];
      }
    } else if (mc->type == RS_MIN_CG && aprev > 0) {
      PetscReal num;
      for (PetscInt k = 0; k < L.n2; k++) gprev[k] = L.g[k] - gprev[k]; /* y = g - g_prev */
      PetscCall(RsMinDot(ev, L.g, gprev, &num));
      const PetscReal beta = PetscMax(0.0, num / ggprev); /* Polak-Ribiere+ */
      for (PetscInt k = 0; k < L.n2; k++) L.d[k] += beta * dprev[k];
    }
    PetscCall(RsMinDot(ev, L.g, L.d, &dphi0));
    if (!(dphi0 < 0)) { /* not a descent direction: restart along the force */
      nhist = 0;
      for (PetscInt k = 0; k < L.n2; k++) L.d[k] = -L.g[k];
      PetscCall(RsMinDot(ev, L.g, L.d, &dphi0));
    }
    PetscCall(RsMinMaxAtomNorm(ev, L.d, &dmaxd));
    const PetscReal acap = mc->dmax / dmaxd;
    /* first trial: the quasi-Newton step; for CG/SD the previous slope ratio (Nocedal-Wright 3.60),
       on the first iteration a step moving the fastest atom by dmax / 10 */
    if (mc->type == RS_MIN_LBFGS && nhist > 0) a = 1;
    else if (aprev > 0) a = aprev * dphiprev / dphi0;
    else a = 0.1 * acap;
    PetscCall(PetscArraycpy(L.x0, p->x, L.n2));
    PetscCall(PetscArraycpy(gprev, L.g, L.n2));
    PetscCall(Search(ev, &L, e0, dphi0, c2, acap, &a, &ok));
    if (!ok) {
      if (++fails >= 2 || (nhist == 0 && aprev == 0)) {
        *stop = RS_MIN_STALLED;
        break;
      }
      nhist = 0; /* retry once from scratch along the force */
      aprev = 0;
      continue;
    }
    fails = 0;
    ev->iter++;
    PetscCall(RsMinAccept(ev));
    for (PetscInt k = 0; k < L.n2; k++) L.g[k] = L.gnew[k];
    if (mc->type == RS_MIN_LBFGS) {
      PetscReal *s = &S[head * L.n2], *y = &Y[head * L.n2], sy;
      for (PetscInt k = 0; k < L.n2; k++) {
        s[k] = a * L.d[k];
        y[k] = L.g[k] - gprev[k];
      }
      PetscCall(RsMinDot(ev, s, y, &sy));
      if (sy > 1e-300) { /* keep only pairs with positive curvature */
        rho[head] = 1 / sy;
        head      = (head + 1) % m;
        nhist     = PetscMin(nhist + 1, m);
      }
    } else if (mc->type == RS_MIN_CG) {
      PetscCall(RsMinDot(ev, gprev, gprev, &ggprev));
      PetscCall(PetscArraycpy(dprev, L.d, L.n2));
    }
    aprev    = a;
    dphiprev = dphi0;
    PetscCall(RsMinCheck(ev, e0, &done, stop));
  }
  PetscCall(PetscFree6(L.x0, L.g, L.d, L.gnew, gprev, dprev));
  if (h) {
    h->nhist = nhist;
    h->head  = head;
    PetscCall(PetscFree(alpha));
  } else PetscCall(PetscFree4(S, Y, rho, alpha));
  PetscFunctionReturn(PETSC_SUCCESS);
}
