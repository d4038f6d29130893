/* rs_flow.c: flow stress of a task, the flow points of a sweep, the MD/ABC rate calibration
   (PHYSICS.md 5.5) and the strain-rate sensitivity with regime labels (PHYSICS.md 11.3).

   Flow stress: the mean of sigma_xy over the steady-state strain window (the record must reach
   the window's end to within 1 % of its length); its error from
   `blocks` contiguous block means (standard error of the block means), which accounts for the
   correlation along the strain axis.
   Points: tasks with the same (temperature, method, rate or Q0) form a point; seeds are
   averaged within each sample (seeds on one glass are not independent glasses), then the mean
   and standard error are taken over samples. With one sample the error is the standard error
   over its seeds, or with one seed the block error.
   Calibration: for each ABC point whose stress lies between two MD points (MD sorted by rate and
   increasing there), ln rate* is interpolated linearly in ln rate, with error sigma_tau / slope;
   then ln rate* = c0 + c1 Q0 by weighted least squares (TAO): rate0 = exp(c0),
   a = 1 + c1 kB T. Every ABC point then gets ln rate = c0 + c1 Q0 with its propagated error.
   Sensitivity: m at a point is the slope of a weighted straight-line fit of ln tau on ln rate
   over the mPoints nearest points in rate (its error from the fit); labels: III above the rate
   where m is smallest when m has risen above that minimum by more than max(2 sigma_m, 0.02)
   (the upturn), I below it where m >= mRegimeI, II otherwise. */
#include "rs_flow.h"
#include "rs_units.h"

