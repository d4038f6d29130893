/* rs_min_line.c: line-search minimisers: L-BFGS, Polak-Ribiere+ conjugate gradient and steepest
   descent, sharing one line search.

   L-BFGS is vector-free (Chen, Wang & Zhou, NeurIPS 2014): the two-loop recursion runs on the
   coefficients of the direction in the basis (S_j, Y_j, g), from the Gram matrix of that basis,
   and the direction is then one linear combination. The new gradient's dot products with the
   basis (its Gram row) are summed with each line-search probe's own reduction (RowSums), so an
   iteration makes no reduction for the direction, where the two-loop form makes 2 m + 3. The
   older pairs' rows with the new pair follow from the old matrix (s = a d with d a known
   combination; y . X = g_new . X - g . X).
   The S . S block is never needed (the recursion takes S_j . d only while d has no S part) and
   stays zero.

   The line search works on the directional derivative phi'(a) = -F(x + a d) . d, not on energy
   differences: near a minimum the energy changes by less than its round-off (|F| ~ 1e-8 eV/A
   changes a 5000-atom energy by ~1e-14 relative per step), which stalls energy-based searches
   (TAO's More-Thuente stops near 1e-7 eV/A here). The energy only guards against steps that
   raise it by more than its round-off allowance. Acceptance: strong Wolfe curvature
   |phi'(a)| <= c2 |phi'(0)| (c2 = 0.9 for L-BFGS, 0.1 for CG and SD), or a step at the
   displacement cap (dmax per atom) that still descends. Bracketing by secant steps on phi'. */
#include "rs_min_impl.h"

typedef struct {
  PetscInt      n2;         /* 2 n: local vector length */
  PetscReal    *x0, *g, *d; /* start of the line, gradient (-F) there, direction */
  PetscReal    *gnew;       /* gradient at the last probe */
  RsMinHistory *h;          /* L-BFGS: the pairs; NULL for CG and SD */
  PetscReal     t;          /* step of the last probe */
  PetscReal    *snew, *y;   /* L-BFGS: the pair the last probe would add, t d and gnew - g */
  PetscReal    *row;        /* L-BFGS: the last probe's reduction: [slope, its Gram row (RowSums)] */
} Line;

/* Energy allowance for round-off (eV): differences below it are noise. */
static PetscReal Noise(PetscReal e) { return 1e-12 * PetscMax(1.0, PetscAbsReal(e)); }

/* Held slots, newest first. */
static inline PetscInt Slot(const RsMinHistory *h, PetscInt j) { return (h->head - 1 - j + h->m) % h->m; }

/* L-BFGS, at every probe: the local parts of the Gram row the new gradient gnew = -f would
   have if this probe is accepted: gnew . S_j and gnew . Y_j for the held pairs, then with the
   candidate pair (s, y) = (t d, gnew - g): s . gnew, y . gnew, gnew . gnew, y . y. They ride on
   the probe's reduction, so an iteration needs no reduction of its own for the direction. */
static void RowSums(void *ctx, const PetscReal *f, PetscInt *n, PetscReal *v)
{
  Line               *L = ctx;
  const RsMinHistory *h = L->h;
  const PetscInt      n2 = L->n2;
  PetscInt            c  = 0;
  for (PetscInt k = 0; k < n2; k++) {
    L->gnew[k] = -f[k];
    L->snew[k] = L->t * L->d[k];
    L->y[k]    = L->gnew[k] - L->g[k];
  }
  for (PetscInt j = 0; j < h->nhist; j++) {
    const PetscInt s = Slot(h, j);
    v[c++]           = RsDotLocal(n2, &h->S[(size_t)s * n2], L->gnew);
    v[c++]           = RsDotLocal(n2, &h->Y[(size_t)s * n2], L->gnew);
  }
  v[c++] = RsDotLocal(n2, L->snew, L->gnew);
  v[c++] = RsDotLocal(n2, L->y, L->gnew);
  v[c++] = RsDotLocal(n2, L->gnew, L->gnew);
  v[c++] = RsDotLocal(n2, L->y, L->y);
  *n     = c;
}

