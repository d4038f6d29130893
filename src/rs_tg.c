/* rs_tg.c: Tg by the two-line construction (PHYSICS.md 3.3). Each branch is a linear least-
   squares fit y = a + b T solved by LAPACK (xGELS) on the points inside its range; the
   parameter covariance is s^2 (X^T X)^-1 with s^2 the residual variance. The lines meet at
   Tg = (a_g - a_l) / (b_l - b_g); its standard error follows from the two covariances by first-
   order propagation (the branches are independent data). The fit ranges matter (moving them by
   8 % of Tg moves Tg by 15-20 K on this model, CALIBRATION.md): report them with the result. */
#include "rs_tg.h"
#include <petscblaslapack.h>

/* Line fit on the points with lo <= T <= hi: coefficients, covariance (aa, ab, bb), count. */
static PetscErrorCode FitLine(PetscInt n, const PetscReal *T, const PetscReal *y, const PetscReal range[2], const char *what, PetscReal coef[2], PetscReal cov[3], PetscInt *m)
{
  PetscScalar *X, *Y;
  PetscInt     k = 0;
  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++) k += T[i] >= range[0] && T[i] <= range[1];
  PetscCheck(k >= 3, PETSC_COMM_SELF, RS_ERR_INPUT, "Tg fit: the %s range [%g, %g] K holds %" PetscInt_FMT " points, at least 3 are needed", what, (double)range[0], (double)range[1], k);
  PetscCall(PetscMalloc2(2 * k, &X, k, &Y));
  PetscReal s1 = 0, st = 0, stt = 0;
  for (PetscInt i = 0, r = 0; i < n; i++)
    if (T[i] >= range[0] && T[i] <= range[1]) {
      X[r]     = 1.0; /* column-major k x 2 */
      X[k + r] = T[i];
      Y[r]     = y[i];
      s1 += 1;
      st += T[i];
      stt += T[i] * T[i];
      r++;
    }
  PetscBLASInt bm, bn = 2, nrhs = 1, lwork = 64, info;
  PetscScalar  work[64];
  PetscCall(PetscBLASIntCast(k, &bm));
  LAPACKgels_("N", &bm, &bn, &nrhs, X, &bm, Y, &bm, work, &lwork, &info);
  PetscCheck(info == 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "Tg fit: LAPACK gels failed (info %d)", (int)info);
  coef[0] = Y[0];
  coef[1] = Y[1];
  PetscReal rss = 0;
  for (PetscInt i = 0; i < n; i++)
    if (T[i] >= range[0] && T[i] <= range[1]) {
      const PetscReal r = y[i] - coef[0] - coef[1] * T[i];
      rss += r * r;
    }
  const PetscReal s2 = k > 2 ? rss / (k - 2) : 0, det = s1 * stt - st * st;
  cov[0] = s2 * stt / det;
  cov[1] = -s2 * st / det;
  cov[2] = s2 * s1 / det;
  *m     = k;
  PetscCall(PetscFree2(X, Y));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsTgCompute(PetscInt n, const PetscReal *T, const PetscReal *y, const PetscReal glassRange[2], const PetscReal liquidRange[2], RsTgFit *fit)
{
  PetscReal cg[3], cl[3];
  PetscFunctionBegin;
  PetscCall(FitLine(n, T, y, glassRange, "glass", fit->glass, cg, &fit->nglass));
  PetscCall(FitLine(n, T, y, liquidRange, "liquid", fit->liquid, cl, &fit->nliquid));
  const PetscReal db = fit->liquid[1] - fit->glass[1];
  PetscCheck(fabs(db) > 1e-12 * (fabs(fit->liquid[1]) + fabs(fit->glass[1])), PETSC_COMM_SELF, RS_ERR_INPUT, "Tg fit: the glass and liquid branches have the same slope");
  fit->tg = (fit->glass[0] - fit->liquid[0]) / db;
  /* d Tg / d(a_g, b_g, a_l, b_l) */
  const PetscReal ga = 1 / db, gb = fit->tg / db, la = -1 / db, lb = -fit->tg / db;
  const PetscReal var = ga * ga * cg[0] + 2 * ga * gb * cg[1] + gb * gb * cg[2] + la * la * cl[0] + 2 * la * lb * cl[1] + lb * lb * cl[2];
  fit->tgErr = sqrt(PetscMax(var, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}
