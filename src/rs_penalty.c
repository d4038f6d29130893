/* rs_penalty.c: ABC penalty functions (see rs_penalty.h).

   Distance over the penalised atoms i (all, or a region's): u_i = x_i - c_i, s = mean_i u_i (the centre-of-mass shift), d^2 = sum |u_i|^2 -
   N |s|^2, so rigid translations cost nothing and d(d^2)/dx_i = 2 (u_i - s) sums to zero.
   Gaussian, force-shifted in u = d^2 with g(u) = exp(-u / 2 sigma^2) and uc = (3 sigma)^2:
     Phi = Wn [g(u) - g(uc) + (u - uc) g(uc) / (2 sigma^2)],  Phi(0) = W, Phi(uc) = Phi'(uc) = 0.
   Quartic (SLME ABC code): Phi = W (1 - u / sigma^2)^2 for u < sigma^2.
   Active list: the seminorm obeys the triangle inequality, so a centre farther than
   sqrt(uc) + skin from the reference position Xr cannot act while |X - Xr| < skin.
   Centres hold the penalised atoms' coordinates only (compact), so a regional penalty costs
   and stores O(region), not O(N). The kernels run on packed copies of the walker's positions and
   forces (contiguous, vectorisable; every element sees the same additions in the same order as
   through the atom indices, so results are bit for bit those of the gathered form). */
#include "rs_penalty.h"

PetscErrorCode RsPenaltiesSetUp(RsPenalties *P, RsPenaltyForm form, PetscReal w, PetscReal sigma, PetscInt n2, const char *mask, PetscReal natoms)
{
  PetscFunctionBegin;
  PetscCall(RsPenaltiesRelease(P));
  P->mask    = mask;
  P->form    = form;
  P->pending = 0;
  P->w       = w;
  P->sigma   = sigma;
  P->n2      = n2;
  P->natoms  = natoms;
  P->skin    = 0.5 * sigma;
  if (form == RS_PENALTY_GAUSSIAN) {
    const PetscReal a = 1.0 / (2 * sigma * sigma);
    P->uc             = 9 * sigma * sigma;
    P->gc             = PetscExpReal(-a * P->uc);
    P->wn             = w / (1 - P->gc - P->uc * P->gc * a);
  } else P->uc = sigma * sigma;
  PetscCall(PetscMalloc1(n2 / 2 + 1, &P->idx));
  P->m = 0;
  for (PetscInt i = 0; i < n2 / 2; i++)
    if (!mask || mask[i]) P->idx[P->m++] = i;
  PetscCall(PetscMalloc3(2 * P->m + 1, &P->xr, 2 * P->m + 1, &P->xp, 2 * P->m + 1, &P->fp));
  PetscFunctionReturn(PETSC_SUCCESS);
}

void RsPenaltiesClear(RsPenalties *P)
{
  P->K     = 0;
  P->valid = PETSC_FALSE;
}

/* The penalised atoms' coordinates of x, packed. */
static void Compact(const RsPenalties *P, const PetscReal *x, PetscReal *c)
{
  for (PetscInt j = 0; j < P->m; j++) {
    c[2 * j]     = x[2 * P->idx[j]];
    c[2 * j + 1] = x[2 * P->idx[j] + 1];
  }
}

