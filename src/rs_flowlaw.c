/* rs_flowlaw.c: the two flow laws of the paper fitted by weighted least squares (TAO, rs_lsq.c)
   on x = ln rate (PHYSICS.md 11.1-11.2).
   Starting values: each law is linear in all parameters but one (ln B, ln D); a scan of that
   one with the linear parameters solved in closed form for each value gives the start.
   Errors: (J^T J)^-1, scaled by sqrt(chi2/dof) when that exceeds 1 (the scatter is then larger
   than the stated errors). */
#include "rs_flow.h"
#include "rs_units.h"

/* tau = A asinh(exp(x - lnB)) */
static void Asinh(const PetscReal *p, PetscReal x, PetscReal *y, PetscReal *d)
{
  const PetscReal u = PetscExpReal(x - p[1]);
  *y   = p[0] * PetscAsinhReal(u);
  d[0] = PetscAsinhReal(u);
  d[1] = -p[0] * u / PetscSqrtReal(1 + u * u);
}

/* tau = tau_c - C (lnD - x)^(2/3) */
static void RegimeIII(const PetscReal *p, PetscReal x, PetscReal *y, PetscReal *d)
{
  const PetscReal L = PetscMax(p[2] - x, 1e-12);
  *y   = p[0] - p[1] * PetscPowReal(L, 2.0 / 3.0);
  d[0] = 1;
  d[1] = -PetscPowReal(L, 2.0 / 3.0);
  d[2] = -p[1] * (2.0 / 3.0) * PetscPowReal(L, -1.0 / 3.0);
}

