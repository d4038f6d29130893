/* rs_lsq.h: weighted nonlinear least squares with PETSc TAO (BRGN, Gauss-Newton with bounds)
   on one rank: parameters, their covariance (J^T J)^-1 at the optimum (LAPACK Cholesky), chi^2. */
#ifndef RS_LSQ_H
#define RS_LSQ_H
#include "rs_sys.h"

#define RS_LSQ_MAXP 4

/* y(x; p) and dy/dp_j of a model. */
typedef void (*RsModelFn)(const PetscReal *p, PetscReal x, PetscReal *y, PetscReal *dydp);

typedef struct {
  PetscInt         n, np;     /* data points, parameters */
  const PetscReal *x, *y, *s; /* abscissae, values, standard errors (> 0) */
  RsModelFn        f;
  PetscReal        lo[RS_LSQ_MAXP], hi[RS_LSQ_MAXP]; /* bounds (use +-PETSC_INFINITY for none) */
} RsLSQ;

typedef struct {
  PetscReal p[RS_LSQ_MAXP];
  PetscReal cov[RS_LSQ_MAXP * RS_LSQ_MAXP]; /* (J^T J)^-1 of the weighted residuals */
  PetscReal chi2;                           /* sum of squared weighted residuals */
  PetscInt  dof;                            /* n - np */
  PetscInt  iterations;
  PetscBool converged, atBound;             /* atBound: a parameter ended on its bound */
} RsLSQResult;

/* Minimises sum ((f(x_i; p) - y_i) / s_i)^2 from the start p0 with TAO BRGN on PETSC_COMM_SELF. */
PetscErrorCode RsLSQSolve(const RsLSQ *prob, const PetscReal *p0, RsLSQResult *res);
#endif
