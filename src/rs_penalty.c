/* rs_penalty.c: ABC penalty functions (see rs_penalty.h).

   Distance over the penalised atoms i (all, or a region's): u_i = x_i - c_i, s = mean_i u_i (the centre-of-mass shift), d^2 = sum |u_i|^2 -
   N |s|^2, so rigid translations cost nothing and d(d^2)/dx_i = 2 (u_i - s) sums to zero.
   Gaussian, force-shifted in u = d^2 with g(u) = exp(-u / 2 sigma^2) and uc = (3 sigma)^2:
     Phi = Wn [g(u) - g(uc) + (u - uc) g(uc) / (2 sigma^2)],  Phi(0) = W, Phi(uc) = Phi'(uc) = 0.
   Quartic (SLME ABC code): Phi = W (1 - u / sigma^2)^2 for u < sigma^2.
   Active list: the seminorm obeys the triangle inequality, so a centre farther than
   sqrt(uc) + skin from the reference position Xr cannot act while |X - Xr| < skin.
   Centres hold the penalised atoms' coordinates only (compact), so a regional penalty costs
   and stores O(region), not O(N), and they are stored as displacements c from an origin o (the
   step's first centre, its start minimum). The kernels run on packed copies of the walker's
   positions: per centre, |xd - c|^2 = |xd|^2 - 2 xd.c + |c|^2 with xd = x - o and |c|^2, sum c
   kept from its addition (one dot product per centre), and the forces sum_k k2_k (xd - c_k - s_k)
   as (sum k2) xd - sum k2 s - sum k2 c_k (one update per centre): half the flops of differencing
   every centre twice. Displacements from o are a few A, so the expansion loses no digits that
   matter (tests/unit/test_penalty.c compares it with the direct sum at box-sized coordinates). */
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
  PetscCall(PetscMalloc5(2 * P->m + 1, &P->xr, 2 * P->m + 1, &P->xp, 2 * P->m + 1, &P->o, 2 * P->m + 1, &P->xd, 2 * P->m + 1, &P->g));
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

/* |v|^2, sum v_x, sum v_y over the penalised atoms (v packed). */
static void Moments(const RsPenalties *P, const PetscReal *restrict v, PetscReal *q)
{
  PetscReal a = 0, sx = 0, sy = 0;
  for (PetscInt j = 0; j < P->m; j++) {
    a += v[2 * j] * v[2 * j] + v[2 * j + 1] * v[2 * j + 1];
    sx += v[2 * j];
    sy += v[2 * j + 1];
  }
  q[0] = a, q[1] = sx, q[2] = sy;
}