PetscErrorCode RsFlowStress(PetscInt n, const PetscReal *strain, const PetscReal *sxy, const RsFlowConfig *fc, PetscReal *tau, PetscReal *err, PetscBool *ok)
{
  PetscInt  i0 = -1, i1 = -1;
  PetscReal s = 0;
  PetscFunctionBegin;
  *tau = *err = NAN;
  *ok         = PETSC_FALSE;
  if (n < 1 || strain[n - 1] < fc->window[1] - 0.01 * (fc->window[1] - fc->window[0])) PetscFunctionReturn(PETSC_SUCCESS); /* (1 %: MD records average over intervals) */
  for (PetscInt i = 0; i < n; i++)
    if (strain[i] >= fc->window[0] - 1e-12 && strain[i] <= fc->window[1] + 1e-12) {
      if (i0 < 0) i0 = i;
      i1 = i;
    }
  const PetscInt m = i0 < 0 ? 0 : i1 - i0 + 1, nb = fc->blocks;
  if (m < 2 * nb) PetscFunctionReturn(PETSC_SUCCESS);
  for (PetscInt i = i0; i <= i1; i++) s += sxy[i];
  *tau = s / m;
  PetscReal b1 = 0, b2 = 0;
  for (PetscInt b = 0; b < nb; b++) { /* contiguous blocks of (almost) equal length */
    const PetscInt lo = i0 + b * m / nb, hi = i0 + (b + 1) * m / nb;
    PetscReal      bm = 0;
    for (PetscInt i = lo; i < hi; i++) bm += sxy[i];
    bm /= (hi - lo);
    b1 += bm, b2 += bm * bm;
  }
  b1 /= nb;
  *err = PetscSqrtReal(PetscMax(b2 / nb - b1 * b1, 0) * nb / (nb - 1) / nb);
  *ok  = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Mean and standard error of v[0..n) (error 0 for n < 2). */
static void MeanSE(PetscInt n, const PetscReal *v, PetscReal *mean, PetscReal *se)
{
  PetscReal s = 0, q = 0;
  for (PetscInt i = 0; i < n; i++) s += v[i];
  *mean = s / n;
  for (PetscInt i = 0; i < n; i++) q += PetscSqr(v[i] - *mean);
  *se = n > 1 ? PetscSqrtReal(q / (n - 1) / n) : 0;
}

PetscErrorCode RsFlowPoints(const RsPlan *plan, const PetscReal *tau, const PetscReal *err, const PetscReal *capped, PetscInt *npoints, RsFlowPoint **points)
{
  RsFlowPoint *pts;
  PetscInt     np = 0;
  PetscFunctionBegin;
  PetscCall(PetscCalloc1(plan->n + 1, &pts));
  for (PetscInt t = 0; t < plan->n; t++) { /* one point per (T, method, rate | Q0) */
    const RsTask *k = &plan->task[t];
    PetscInt      p;
    if (k->method == RS_TASK_PREPARE) continue;
    for (p = 0; p < np; p++)
      if (pts[p].method == k->method && pts[p].T == k->temperature && (k->method == RS_TASK_MD ? pts[p].rate == k->rate : pts[p].q0 == k->q0)) break;
    if (p == np) {
      pts[np] = (RsFlowPoint){.method = k->method, .T = k->temperature, .q0 = k->method == RS_TASK_ABC ? k->q0 : NAN, .rate = k->method == RS_TASK_MD ? k->rate : NAN, .lnRateErr = k->method == RS_TASK_MD ? 0 : NAN, .m = NAN, .mErr = NAN, .capped = NAN};
      np++;
    }
  }
  for (PetscInt p = 0; p < np; p++) {
    RsFlowPoint *P = &pts[p];
    PetscReal    seedv[RS_SWEEP_MAXLIST], seedErr = NAN, lastErr = NAN, cap[2] = {0, 0};
    for (PetscInt s = 0; s < RS_SWEEP_MAXLIST; s++) { /* samples in plan order */
      PetscInt ns = 0;
      for (PetscInt t = 0; t < plan->n; t++) {
        const RsTask *k = &plan->task[t];
        if (k->method != P->method || k->sample != s || k->temperature != P->T || (k->method == RS_TASK_MD ? k->rate != P->rate : k->q0 != P->q0) || !PetscIsNormalReal(tau[t])) continue;
        seedv[ns++] = tau[t];
        lastErr     = err[t];
        P->ntasks++;
        if (capped) cap[0] += capped[2 * t], cap[1] += capped[2 * t + 1];
      }
      if (!ns) continue;
      PetscReal mean, se;
      MeanSE(ns, seedv, &mean, &se);
      P->perSample[P->nsamples++] = mean;
      seedErr                      = ns > 1 ? se : lastErr;
    }
    P->capped = cap[1] > 0 ? cap[0] / cap[1] : NAN;
    if (!P->nsamples) {
      P->tau = P->tauErr = NAN;
      continue;
    }
    MeanSE(P->nsamples, P->perSample, &P->tau, &P->tauErr);
    if (P->nsamples == 1) P->tauErr = seedErr;
  }
  *npoints = np;
  *points  = pts;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ln tau*(Q0) = c0 + c1 Q0 */
static void Line(const PetscReal *p, PetscReal x, PetscReal *y, PetscReal *d)
{
  *y   = p[0] + p[1] * x;
  d[0] = 1;
  d[1] = x;
}

PetscErrorCode RsFlowCalibrate(PetscInt n, RsFlowPoint *pts, PetscReal T, RsRateCalib *cal)
{
  PetscInt  nmd = 0, nc = 0, *md;
  PetscReal q[RS_SWEEP_MAXLIST], lr[RS_SWEEP_MAXLIST], le[RS_SWEEP_MAXLIST];
  PetscFunctionBegin;
  PetscCall(PetscMemzero(cal, sizeof *cal));
  PetscCall(PetscMalloc1(n + 1, &md));
  for (PetscInt p = 0; p < n; p++)
    if (pts[p].T == T && pts[p].method == RS_TASK_MD && PetscIsNormalReal(pts[p].tau)) md[nmd++] = p;
  for (PetscInt i = 1; i < nmd; i++) /* MD points by rate */
    for (PetscInt j = i; j > 0 && pts[md[j - 1]].rate > pts[md[j]].rate; j--) {
      const PetscInt s = md[j];
      md[j]            = md[j - 1];
      md[j - 1]        = s;
    }
  for (PetscInt p = 0; p < n && nc < RS_SWEEP_MAXLIST; p++) {
    const RsFlowPoint *A = &pts[p];
    if (A->T != T || A->method != RS_TASK_ABC || !PetscIsNormalReal(A->tau)) continue;
    for (PetscInt i = 0; i + 1 < nmd; i++) {
      const RsFlowPoint *lo = &pts[md[i]], *hi = &pts[md[i + 1]];
      if (!(hi->tau > lo->tau) || A->tau < lo->tau || A->tau > hi->tau) continue;
      const PetscReal slope = (hi->tau - lo->tau) / (PetscLogReal(hi->rate) - PetscLogReal(lo->rate)); /* MPa per ln rate */
      const PetscReal f     = (A->tau - lo->tau) / (hi->tau - lo->tau);
      q[nc]                 = A->q0;
      lr[nc]                = PetscLogReal(lo->rate) + (A->tau - lo->tau) / slope;
      le[nc]                = PetscSqrtReal(PetscSqr(A->tauErr) + PetscSqr((1 - f) * lo->tauErr) + PetscSqr(f * hi->tauErr)) / slope;
      if (!(le[nc] > 0)) le[nc] = 1e-3;
      nc++;
      break;
    }
  }
  PetscCall(PetscFree(md));
  cal->n = nc;
  PetscBool distinct = PETSC_FALSE;
  for (PetscInt i = 1; i < nc; i++)
    if (q[i] != q[0]) distinct = PETSC_TRUE;
  if (nmd < 2 || nc < 2 || !distinct) {
    snprintf(cal->why, sizeof cal->why, "insufficient data for the rate calibration at %g K: %d MD rates and %d ABC Q0 values whose flow stress lies inside the MD range (need 2 and 2)", (double)T, (int)nmd, (int)nc);
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  RsLSQ       L = {.n = nc, .np = 2, .x = q, .y = lr, .s = le, .f = Line, .lo = {PETSC_NINFINITY, PETSC_NINFINITY}, .hi = {PETSC_INFINITY, PETSC_INFINITY}};
  RsLSQResult r;
  PetscReal   p0[2] = {lr[0], 0};
  PetscCall(RsLSQSolve(&L, p0, &r));
  const PetscReal scale = r.dof > 0 && r.chi2 / r.dof > 1 ? r.chi2 / r.dof : 1.0;
  for (int k = 0; k < 2; k++) cal->c[k] = r.p[k];
  for (int k = 0; k < 4; k++) cal->cov[k] = scale * r.cov[k];
  if (!(cal->c[1] < 0)) {
    snprintf(cal->why, sizeof cal->why, "rate calibration at %g K: the ABC flow stress does not fall as Q0 grows (slope %+.3g per eV): no rate mapping", (double)T, (double)cal->c[1]);
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  const PetscReal kT = RS_BOLTZ * T;
  cal->ok            = PETSC_TRUE;
  cal->rate0         = PetscExpReal(cal->c[0]);
  cal->rate0Err      = cal->rate0 * PetscSqrtReal(cal->cov[0]);
  cal->a             = 1 + cal->c[1] * kT;
  cal->aErr          = kT * PetscSqrtReal(cal->cov[3]);
  for (PetscInt p = 0; p < n; p++)
    if (pts[p].T == T && pts[p].method == RS_TASK_ABC) {
      const PetscReal Q = pts[p].q0;
      pts[p].rate       = PetscExpReal(cal->c[0] + cal->c[1] * Q);
      pts[p].lnRateErr  = PetscSqrtReal(PetscMax(cal->cov[0] + Q * Q * cal->cov[3] + 2 * Q * cal->cov[1], 0));
    }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsFlowSensitivity(PetscInt n, RsFlowPoint *pts, PetscReal T, const RsFlowConfig *fc)
{
  PetscInt *idx, k = 0, half = fc->mPoints / 2, imin = -1;
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(n + 1, &idx));
  for (PetscInt p = 0; p < n; p++) {
    pts[p].regime = 0;
    if (pts[p].T == T && pts[p].rate > 0 && PetscIsNormalReal(pts[p].tau) && pts[p].tau > 0) idx[k++] = p;
  }
  for (PetscInt i = 1; i < k; i++)
    for (PetscInt j = i; j > 0 && pts[idx[j - 1]].rate > pts[idx[j]].rate; j--) {
      const PetscInt s = idx[j];
      idx[j]           = idx[j - 1];
      idx[j - 1]       = s;
    }
  for (PetscInt i = 0; i < k && k >= 3; i++) {
    PetscInt  lo = PetscMax(0, i - half), hi = PetscMin(k - 1, lo + 2 * half);
    PetscReal sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    lo = PetscMax(0, hi - 2 * half);
    for (PetscInt j = lo; j <= hi; j++) {
      const RsFlowPoint *P = &pts[idx[j]];
      const PetscReal    x = PetscLogReal(P->rate), y = PetscLogReal(P->tau), e = P->tauErr > 0 ? P->tauErr / P->tau : 1e-3, w = 1 / (e * e);
      sw += w, sx += w * x, sy += w * y, sxx += w * x * x, sxy += w * x * y;
    }
    const PetscReal det = sw * sxx - sx * sx;
    pts[idx[i]].m       = (sw * sxy - sx * sy) / det;
    pts[idx[i]].mErr    = PetscSqrtReal(sw / det);
  }
  for (PetscInt i = 0; i < k && k >= 3; i++)
    if (imin < 0 || pts[idx[i]].m < pts[idx[imin]].m) imin = i;
  for (PetscInt i = 0; i < k && k >= 3; i++) {
    const RsFlowPoint *P = &pts[idx[i]];
    const PetscBool    up = i > imin && P->m > pts[idx[imin]].m + PetscMax(2 * P->mErr, 0.02) ? PETSC_TRUE : PETSC_FALSE;
    pts[idx[i]].regime    = up ? 3 : i < imin && P->m >= fc->mRegimeI ? 1 : 2;
  }
  PetscCall(PetscFree(idx));
  PetscFunctionReturn(PETSC_SUCCESS);
}
