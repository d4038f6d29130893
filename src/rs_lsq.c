/* rs_lsq.c: weighted nonlinear least squares through TAO BRGN (see rs_lsq.h). The regulariser
   is the proximal one with a tiny weight (it vanishes at convergence), tolerances are tight,
   and the covariance comes from the Jacobian at the optimum. */
#include "rs_lsq.h"
#include <petsctao.h>
#include <petscblaslapack.h>

static PetscErrorCode Residual(Tao tao, Vec P, Vec R, void *ctx)
{
  const RsLSQ     *L = (const RsLSQ *)ctx;
  const PetscReal *p;
  PetscReal       *r, d[RS_LSQ_MAXP];
  PetscFunctionBegin;
  PetscCall(VecGetArrayRead(P, &p));
  PetscCall(VecGetArray(R, &r));
  for (PetscInt i = 0; i < L->n; i++) {
    PetscReal y;
    L->f(p, L->x[i], &y, d);
    r[i] = (y - L->y[i]) / L->s[i];
  }
  PetscCall(VecRestoreArray(R, &r));
  PetscCall(VecRestoreArrayRead(P, &p));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Jacobian(Tao tao, Vec P, Mat J, Mat Jpre, void *ctx)
{
  const RsLSQ     *L = (const RsLSQ *)ctx;
  const PetscReal *p;
  PetscReal        d[RS_LSQ_MAXP], y;
  PetscFunctionBegin;
  PetscCall(VecGetArrayRead(P, &p));
  for (PetscInt i = 0; i < L->n; i++) {
    L->f(p, L->x[i], &y, d);
    for (PetscInt j = 0; j < L->np; j++) PetscCall(MatSetValue(J, i, j, d[j] / L->s[i], INSERT_VALUES));
  }
  PetscCall(VecRestoreArrayRead(P, &p));
  PetscCall(MatAssemblyBegin(J, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(J, MAT_FINAL_ASSEMBLY));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* cov = (J^T J)^-1 at p (Cholesky); NaN entries when J^T J is singular. */
static PetscErrorCode Covariance(const RsLSQ *L, const PetscReal *p, PetscReal *cov)
{
  PetscReal    A[RS_LSQ_MAXP * RS_LSQ_MAXP] = {0}, d[RS_LSQ_MAXP], y;
  PetscBLASInt n = (PetscBLASInt)L->np, info;
  PetscFunctionBegin;
  for (PetscInt i = 0; i < L->n; i++) {
    L->f(p, L->x[i], &y, d);
    for (PetscInt a = 0; a < L->np; a++)
      for (PetscInt b = 0; b < L->np; b++) A[a * L->np + b] += d[a] * d[b] / (L->s[i] * L->s[i]);
  }
  LAPACKpotrf_("L", &n, A, &n, &info);
  if (!info) LAPACKpotri_("L", &n, A, &n, &info);
  for (PetscInt a = 0; a < L->np; a++)
    for (PetscInt b = 0; b < L->np; b++) cov[a * L->np + b] = info ? NAN : A[PetscMax(a, b) * L->np + PetscMin(a, b)];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsLSQSolve(const RsLSQ *L, const PetscReal *p0, RsLSQResult *res)
{
  Tao                tao;
  Vec                P, R, lo, hi;
  Mat                J;
  TaoConvergedReason reason;
  PetscReal         *p;
  PetscFunctionBegin;
  PetscCheck(L->np >= 1 && L->np <= RS_LSQ_MAXP && L->n >= L->np, PETSC_COMM_SELF, RS_ERR_INPUT, "least squares: %" PetscInt_FMT " points for %" PetscInt_FMT " parameters", L->n, L->np);
  PetscCall(PetscMemzero(res, sizeof *res));
  PetscCall(VecCreateSeq(PETSC_COMM_SELF, L->np, &P));
  PetscCall(VecDuplicate(P, &lo));
  PetscCall(VecDuplicate(P, &hi));
  PetscCall(VecCreateSeq(PETSC_COMM_SELF, L->n, &R));
  PetscCall(MatCreateSeqDense(PETSC_COMM_SELF, L->n, L->np, NULL, &J));
  PetscCall(VecGetArray(P, &p));
  for (PetscInt j = 0; j < L->np; j++) p[j] = p0[j];
  PetscCall(VecRestoreArray(P, &p));
  for (PetscInt j = 0; j < L->np; j++) {
    PetscCall(VecSetValue(lo, j, L->lo[j], INSERT_VALUES));
    PetscCall(VecSetValue(hi, j, L->hi[j], INSERT_VALUES));
  }
  PetscCall(VecAssemblyBegin(lo));
  PetscCall(VecAssemblyEnd(lo));
  PetscCall(VecAssemblyBegin(hi));
  PetscCall(VecAssemblyEnd(hi));
  PetscCall(TaoCreate(PETSC_COMM_SELF, &tao));
  PetscCall(TaoSetType(tao, TAOBRGN));
  PetscCall(TaoSetSolution(tao, P));
  PetscCall(TaoSetVariableBounds(tao, lo, hi));
  PetscCall(TaoSetResidualRoutine(tao, R, Residual, (void *)L));
  PetscCall(TaoSetJacobianResidualRoutine(tao, J, J, Jacobian, (void *)L));
  PetscCall(TaoBRGNSetRegularizerWeight(tao, 1e-10));
  PetscCall(TaoSetTolerances(tao, 1e-9, 1e-12, 1e-12));
  PetscCall(TaoSetMaximumIterations(tao, 500));
  PetscCall(TaoSolve(tao));
  PetscCall(TaoGetConvergedReason(tao, &reason));
  PetscCall(TaoGetIterationNumber(tao, &res->iterations));
  res->converged = reason > 0 ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(VecGetArray(P, &p));
  for (PetscInt j = 0; j < L->np; j++) {
    res->p[j] = p[j];
    if ((L->lo[j] > PETSC_NINFINITY && p[j] <= L->lo[j] + 1e-9 * (1 + PetscAbsReal(L->lo[j]))) || (L->hi[j] < PETSC_INFINITY && p[j] >= L->hi[j] - 1e-9 * (1 + PetscAbsReal(L->hi[j])))) res->atBound = PETSC_TRUE;
  }
  PetscCall(VecRestoreArray(P, &p));
  PetscCall(Residual(tao, P, R, (void *)L));
  PetscCall(VecDot(R, R, &res->chi2));
  res->dof = L->n - L->np;
  PetscCall(Covariance(L, res->p, res->cov));
  PetscCall(TaoDestroy(&tao));
  PetscCall(MatDestroy(&J));
  PetscCall(VecDestroy(&P));
  PetscCall(VecDestroy(&R));
  PetscCall(VecDestroy(&lo));
  PetscCall(VecDestroy(&hi));
  PetscFunctionReturn(PETSC_SUCCESS);
}