/* Checks shared by both laws; fills x = ln rate. */
static PetscErrorCode Prepare(PetscInt n, PetscInt need, const PetscReal *rate, const PetscReal *tau, const PetscReal *err, PetscReal *x, RsLawFit *fit)
{
  PetscReal sx = 0, sy = 0, sxx = 0, sxy = 0;
  PetscFunctionBegin;
  fit->ok = PETSC_FALSE;
  fit->n  = n;
  for (int k = 0; k < 3; k++) fit->p[k] = fit->err[k] = fit->bootErr[k] = NAN;
  fit->derived = fit->derivedErr = fit->chi2 = fit->redChi2 = NAN;
  if (n < need) {
    snprintf(fit->why, sizeof fit->why, "insufficient data: %d points, the law needs at least %d", (int)n, (int)need);
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  fit->rateLo = PETSC_INFINITY;
  fit->rateHi = 0;
  for (PetscInt i = 0; i < n; i++) {
    if (!(rate[i] > 0) || !PetscIsNormalReal(tau[i]) || !(err[i] > 0)) {
      snprintf(fit->why, sizeof fit->why, "point %d has rate %g, stress %g, error %g: rates and errors must be positive and stresses finite", (int)i + 1, (double)rate[i], (double)tau[i], (double)err[i]);
      PetscFunctionReturn(PETSC_SUCCESS);
    }
    x[i] = PetscLogReal(rate[i]);
    fit->rateLo = PetscMin(fit->rateLo, rate[i]);
    fit->rateHi = PetscMax(fit->rateHi, rate[i]);
    sx += x[i], sy += tau[i], sxx += x[i] * x[i], sxy += x[i] * tau[i];
  }
  if (!(n * sxy - sx * sy > 0)) {
    snprintf(fit->why, sizeof fit->why, "the flow stress does not grow with the rate over these %d points (non-monotone data): no rate law to fit", (int)n);
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  fit->ok = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Result of the solve into the fit record. */
static void Store(const RsLSQResult *r, PetscInt np, RsLawFit *fit)
{
  const PetscReal scale = r->dof > 0 && r->chi2 / r->dof > 1 ? PetscSqrtReal(r->chi2 / r->dof) : 1.0;
  fit->np      = np;
  fit->chi2    = r->chi2;
  fit->redChi2 = r->dof > 0 ? r->chi2 / r->dof : NAN;
  for (PetscInt j = 0; j < np; j++) {
    fit->p[j]   = r->p[j];
    fit->err[j] = scale * PetscSqrtReal(r->cov[j * np + j]);
  }
}

PetscErrorCode RsFitAsinh(PetscInt n, const PetscReal *rate, const PetscReal *tau, const PetscReal *err, PetscReal T, RsLawFit *fit)
{
  PetscReal  *x, best = PETSC_INFINITY, p0[2] = {0, 0};
  RsLSQResult r;
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(n + 1, &x));
  PetscCall(Prepare(n, 3, rate, tau, err, x, fit));
  if (!fit->ok) {
    PetscCall(PetscFree(x));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  const PetscReal xlo = PetscLogReal(fit->rateLo), xhi = PetscLogReal(fit->rateHi);
  for (PetscReal lnB = xlo - 12; lnB <= xhi + 12; lnB += 0.05) { /* A in closed form for each B */
    PetscReal sa = 0, saa = 0, c = 0;
    for (PetscInt i = 0; i < n; i++) {
      const PetscReal a = PetscAsinhReal(PetscExpReal(x[i] - lnB)), w = 1 / (err[i] * err[i]);
      sa += w * a * tau[i], saa += w * a * a;
    }
    const PetscReal A = sa / saa;
    for (PetscInt i = 0; i < n; i++) c += PetscSqr((A * PetscAsinhReal(PetscExpReal(x[i] - lnB)) - tau[i]) / err[i]);
    if (A > 0 && c < best) best = c, p0[0] = A, p0[1] = lnB;
  }
  RsLSQ L = {.n = n, .np = 2, .x = x, .y = tau, .s = err, .f = Asinh, .lo = {0, xlo - 40}, .hi = {PETSC_INFINITY, xhi + 40}};
  PetscCall(RsLSQSolve(&L, p0, &r));
  Store(&r, 2, fit);
  if (!r.converged || !(fit->p[0] > 0)) {
    fit->ok = PETSC_FALSE;
    snprintf(fit->why, sizeof fit->why, "the asinh fit did not converge from A = %g MPa, B = %g /s", (double)p0[0], (double)PetscExpReal(p0[1]));
  }
  /* delta_eta Omega = kB T / A with A in eV/A^3: A[MPa] / (RS_EVA3_TO_MPA) at thickness h (the stress is per area x h) */
  const PetscReal AeV = fit->p[0] / RS_EVA3_TO_MPA;
  fit->derived        = RS_BOLTZ * T / AeV;
  fit->derivedErr     = fit->derived * fit->err[0] / fit->p[0];
  PetscCall(PetscFree(x));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsFitRegimeIII(PetscInt n, const PetscReal *rate, const PetscReal *tau, const PetscReal *err, PetscReal T, RsLawFit *fit)
{
  PetscReal  *x, best = PETSC_INFINITY, p0[3] = {0, 0, 0};
  RsLSQResult r;
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(n + 1, &x));
  PetscCall(Prepare(n, 4, rate, tau, err, x, fit));
  if (!fit->ok) {
    PetscCall(PetscFree(x));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  const PetscReal xhi = PetscLogReal(fit->rateHi);
  for (PetscReal lnD = xhi + 0.1; lnD <= xhi + 25; lnD += 0.02) { /* tau_c, C by weighted linear least squares */
    PetscReal sw = 0, sl = 0, sll = 0, st = 0, slt = 0, c = 0;
    for (PetscInt i = 0; i < n; i++) {
      const PetscReal l = PetscPowReal(lnD - x[i], 2.0 / 3.0), w = 1 / (err[i] * err[i]);
      sw += w, sl += w * l, sll += w * l * l, st += w * tau[i], slt += w * l * tau[i];
    }
    const PetscReal det = sw * sll - sl * sl, tc = (st * sll - sl * slt) / det, C = -(sw * slt - sl * st) / det;
    for (PetscInt i = 0; i < n; i++) c += PetscSqr((tc - C * PetscPowReal(lnD - x[i], 2.0 / 3.0) - tau[i]) / err[i]);
    if (C > 0 && c < best) best = c, p0[0] = tc, p0[1] = C, p0[2] = lnD;
  }
  if (!(best < PETSC_INFINITY)) {
    fit->ok = PETSC_FALSE;
    snprintf(fit->why, sizeof fit->why, "no positive C for any D above the largest rate: the data do not follow the regime III law");
    PetscCall(PetscFree(x));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  RsLSQ L = {.n = n, .np = 3, .x = x, .y = tau, .s = err, .f = RegimeIII, .lo = {PETSC_NINFINITY, 0, xhi + 0.1}, .hi = {PETSC_INFINITY, PETSC_INFINITY, xhi + 60}};
  PetscCall(RsLSQSolve(&L, p0, &r));
  Store(&r, 3, fit);
  if (r.atBound && fit->p[2] <= xhi + 0.1 + 1e-6) {
    fit->ok = PETSC_FALSE;
    snprintf(fit->why, sizeof fit->why, "the data put D at the largest rate %g /s (the law needs rate < D): rates above D", (double)fit->rateHi);
  } else if (!r.converged) {
    fit->ok = PETSC_FALSE;
    snprintf(fit->why, sizeof fit->why, "the regime III fit did not converge");
  }
  const PetscReal q = fit->p[0] / fit->p[1];
  fit->derived      = RS_BOLTZ * T * PetscPowReal(q, 1.5);
  fit->derivedErr   = 1.5 * fit->derived * PetscSqrtReal(PetscSqr(fit->err[0] / fit->p[0]) + PetscSqr(fit->err[1] / fit->p[1]));
  PetscCall(PetscFree(x));
  PetscFunctionReturn(PETSC_SUCCESS);
}
