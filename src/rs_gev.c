/* rs_gev.c: maximum-likelihood fit of the generalised extreme value distribution (PHYSICS.md 8)
   with PETSc TAO's Nelder-Mead on (mu, ln s, xi), started from the Gumbel moments; standard
   errors from the inverse of the observed information (finite-difference Hessian of the
   negative log-likelihood, LAPACK Cholesky). */
#include "rs_analysis.h"
#include <petsctao.h>
#include <petscblaslapack.h>

typedef struct {
  PetscInt         n;
  const PetscReal *x;
} GEVData;

/* Negative log-likelihood at (mu, ln s, xi); +inf outside the support. */
static PetscReal NegLogLik(const GEVData *d, const PetscReal *p)
{
  const PetscReal mu = p[0], s = PetscExpReal(p[1]), xi = p[2];
  PetscReal       L = 0;
  for (PetscInt i = 0; i < d->n; i++) {
    const PetscReal z = (d->x[i] - mu) / s;
    if (PetscAbsReal(xi) < 1e-8) L += PetscLogReal(s) + z + PetscExpReal(-z);
    else {
      const PetscReal q = 1 + xi * z;
      if (q <= 0) return PETSC_INFINITY;
      L += PetscLogReal(s) + (1 + 1 / xi) * PetscLogReal(q) + PetscPowReal(q, -1 / xi);
    }
  }
  return L;
}

static PetscErrorCode Objective(Tao tao, Vec P, PetscReal *f, void *ctx)
{
  const PetscReal *p;
  PetscFunctionBegin;
  PetscCall(VecGetArrayRead(P, &p));
  *f = NegLogLik((const GEVData *)ctx, p);
  if (!(*f < PETSC_INFINITY)) *f = 1e300;
  PetscCall(VecRestoreArrayRead(P, &p));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsGEVFit(PetscInt n, const PetscReal *x, RsGEV *fit)
{
  GEVData   d = {n, x};
  PetscReal m = 0, v = 0, *p;
  Tao       tao;
  Vec       P;
  PetscFunctionBegin;
  PetscCall(PetscMemzero(fit, sizeof *fit));
  fit->n = n;
  PetscCheck(n >= 10, PETSC_COMM_SELF, RS_ERR_INPUT, "GEV fit: %" PetscInt_FMT " values, need at least 10", n);
  for (PetscInt i = 0; i < n; i++) m += x[i];
  m /= n;
  for (PetscInt i = 0; i < n; i++) v += PetscSqr(x[i] - m);
  v /= (n - 1);
  const PetscReal s0 = PetscSqrtReal(6 * v) / PETSC_PI;
  PetscCall(VecCreateSeq(PETSC_COMM_SELF, 3, &P));
  PetscCall(VecGetArray(P, &p));
  p[0] = m - 0.5772156649 * s0, p[1] = PetscLogReal(s0), p[2] = 0.1;
  if (!(NegLogLik(&d, p) < PETSC_INFINITY)) p[2] = 0.0;
  PetscCall(VecRestoreArray(P, &p));
  PetscCall(TaoCreate(PETSC_COMM_SELF, &tao));
  PetscCall(TaoSetType(tao, TAONM));
  PetscCall(TaoSetSolution(tao, P));
  PetscCall(TaoSetObjective(tao, Objective, &d));
  PetscCall(TaoSetTolerances(tao, 1e-12, 1e-12, 0));
  PetscCall(TaoSetMaximumIterations(tao, 20000));
  PetscCall(TaoSetMaximumFunctionEvaluations(tao, 40000));
  PetscCall(TaoSolve(tao));
  PetscCall(VecGetArray(P, &p));
  PetscReal q[3] = {p[0], p[1], p[2]};
  PetscCall(VecRestoreArray(P, &p));
  PetscCall(TaoDestroy(&tao));
  PetscCall(VecDestroy(&P));
  fit->mu     = q[0];
  fit->s      = PetscExpReal(q[1]);
  fit->xi     = q[2];
  fit->loglik = -NegLogLik(&d, q);
  fit->mode   = PetscAbsReal(fit->xi) < 1e-8 ? fit->mu : fit->mu + fit->s * (PetscPowReal(1 + fit->xi, -fit->xi) - 1) / fit->xi;
  { /* observed information: central finite differences of the negative log-likelihood */
    PetscReal    H[9], h[3] = {1e-4 * fit->s, 1e-4, 1e-4};
    PetscBLASInt nn = 3, info;
    for (int a = 0; a < 3; a++)
      for (int b = 0; b < 3; b++) {
        PetscReal pp[3], f[4];
        for (int k = 0; k < 4; k++) {
          PetscArraycpy(pp, q, 3);
          pp[a] += (k & 1 ? -1 : 1) * h[a];
          pp[b] += (k & 2 ? -1 : 1) * h[b];
          f[k] = NegLogLik(&d, pp);
        }
        H[3 * a + b] = (f[0] - f[1] - f[2] + f[3]) / (4 * h[a] * h[b]);
      }
    LAPACKpotrf_("L", &nn, H, &nn, &info);
    if (!info) LAPACKpotri_("L", &nn, H, &nn, &info);
    fit->ok     = info == 0 && fit->loglik > PETSC_NINFINITY ? PETSC_TRUE : PETSC_FALSE;
    fit->err[0] = info ? NAN : PetscSqrtReal(H[0]);
    fit->err[1] = info ? NAN : fit->s * PetscSqrtReal(H[4]); /* delta method: s = exp(ln s) */
    fit->err[2] = info ? NAN : PetscSqrtReal(H[8]);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
