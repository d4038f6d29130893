/* rs_analysis.c: the paper's analyses on arrays (rs_analysis.h; PHYSICS.md 6, 7, 10).
   Neighbour searches are all-pairs with the minimum image (O(N^2): 25 M pair checks for 5000
   atoms, a fraction of a second per frame, small next to producing the frames). */
#include "rs_analysis.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const RsVonMisesNames[] = {"ovito", "3d", "RsVonMises", "RS_VM_", NULL};

static int CmpReal(const void *a, const void *b)
{
  const PetscReal x = *(const PetscReal *)a, y = *(const PetscReal *)b;
  return x < y ? -1 : x > y;
}

PetscErrorCode RsStressDrops(PetscInt n, const PetscReal *sigma, PetscInt window, PetscReal floor, PetscInt *ndrops, PetscReal **drops)
{
  PetscReal *f, *buf;
  PetscInt   h = window / 2, k = 0;
  PetscFunctionBegin;
  PetscCheck(window >= 1 && window % 2 == 1, PETSC_COMM_SELF, RS_ERR_INPUT, "median filter window must be odd and positive, got %" PetscInt_FMT, window);
  PetscCall(PetscMalloc2(n + 1, &f, window + 1, &buf));
  for (PetscInt i = 0; i < n; i++) { /* median over the window, shrunk symmetrically at the ends */
    const PetscInt w = PetscMin(h, PetscMin(i, n - 1 - i)), m = 2 * w + 1;
    PetscCall(PetscArraycpy(buf, &sigma[i - w], m));
    qsort(buf, (size_t)m, sizeof(PetscReal), CmpReal);
    f[i] = buf[w];
  }
  PetscCall(PetscMalloc1(n / 2 + 1, drops));
  for (PetscInt i = 0; i + 1 < n;) {
    if (f[i + 1] < f[i]) {
      PetscInt j = i;
      while (j + 1 < n && f[j + 1] < f[j]) j++;
      if (f[i] - f[j] > floor) (*drops)[k++] = f[i] - f[j];
      i = j;
    } else i++;
  }
  *ndrops = k;
  PetscCall(PetscFree2(f, buf));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsPowerLawMLE(PetscInt n, const PetscReal *x, PetscReal xmin, PetscReal *tau, PetscReal *err, PetscInt *nused)
{
  PetscReal s = 0;
  PetscInt  m = 0;
  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++)
    if (x[i] >= xmin) s += PetscLogReal(x[i] / xmin), m++;
  *nused = m;
  *tau   = m > 0 && s > 0 ? 1 + m / s : NAN;
  *err   = m > 0 ? (*tau - 1) / PetscSqrtReal((PetscReal)m) : NAN;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Minimum-image separation b - a in a triclinic 2D cell (Lx, xy, Ly). */
static inline void MinImage(const PetscReal box[3], PetscReal *dx, PetscReal *dy)
{
  const PetscReal ny = round(*dy / box[2]);
  *dy -= ny * box[2];
  *dx -= ny * box[1];
  *dx -= round(*dx / box[0]) * box[0];
}

PetscErrorCode RsLocalStrain(PetscInt n, const PetscReal *ref, const PetscReal *cur, const PetscReal box0[3], const PetscReal box1[3], PetscReal rc, RsVonMises conv, PetscReal *eta, PetscReal *vm, int *ok)
{
  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++) {
    PetscReal V[4] = {0, 0, 0, 0}, W[4] = {0, 0, 0, 0};
    PetscInt  nn   = 0;
    for (PetscInt j = 0; j < n; j++) {
      if (j == i) continue;
      const PetscReal rx = ref[2 * j] - ref[2 * i], ry = ref[2 * j + 1] - ref[2 * i + 1];
      PetscReal       d0x = rx, d0y = ry;
      MinImage(box0, &d0x, &d0y);
      if (d0x * d0x + d0y * d0y >= rc * rc) continue;
      /* the same periodic image now: d0 = raw + na a0 + nb b0, so d = raw' + na a1 + nb b1 */
      const PetscReal nb = round((d0y - ry) / box0[2]), na = round((d0x - rx - nb * box0[1]) / box0[0]);
      const PetscReal dx = cur[2 * j] - cur[2 * i] + na * box1[0] + nb * box1[1], dy = cur[2 * j + 1] - cur[2 * i + 1] + nb * box1[2];
      V[0] += d0x * d0x, V[1] += d0x * d0y, V[2] += d0y * d0x, V[3] += d0y * d0y;
      W[0] += dx * d0x, W[1] += dx * d0y, W[2] += dy * d0x, W[3] += dy * d0y;
      nn++;
    }
    const PetscReal det = V[0] * V[3] - V[1] * V[2];
    if (nn < 2 || PetscAbsReal(det) < 1e-12 * (V[0] * V[3] + 1e-300)) {
      ok[i] = 0;
      eta[3 * i] = eta[3 * i + 1] = eta[3 * i + 2] = vm[i] = 0;
      continue;
    }
    const PetscReal Vi[4] = {V[3] / det, -V[1] / det, -V[2] / det, V[0] / det};
    const PetscReal F[4]  = {W[0] * Vi[0] + W[1] * Vi[2], W[0] * Vi[1] + W[1] * Vi[3], W[2] * Vi[0] + W[3] * Vi[2], W[2] * Vi[1] + W[3] * Vi[3]};
    /* eta = (F^T F - I) / 2 */
    const PetscReal exx = 0.5 * (F[0] * F[0] + F[2] * F[2] - 1), exy = 0.5 * (F[0] * F[1] + F[2] * F[3]), eyy = 0.5 * (F[1] * F[1] + F[3] * F[3] - 1);
    eta[3 * i]     = exx;
    eta[3 * i + 1] = exy;
    eta[3 * i + 2] = eyy;
    vm[i]          = conv == RS_VM_OVITO ? PetscSqrtReal(exy * exy + 0.5 * PetscSqr(exx - eyy)) : PetscSqrtReal(exy * exy + (exx * exx + eyy * eyy + PetscSqr(exx - eyy)) / 6);
    ok[i]          = 1;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsNonAffineDistance(PetscInt ns, const PetscInt *idx, const PetscReal *r1, PetscReal g1, const PetscReal *r2, PetscReal g2, PetscReal *d2)
{
  PetscReal c1[2] = {0, 0}, c2[2] = {0, 0}, s = 0;
  PetscFunctionBegin;
  for (PetscInt k = 0; k < ns; k++) {
    const PetscInt i = idx ? idx[k] : k;
    c1[0] += r1[2 * i], c1[1] += r1[2 * i + 1], c2[0] += r2[2 * i], c2[1] += r2[2 * i + 1];
  }
  for (int d = 0; d < 2; d++) c1[d] /= ns, c2[d] /= ns;
  for (PetscInt k = 0; k < ns; k++) {
    const PetscInt  i  = idx ? idx[k] : k;
    const PetscReal x1 = r1[2 * i] - c1[0], y1 = r1[2 * i + 1] - c1[1], x2 = r2[2 * i] - c2[0], y2 = r2[2 * i + 1] - c2[1];
    s += PetscSqr(x2 - x1 - (g2 - g1) * y1) + PetscSqr(y2 - y1);
  }
  *d2 = s / ns;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsCompactSubset(PetscInt n, const PetscReal *r, const PetscReal box[3], PetscInt centre, PetscInt ns, PetscInt *idx)
{
  PetscReal *d;
  PetscInt  *perm;
  PetscFunctionBegin;
  PetscCheck(ns >= 1 && ns <= n && centre >= 0 && centre < n, PETSC_COMM_SELF, RS_ERR_INPUT, "subset of %" PetscInt_FMT " atoms around atom %" PetscInt_FMT " of %" PetscInt_FMT, ns, centre, n);
  PetscCall(PetscMalloc2(n, &d, n, &perm));
  for (PetscInt j = 0; j < n; j++) {
    PetscReal dx = r[2 * j] - r[2 * centre], dy = r[2 * j + 1] - r[2 * centre + 1];
    MinImage(box, &dx, &dy);
    d[j]    = dx * dx + dy * dy;
    perm[j] = j;
  }
  PetscCall(PetscSortRealWithPermutation(n, d, perm));
  PetscCall(PetscArraycpy(idx, perm, ns));
  PetscCall(PetscFree2(d, perm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsClusters(PetscInt n, const PetscReal *r, const PetscReal box[3], const int *flag, PetscReal rc, PetscInt *nclusters, PetscInt **sizes, PetscBool **wraps)
{
  PetscInt  *label, *queue, *size, nc = 0;
  PetscReal *off; /* image offset (in cell vectors a, b) at which BFS reached each atom */
  PetscBool *wrap;
  PetscFunctionBegin;
  PetscCall(PetscMalloc5(n + 1, &label, n + 1, &queue, n + 1, &size, 2 * n + 2, &off, n + 1, &wrap));
  for (PetscInt i = 0; i < n; i++) label[i] = -1;
  for (PetscInt s = 0; s < n; s++) { /* breadth-first search per cluster, tracking unwrapped positions */
    if (!flag[s] || label[s] >= 0) continue;
    PetscInt head = 0, tail = 0;
    size[nc] = 0;
    wrap[nc] = PETSC_FALSE;
    label[s] = nc, off[2 * s] = off[2 * s + 1] = 0, queue[tail++] = s;
    while (head < tail) {
      const PetscInt i = queue[head++];
      size[nc]++;
      for (PetscInt j = 0; j < n; j++) {
        if (!flag[j] || j == i) continue;
        const PetscReal rdx = r[2 * j] - r[2 * i], rdy = r[2 * j + 1] - r[2 * i + 1];
        PetscReal       dx = rdx, dy = rdy;
        MinImage(box, &dx, &dy);
        if (dx * dx + dy * dy >= rc * rc) continue;
        /* image shift of j relative to i: (dx, dy) = (rdx, rdy) + nb * b + na * a */
        const PetscReal nb = round((dy - rdy) / box[2]), na = round((dx - rdx - nb * box[1]) / box[0]);
        const PetscReal oa = off[2 * i] + na, ob = off[2 * i + 1] + nb;
        if (label[j] < 0) {
          label[j] = nc, off[2 * j] = oa, off[2 * j + 1] = ob, queue[tail++] = j;
        } else if (off[2 * j] != oa || off[2 * j + 1] != ob) wrap[nc] = PETSC_TRUE;
      }
    }
    nc++;
  }
  PetscInt *perm;
  PetscCall(PetscMalloc1(nc + 1, &perm));
  for (PetscInt c = 0; c < nc; c++) perm[c] = c;
  for (PetscInt a = 1; a < nc; a++) /* by size, largest first (stable) */
    for (PetscInt b = a; b > 0 && size[perm[b - 1]] < size[perm[b]]; b--) {
      const PetscInt t = perm[b];
      perm[b] = perm[b - 1], perm[b - 1] = t;
    }
  PetscCall(PetscMalloc1(nc + 1, sizes));
  PetscCall(PetscMalloc1(nc + 1, wraps));
  for (PetscInt c = 0; c < nc; c++) (*sizes)[c] = size[perm[c]], (*wraps)[c] = wrap[perm[c]];
  *nclusters = nc;
  PetscCall(PetscFree(perm));
  PetscCall(PetscFree5(label, queue, size, off, wrap));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsFlowProfile(PetscInt n, const PetscReal *r0, const PetscReal *r1, PetscReal gamma, PetscReal Ly0, PetscInt nbins, PetscReal *profile, PetscReal *loc, PetscReal *core, PetscReal *alpha2, PetscReal *pr)
{
  PetscReal cx = 0, cy = 0, c0y = 0, ylo = PETSC_INFINITY, *cnt, *dxn;
  PetscFunctionBegin;
  PetscCall(PetscCalloc1(nbins, &cnt));
  PetscCall(PetscMalloc1(n, &dxn));
  for (PetscInt i = 0; i < n; i++) cx += (r1[2 * i] - r0[2 * i]) / n, cy += (r1[2 * i + 1] - r0[2 * i + 1]) / n, c0y += r0[2 * i + 1] / n, ylo = PetscMin(ylo, r0[2 * i + 1]);
  for (PetscInt b = 0; b < nbins; b++) profile[2 * b] = ylo + (b + 0.5) * Ly0 / nbins, profile[2 * b + 1] = 0;
  PetscReal m2 = 0, m4 = 0, q2 = 0, q4 = 0;
  for (PetscInt i = 0; i < n; i++) {
    const PetscReal dx = r1[2 * i] - r0[2 * i] - cx, dy = r1[2 * i + 1] - r0[2 * i + 1] - cy;
    const PetscInt  b  = PetscMin(nbins - 1, PetscMax(0, (PetscInt)((r0[2 * i + 1] - ylo) / Ly0 * nbins)));
    profile[2 * b + 1] += dx, cnt[b] += 1;
    dxn[i] = dx - gamma * (r0[2 * i + 1] - c0y);
    const PetscReal d2 = dxn[i] * dxn[i] + dy * dy;
    m2 += dxn[i] * dxn[i] / n, m4 += PetscSqr(dxn[i] * dxn[i]) / n, q2 += d2, q4 += d2 * d2;
  }
  for (PetscInt b = 0; b < nbins; b++) profile[2 * b + 1] = cnt[b] > 0 ? profile[2 * b + 1] / cnt[b] : NAN;
  *alpha2 = m2 > 0 ? m4 / (3 * m2 * m2) - 1 : NAN;
  *pr     = q4 > 0 ? q2 * q2 / (n * q4) : NAN;
  PetscReal s = PetscSqrtReal(m2); /* Gaussian core: standard deviation within +-2 s, iterated */
  for (int it = 0; it < 50 && s > 0; it++) {
    PetscReal a = 0;
    PetscInt  k = 0;
    for (PetscInt i = 0; i < n; i++)
      if (PetscAbsReal(dxn[i]) <= 2 * s) a += dxn[i] * dxn[i], k++;
    const PetscReal snew = k > 1 ? PetscSqrtReal(a / k) / 0.8796 : s; /* a Gaussian truncated at 2 sigma has 0.8796 sigma */
    if (PetscAbsReal(snew - s) < 1e-12 * s) break;
    s = snew;
  }
  *core = s;
  /* localisation: the narrowest run of bins holding 80 % of the total rise of the profile */
  PetscReal lo = PETSC_INFINITY, hi = PETSC_NINFINITY;
  for (PetscInt b = 0; b < nbins; b++)
    if (PetscIsNormalReal(profile[2 * b + 1]) || profile[2 * b + 1] == 0) lo = PetscMin(lo, profile[2 * b + 1]), hi = PetscMax(hi, profile[2 * b + 1]);
  PetscInt w = nbins;
  for (PetscInt a = 0; a < nbins && hi > lo; a++)
    for (PetscInt b = a; b < nbins; b++) {
      const PetscReal pa = profile[2 * a + 1], pb = profile[2 * b + 1];
      if (PetscIsNormalReal(pa - pb) && PetscAbsReal(pb - pa) >= 0.8 * (hi - lo) - 1e-12 * (hi - lo)) {
        w = PetscMin(w, b - a);
        break;
      }
    }
  *loc = hi > lo ? (PetscReal)w / nbins : NAN;
  PetscCall(PetscFree(cnt));
  PetscCall(PetscFree(dxn));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsBoxCounting(PetscInt m, const unsigned char *img, PetscReal *dim, PetscReal *err)
{
  PetscReal sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
  PetscInt  k = 0;
  PetscFunctionBegin;
  PetscCheck(m >= 8 && (m & (m - 1)) == 0, PETSC_COMM_SELF, RS_ERR_INPUT, "box counting needs a square image whose side is a power of 2 (>= 8), got %" PetscInt_FMT, m);
  for (PetscInt s = 1; s <= m / 4; s *= 2, k++) {
    PetscInt cnt = 0;
    for (PetscInt by = 0; by < m; by += s)
      for (PetscInt bx = 0; bx < m; bx += s) {
        PetscBool hit = PETSC_FALSE;
        for (PetscInt y = by; y < by + s && !hit; y++)
          for (PetscInt x = bx; x < bx + s && !hit; x++) hit = img[y * m + x] ? PETSC_TRUE : PETSC_FALSE;
        cnt += hit;
      }
    const PetscReal X = -PetscLogReal((PetscReal)s), Y = PetscLogReal((PetscReal)PetscMax(cnt, 1));
    sx += X, sy += Y, sxx += X * X, sxy += X * Y, syy += Y * Y;
  }
  PetscBool any = PETSC_FALSE;
  for (PetscInt i = 0; i < m * m && !any; i++) any = img[i] ? PETSC_TRUE : PETSC_FALSE;
  if (!any) { /* an empty set has no dimension */
    *dim = *err = NAN;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  const PetscReal det = k * sxx - sx * sx, b = (k * sxy - sx * sy) / det, a = (sy - b * sx) / k;
  const PetscReal res = syy - a * sy - b * sxy; /* residual sum of squares */
  *dim = b;
  *err = k > 2 ? PetscSqrtReal(PetscMax(res, 0) / (k - 2) * k / det) : NAN;
  PetscFunctionReturn(PETSC_SUCCESS);
}