/* a . b over the 2 m packed coordinates (8 chains: not add-latency bound). */
static PetscReal Dot(PetscInt n, const PetscReal *restrict a, const PetscReal *restrict b)
{
  PetscReal q[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  PetscInt  j    = 0;
  for (; j + 8 <= n; j += 8)
    for (int l = 0; l < 8; l++) q[l] += a[j + l] * b[j + l];
  for (; j < n; j++) q[0] += a[j] * b[j];
  return ((q[0] + q[1]) + (q[2] + q[3])) + ((q[4] + q[5]) + (q[6] + q[7]));
}

PetscErrorCode RsPenaltiesAdd(RsPenalties *P, const PetscReal *x)
{
  const PetscInt n = 2 * P->m;
  PetscFunctionBegin;
  if (P->K >= P->Kmax) {
    PetscInt   kn = 2 * P->Kmax + 16;
    PetscReal *c, *cc;
    PetscInt  *a;
    PetscCall(PetscMalloc2((size_t)kn * n + 1, &c, 3 * (size_t)kn, &cc));
    if (P->K) PetscCall(PetscArraycpy(c, P->c, (size_t)P->K * n));
    if (P->K) PetscCall(PetscArraycpy(cc, P->cc, 3 * (size_t)P->K));
    PetscCall(PetscFree2(P->c, P->cc));
    PetscCall(PetscFree(P->sums));
    PetscCall(PetscFree(P->active));
    PetscCall(PetscMalloc1(3 * (kn + 1), &P->sums));
    PetscCall(PetscMalloc1(kn, &a));
    P->active = a;
    P->c      = c;
    P->cc     = cc;
    P->Kmax   = kn;
  }
  PetscReal *c = &P->c[(size_t)P->K * n];
  if (!P->K) Compact(P, x, P->o); /* the origin: displacements from it are small, so the expanded distances keep their digits */
  Compact(P, x, c);
  for (PetscInt j = 0; j < n; j++) c[j] -= P->o[j];
  Moments(P, c, &P->cc[3 * P->K]);
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

/* Local partial sums of centre k from the expansion |xd - c|^2 = |xd|^2 - 2 xd.c + |c|^2 (one dot
   product per centre instead of three sums over differences). */
static inline void Expanded(const RsPenalties *P, PetscInt k, PetscReal *s)
{
  const PetscReal *cc = &P->cc[3 * k];
  s[0]                = P->xq[0] - 2 * Dot(2 * P->m, P->xd, &P->c[(size_t)k * 2 * P->m]) + cc[0];
  s[1]                = P->xq[1] - cc[1];
  s[2]                = P->xq[2] - cc[2];
}

/* Local partial sums: active centres plus the reference (valid list), or every centre. */
static PetscInt Partials(RsPenalties *P, const PetscReal *x)
{
  Compact(P, x, P->xp);
  for (PetscInt j = 0; j < 2 * P->m; j++) P->xd[j] = P->xp[j] - P->o[j];
  Moments(P, P->xd, P->xq);
  if (P->valid) {
    for (PetscInt a = 0; a < P->nactive; a++) Expanded(P, P->active[a], &P->sums[3 * a]);
    Partial(P, P->xp, P->xr, &P->sums[3 * P->nactive]);
    return 3 * (P->nactive + 1);
  }
  for (PetscInt k = 0; k < P->K; k++) Expanded(P, k, &P->sums[3 * k]);
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
  PetscReal *restrict g = P->g, k2sum = 0, ksx = 0, ksy = 0;
  if (f) PetscCall(PetscArrayzero(g, 2 * P->m));
  for (PetscInt a = 0; a < P->nactive; a++) {
    const PetscReal *s = &P->sums[3 * a], u = Dist2(P, s);
    PetscReal        phi, dphi; /* Phi and dPhi/du */
    if (u >= P->uc) continue;
    if (P->form == RS_PENALTY_GAUSSIAN) {
      const PetscReal gu = PetscExpReal(-a2 * u);
      phi                = P->wn * (gu - P->gc + (u - P->uc) * P->gc * a2);
      dphi               = P->wn * a2 * (P->gc - gu);
    } else {
      const PetscReal t = 1 - u / P->uc;
      phi               = P->w * t * t;
      dphi              = -2 * P->w * t / P->uc;
    }
    *e += phi;
    if (f) { /* F = sum_k k2 (xd - c_k - s_k): the xd and s parts summed here, the centres in g */
      const PetscReal *restrict c  = &P->c[(size_t)P->active[a] * 2 * P->m];
      const PetscReal           k2 = -2 * dphi;
      k2sum += k2;
      ksx += k2 * s[1] / P->natoms;
      ksy += k2 * s[2] / P->natoms;
      for (PetscInt j = 0; j < 2 * P->m; j++) g[j] -= k2 * c[j];
    }
  }
  if (f) {
    const PetscReal *restrict xd = P->xd; /* x packed by Partials, here or in RsPenaltiesLocal at the same x */
    for (PetscInt j = 0; j < P->m; j++) {
      f[2 * P->idx[j]] += k2sum * xd[2 * j] - ksx + g[2 * j];
      f[2 * P->idx[j] + 1] += k2sum * xd[2 * j + 1] - ksy + g[2 * j + 1];
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsPenaltiesRelease(RsPenalties *P)
{
  PetscFunctionBegin;
  PetscCall(PetscFree2(P->c, P->cc));
  PetscCall(PetscFree5(P->xr, P->xp, P->o, P->xd, P->g));
  PetscCall(PetscFree(P->idx));
  PetscCall(PetscFree(P->sums));
  PetscCall(PetscFree(P->active));
  P->K = P->Kmax = P->nactive = 0;
  P->valid                    = PETSC_FALSE;
  PetscFunctionReturn(PETSC_SUCCESS);
}