/* Moves to x0 + a d and evaluates; returns phi'(a). */
static PetscErrorCode Probe(RsMinEval *ev, Line *L, PetscReal a, PetscReal *dphi)
{
  RsParticles *p = &ev->sys->p;
  PetscFunctionBegin;
  for (PetscInt k = 0; k < L->n2; k++) p->x[k] = L->x0[k] + a * L->d[k];
  L->t = a;
  if (L->h) PetscCall(RsMinEvaluateAlong(ev, L->d, dphi, RowSums, L, L->row));
  else {
    PetscCall(RsMinEvaluateAlong(ev, L->d, dphi, NULL, NULL, NULL));
    for (PetscInt k = 0; k < L->n2; k++) L->gnew[k] = -p->f[k];
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Searches along d from x0 (energy e0, slope dphi0 < 0) starting with step a (capped at acap).
   On success *ok is true, positions/forces are at the accepted point, *a is its step and *dphia
   the slope there. */
static PetscErrorCode Search(RsMinEval *ev, Line *L, PetscReal e0, PetscReal dphi0, PetscReal c2, PetscReal acap, PetscReal *a, PetscReal *dphia, PetscBool *ok)
{
  PetscReal lo = 0, dlo = dphi0, hi = -1, dhi = 0, t = PetscMin(*a, acap); /* hi < 0: no upper bracket yet */
  PetscFunctionBegin;
  *ok = PETSC_FALSE;
  for (int trial = 0; trial < 30; trial++) {
    PetscReal dphi;
    PetscCall(Probe(ev, L, t, &dphi));
    const PetscBool up = ev->e > e0 + 1e-4 * t * dphi0 + Noise(e0) ? PETSC_TRUE : PETSC_FALSE;
    if (!up && (PetscAbsReal(dphi) <= c2 * PetscAbsReal(dphi0) || (dphi < 0 && t >= acap * (1 - 1e-12)))) {
      *a     = t;
      *dphia = dphi;
      *ok    = PETSC_TRUE;
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

/* Gram matrix entry of basis vectors a and b. */
#define GRAM(h, a, b) ((h)->G[(size_t)(a) * (2 * (h)->m + 1) + (b)])

/* Sizes h for m pairs of length n2 (dropping pairs of another size). */
static PetscErrorCode HistoryReserve(RsMinHistory *h, PetscInt m, PetscInt n2)
{
  PetscFunctionBegin;
  if (h->m == m && h->n2 == n2 && h->S) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(RsMinHistoryFree(h));
  PetscCall(PetscMalloc3((size_t)m * n2 + 1, &h->S, (size_t)m * n2 + 1, &h->Y, m + 1, &h->rho));
  PetscCall(PetscCalloc1((size_t)(2 * m + 1) * (2 * m + 1), &h->G)); /* the S . S block stays 0 */
  h->m  = m;
  h->n2 = n2;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Row of basis vector r of the Gram matrix times the coefficients c (held pairs and g only). */
static PetscReal GramTimes(const RsMinHistory *h, PetscInt r, const PetscReal *c)
{
  PetscReal v = GRAM(h, r, 2 * h->m) * c[2 * h->m];
  for (PetscInt j = 0; j < h->nhist; j++) {
    const PetscInt s = Slot(h, j);
    v += GRAM(h, r, s) * c[s] + GRAM(h, r, h->m + s) * c[h->m + s];
  }
  return v;
}

/* Writes the gradient's Gram row from its dot products with the held pairs (by slot) and g . g. */
static void PutGradientRow(RsMinHistory *h, const PetscReal *gS, const PetscReal *gY, PetscReal gg)
{
  const PetscInt m = h->m;
  for (PetscInt j = 0; j < h->nhist; j++) {
    const PetscInt s = Slot(h, j);
    GRAM(h, 2 * m, s) = GRAM(h, s, 2 * m) = gS[s];
    GRAM(h, 2 * m, m + s) = GRAM(h, m + s, 2 * m) = gY[s];
  }
  GRAM(h, 2 * m, 2 * m) = gg;
}

/* The gradient's Gram row (g . S_j, g . Y_j, g . g) in one reduction (at the start of a
   minimisation; later rows come with the accepted probe). */
static PetscErrorCode GradientRow(RsMinEval *ev, RsMinHistory *h, const PetscReal *g, PetscReal *work)
{
  const PetscInt m = h->m, n2 = h->n2;
  PetscFunctionBegin;
  for (PetscInt l = 0; l < 2 * m; l++) work[l] = 0; /* by slot: g . S_s at s, g . Y_s at m + s */
  for (PetscInt j = 0; j < h->nhist; j++) {
    const PetscInt s = Slot(h, j);
    work[s]          = RsDotLocal(n2, &h->S[(size_t)s * n2], g);
    work[m + s]      = RsDotLocal(n2, &h->Y[(size_t)s * n2], g);
  }
  work[2 * m] = RsDotLocal(n2, g, g);
  PetscCall(RsDomainSum(&ev->sys->dom, 2 * m + 1, work));
  PutGradientRow(h, work, work + m, work[2 * m]);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The L-BFGS direction d = -H g as coefficients over (S_j, Y_j, g): the two-loop recursion with
   every dot product taken from the Gram matrix. */
static void Coefficients(const RsMinHistory *h, PetscReal *c, PetscReal *alpha)
{
  const PetscInt m = h->m, t = Slot(h, 0);
  for (PetscInt l = 0; l <= 2 * m; l++) c[l] = 0;
  c[2 * m] = -1;
  if (!h->nhist) return;
  for (PetscInt j = 0; j < h->nhist; j++) { /* newest to oldest */
    const PetscInt s = Slot(h, j);
    alpha[s]         = h->rho[s] * GramTimes(h, s, c);
    c[m + s] -= alpha[s];
  }
  const PetscReal gamma = GRAM(h, t, m + t) / GRAM(h, m + t, m + t);
  for (PetscInt l = 0; l <= 2 * m; l++) c[l] *= gamma;
  for (PetscInt j = h->nhist - 1; j >= 0; j--) { /* oldest to newest */
    const PetscInt  s    = Slot(h, j);
    const PetscReal beta = h->rho[s] * GramTimes(h, m + s, c);
    c[s] += alpha[s] - beta;
  }
}

/* d from its coefficients: one pass per held pair. */
static void Combine(const RsMinHistory *h, const PetscReal *c, const PetscReal *g, PetscReal *d)
{
  const PetscInt n2 = h->n2, m = h->m;
  for (PetscInt k = 0; k < n2; k++) d[k] = c[2 * m] * g[k];
  for (PetscInt j = 0; j < h->nhist; j++) {
    const PetscInt   s  = Slot(h, j);
    const PetscReal  cs = c[s], cy = c[m + s], *S = &h->S[(size_t)s * n2], *Y = &h->Y[(size_t)s * n2];
    for (PetscInt k = 0; k < n2; k++) d[k] += cs * S[k] + cy * Y[k];
  }
}

/* After the accepted step a d (slope dphi0 at its start, dphia at its end; L holds the probe's
   gradient, candidate pair and reduced Gram row): stores the pair (if its curvature s . y is
   positive) with its Gram rows, and the new gradient's row. No communication. */
static void Update(RsMinHistory *h, const Line *L, const PetscReal *c, PetscReal a, PetscReal dphi0, PetscReal dphia, PetscReal *work)
{
  const PetscInt   m = h->m, n2 = h->n2, t = h->head;
  const PetscReal  sy = a * (dphia - dphi0), *r = L->row + 1;
  const PetscInt   nr = 2 * h->nhist; /* r: held pairs' rows, then s.g, y.g, g.g, y.y */
  PetscReal       *rS = work, *rY = work + m, *dY = work + 2 * m, *gS = dY + m, *gY = gS + m;
  for (PetscInt j = 0; j < h->nhist; j++) { /* the probe's row, by slot */
    const PetscInt s = Slot(h, j);
    rS[s]            = r[2 * j];
    rY[s]            = r[2 * j + 1];
  }
  if (!(sy > 1e-300)) { /* keep only pairs with positive curvature */
    PutGradientRow(h, rS, rY, r[nr + 2]);
    return;
  }
  /* everything the new rows need from the old matrix, before it changes */
  for (PetscInt j = 0; j < h->nhist; j++) {
    const PetscInt s = Slot(h, j);
    dY[s]            = GramTimes(h, m + s, c);
    gS[s]            = GRAM(h, 2 * m, s);
    gY[s]            = GRAM(h, 2 * m, m + s);
  }
  PetscArraycpy(&h->S[(size_t)t * n2], L->snew, n2);
  PetscArraycpy(&h->Y[(size_t)t * n2], L->y, n2);
  h->head  = (h->head + 1) % m;
  h->nhist = PetscMin(h->nhist + 1, m); /* a full history drops its oldest pair, slot t */
  rS[t]    = r[nr];
  rY[t]    = r[nr + 1];
  PutGradientRow(h, rS, rY, r[nr + 2]);
  for (PetscInt j = 1; j < h->nhist; j++) { /* the older pairs */
    const PetscInt s = Slot(h, j);
    GRAM(h, t, m + s) = GRAM(h, m + s, t) = a * dY[s];
    GRAM(h, m + t, s) = GRAM(h, s, m + t) = GRAM(h, 2 * m, s) - gS[s];
    GRAM(h, m + t, m + s) = GRAM(h, m + s, m + t) = GRAM(h, 2 * m, m + s) - gY[s];
  }
  GRAM(h, t, m + t) = GRAM(h, m + t, t) = sy;
  GRAM(h, m + t, m + t) = r[nr + 3];
  h->rho[t]             = 1 / sy;
}

PetscErrorCode RsMinLine(RsMinEval *ev, RsMinStop *stop)
{
  const RsMinConfig *mc    = ev->mc;
  RsParticles       *p     = &ev->sys->p;
  const PetscBool    lbfgs = mc->type == RS_MIN_LBFGS ? PETSC_TRUE : PETSC_FALSE;
  const PetscInt     m     = lbfgs ? PetscMax(1, mc->memory) : 1;
  const PetscReal    c2    = lbfgs ? 0.9 : 0.1;
  Line               L     = {.n2 = 2 * p->n};
  PetscReal         *gprev, *dprev, *coef, *alpha, *work, *row, ggprev = 0;
  PetscInt           fails = 0;
  RsMinHistory       local = {0}, *h = lbfgs && !ev->checkDrift && mc->history ? mc->history : &local; /* reuse on a held layout only */
  PetscReal          aprev = 0, dphiprev = 0;
  PetscBool          done;
  PetscFunctionBegin;
  PetscCall(PetscMalloc6(L.n2 + 1, &L.x0, L.n2 + 1, &L.g, L.n2 + 1, &L.d, L.n2 + 1, &L.gnew, L.n2 + 1, &gprev, L.n2 + 1, &dprev));
  PetscCall(PetscMalloc4(2 * m + 1, &coef, m, &alpha, 5 * m + 2, &work, 2 * m + 5, &row));
  if (lbfgs) {
    PetscCall(HistoryReserve(h, m, L.n2));
    PetscCall(PetscMalloc2(L.n2 + 1, &L.snew, L.n2 + 1, &L.y));
    L.h   = h;
    L.row = row;
  }
  for (PetscInt k = 0; k < L.n2; k++) L.g[k] = -p->f[k];
  if (lbfgs) PetscCall(GradientRow(ev, h, L.g, work));
  PetscCall(RsMinCheck(ev, PETSC_INFINITY, &done, stop));
  while (!done) {
    PetscReal dphi0, dphia, dmaxd, a, e0 = ev->e;
    PetscBool ok;
    /* direction */
    if (lbfgs) {
      Coefficients(h, coef, alpha);
      Combine(h, coef, L.g, L.d);
      dphi0 = GramTimes(h, 2 * m, coef);
    } else {
      for (PetscInt k = 0; k < L.n2; k++) L.d[k] = -L.g[k];
      if (mc->type == RS_MIN_CG && aprev > 0) {
        PetscReal num;
        for (PetscInt k = 0; k < L.n2; k++) gprev[k] = L.g[k] - gprev[k]; /* y = g - g_prev */
        PetscCall(RsMinDot(ev, L.g, gprev, &num));
        const PetscReal beta = PetscMax(0.0, num / ggprev); /* Polak-Ribiere+ */
        for (PetscInt k = 0; k < L.n2; k++) L.d[k] += beta * dprev[k];
      }
      PetscCall(RsMinDot(ev, L.g, L.d, &dphi0));
    }
    if (!(dphi0 < 0)) { /* not a descent direction: restart along the force */
      h->nhist = 0;
      for (PetscInt k = 0; k < L.n2; k++) L.d[k] = -L.g[k];
      if (lbfgs) {
        for (PetscInt l = 0; l <= 2 * m; l++) coef[l] = 0;
        coef[2 * m] = -1;
        dphi0       = -GRAM(h, 2 * m, 2 * m);
      } else PetscCall(RsMinDot(ev, L.g, L.d, &dphi0));
    }
    PetscCall(RsMinMaxAtomNorm(ev, L.d, &dmaxd));
    const PetscReal acap = mc->dmax / dmaxd;
    /* first trial: the quasi-Newton step; for CG/SD the previous slope ratio (Nocedal-Wright 3.60),
       on the first iteration a step moving the fastest atom by dmax / 10 */
    if (lbfgs && h->nhist > 0) a = 1;
    else if (aprev > 0) a = aprev * dphiprev / dphi0;
    else a = 0.1 * acap;
    PetscCall(PetscArraycpy(L.x0, p->x, L.n2));
    if (mc->type == RS_MIN_CG) PetscCall(PetscArraycpy(gprev, L.g, L.n2)); /* L-BFGS keeps the old gradient in L.g until Update */
    PetscCall(Search(ev, &L, e0, dphi0, c2, acap, &a, &dphia, &ok));
    if (!ok) {
      if (++fails >= 2 || (h->nhist == 0 && aprev == 0)) {
        *stop = RS_MIN_STALLED;
        break;
      }
      h->nhist = 0; /* retry once from scratch along the force */
      aprev    = 0;
      continue;
    }
    fails = 0;
    ev->iter++;
    PetscCall(RsMinAccept(ev));
    if (lbfgs) Update(h, &L, coef, a, dphi0, dphia, work);
    else if (mc->type == RS_MIN_CG) {
      PetscCall(RsMinDot(ev, gprev, gprev, &ggprev));
      PetscCall(PetscArraycpy(dprev, L.d, L.n2));
    }
    for (PetscInt k = 0; k < L.n2; k++) L.g[k] = L.gnew[k];
    aprev    = a;
    dphiprev = dphi0;
    PetscCall(RsMinCheck(ev, e0, &done, stop));
  }
  PetscCall(PetscFree6(L.x0, L.g, L.d, L.gnew, gprev, dprev));
  PetscCall(PetscFree4(coef, alpha, work, row));
  PetscCall(PetscFree2(L.snew, L.y));
  PetscCall(RsMinHistoryFree(&local));
  PetscFunctionReturn(PETSC_SUCCESS);
}