PetscErrorCode RsPenaltiesAdd(RsPenalties *P, const PetscReal *x)
{
  PetscFunctionBegin;
  if (P->K >= P->Kmax) {
    PetscInt   kn = 2 * P->Kmax + 16;
    PetscReal *c;
    PetscInt  *a;
    PetscCall(PetscMalloc1((size_t)kn * 2 * P->m + 1, &c));
    if (P->K) PetscCall(PetscArraycpy(c, P->c, (size_t)P->K * 2 * P->m));
    PetscCall(PetscFree(P->c));
    PetscCall(PetscFree(P->sums));
    PetscCall(PetscFree(P->active));
    PetscCall(PetscMalloc1(3 * (kn + 1), &P->sums));
    PetscCall(PetscMalloc1(kn, &a));
    P->active = a;
    P->c      = c;
    P->Kmax   = kn;
  }
  Compact(P, x, &P->c[(size_t)P->K * 2 * P->m]);
  P->K++;
  P->valid = PETSC_FALSE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Local partial sums (|u|^2, sum ux, sum uy) over the penalised atoms of xp - c, both packed. */
static void Partial(const RsPenalties *P, const PetscReal *restrict xp, const PetscReal *restrict c, PetscReal *s)
{
  PetscReal q[4] = {0, 0, 0, 0}, sx[4] = {0, 0, 0, 0}, sy[4] = {0, 0, 0, 0}; /* 4 chains: not add-latency bound */
  PetscInt  j    = 0;
  for (; j + 4 <= P->m; j += 4)
    for (int l = 0; l < 4; l++) {
      const PetscReal ux = xp[2 * (j + l)] - c[2 * (j + l)], uy = xp[2 * (j + l) + 1] - c[2 * (j + l) + 1];
      q[l] += ux * ux + uy * uy;
      sx[l] += ux;
      sy[l] += uy;
    }
  for (; j < P->m; j++) {
    const PetscReal ux = xp[2 * j] - c[2 * j], uy = xp[2 * j + 1] - c[2 * j + 1];
    q[0] += ux * ux + uy * uy;
    sx[0] += ux;
    sy[0] += uy;
  }
  s[0] = (q[0] + q[1]) + (q[2] + q[3]);
  s[1] = (sx[0] + sx[1]) + (sx[2] + sx[3]);
  s[2] = (sy[0] + sy[1]) + (sy[2] + sy[3]);
}

/* d^2 from the global sums. */
static inline PetscReal Dist2(const RsPenalties *P, const PetscReal *s)
{
  return PetscMax(0.0, s[0] - (s[1] * s[1] + s[2] * s[2]) / P->natoms);
}

PetscErrorCode RsPenaltiesDistance(const RsPenalties *P, const RsDomain *dom, const PetscReal *a, const PetscReal *b, PetscReal *d)
{
  PetscReal s[3], *ac, *bc;
  PetscFunctionBegin;
  PetscCall(PetscMalloc2(2 * P->m + 1, &ac, 2 * P->m + 1, &bc));
  Compact(P, a, ac);
  Compact(P, b, bc);
  Partial(P, ac, bc, s);
  PetscCall(PetscFree2(ac, bc));
  PetscCall(RsDomainSum(dom, 3, s));
  *d = PetscSqrtReal(Dist2(P, s));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Local partial sums: active centres plus the reference (valid list), or every centre. */
static PetscInt Partials(RsPenalties *P, const PetscReal *x)
{
  Compact(P, x, P->xp);
  if (P->valid) {
    for (PetscInt a = 0; a < P->nactive; a++) Partial(P, P->xp, &P->c[(size_t)P->active[a] * 2 * P->m], &P->sums[3 * a]);
    Partial(P, P->xp, P->xr, &P->sums[3 * P->nactive]);
    return 3 * (P->nactive + 1);
  }
  for (PetscInt k = 0; k < P->K; k++) Partial(P, P->xp, &P->c[(size_t)k * 2 * P->m], &P->sums[3 * k]);
  return 3 * P->K;
}

void RsPenaltiesLocal(RsPenalties *P, const PetscReal *x, PetscInt *n, PetscReal **v)
{
  *n = 0;
  *v = P->sums;
  if (!P->K) return;
  P->pending = P->valid ? 1 : 2;
  *n         = Partials(P, x);
}

PetscErrorCode RsPenaltiesEvaluate(RsPenalties *P, const RsDomain *dom, const PetscReal *x, PetscReal *f, PetscReal *e)
{
  const PetscReal reach   = PetscSqrtReal(P->uc) + P->skin;
  const int       pending = P->pending;
  PetscFunctionBegin;
  *e         = 0;
  P->pending = 0;
  if (!P->K) PetscFunctionReturn(PETSC_SUCCESS);
  if (P->valid) { /* sums over the active centres plus the distance to the reference */
    if (pending != 1) PetscCall(RsDomainSum(dom, Partials(P, x), P->sums));
    if (PetscSqrtReal(Dist2(P, &P->sums[3 * P->nactive])) > P->skin) P->valid = PETSC_FALSE;
  }
  if (!P->valid) { /* all centres: rebuild the active list at x */
    if (pending != 2) PetscCall(RsDomainSum(dom, Partials(P, x), P->sums));
    P->nactive = 0;
    for (PetscInt k = 0; k < P->K; k++) {
      if (PetscSqrtReal(Dist2(P, &P->sums[3 * k])) < reach) {
        for (int j = 0; j < 3; j++) P->sums[3 * P->nactive + j] = P->sums[3 * k + j]; /* compact in place (nactive <= k) */
        P->active[P->nactive++] = k;
      }
    }
    Compact(P, x, P->xr);
    P->valid = PETSC_TRUE;
    P->rebuilds++;
  }
  const PetscReal a2 = 1.0 / (2 * P->sigma * P->sigma);
  PetscReal *restrict fp = P->fp;
  const PetscReal *restrict xp = P->xp; /* x packed by Partials, here or in RsPenaltiesLocal at the same x */
  if (f) Compact(P, f, fp);
  for (PetscInt a = 0; a < P->nactive; a++) {
    const PetscReal *s = &P->sums[3 * a], u = Dist2(P, s);
    PetscReal        phi, dphi; /* Phi and dPhi/du */
    if (u >= P->uc) continue;
    if (P->form == RS_PENALTY_GAUSSIAN) {
      const PetscReal g = PetscExpReal(-a2 * u);
      phi               = P->wn * (g - P->gc + (u - P->uc) * P->gc * a2);
      dphi              = P->wn * a2 * (P->gc - g);
    } else {
      const PetscReal t = 1 - u / P->uc;
      phi               = P->w * t * t;
      dphi              = -2 * P->w * t / P->uc;
    }
    *e += phi;
    if (f) {
      const PetscReal *restrict c = &P->c[(size_t)P->active[a] * 2 * P->m];
      const PetscReal sx = s[1] / P->natoms, sy = s[2] / P->natoms, k2 = -2 * dphi;
      for (PetscInt j = 0; j < P->m; j++) {
        fp[2 * j] += k2 * (xp[2 * j] - c[2 * j] - sx);
        fp[2 * j + 1] += k2 * (xp[2 * j + 1] - c[2 * j + 1] - sy);
      }
    }
  }
  if (f)
    for (PetscInt j = 0; j < P->m; j++) {
      f[2 * P->idx[j]]     = fp[2 * j];
      f[2 * P->idx[j] + 1] = fp[2 * j + 1];
    }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsPenaltiesRelease(RsPenalties *P)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(P->c));
  PetscCall(PetscFree3(P->xr, P->xp, P->fp));
  PetscCall(PetscFree(P->idx));
  PetscCall(PetscFree(P->sums));
  PetscCall(PetscFree(P->active));
  P->K = P->Kmax = P->nactive = 0;
  P->valid                    = PETSC_FALSE;
  PetscFunctionReturn(PETSC_SUCCESS);
}
