/* Lowest Hessian eigenvalues behind the ABC width rule (rs_hessian.c) against dense linear
   algebra on a minimised 100-atom glass: the dense Hessian by central differences of the forces,
   LAPACK eigenvalues of (1) the whole Hessian (its two translation zeros skipped), (2) the block
   of a region with the other atoms held, (3) the region's Schur complement
   H_RR - H_RO H_OO^-1 H_OR (the other atoms relaxed; its two translation zeros skipped). The
   Lanczos estimates must agree to 1e-3 relative, and the three must be ordered
   full <= relaxed <= held (interlacing). */
#include "rs_test.h"
#include "rs_abc.h"
#include <petscblaslapack.h>

/* Eigenvalues (ascending) of the symmetric n x n matrix a (overwritten). */
static void Eig(PetscBLASInt n, PetscReal *a, PetscReal *w)
{
  PetscBLASInt lwork = 10 * n, info;
  PetscReal   *work  = malloc(sizeof(PetscReal) * lwork);
  LAPACKsyev_("N", "U", &n, a, &n, w, work, &lwork, &info);
  assert_int_equal(info, 0);
  free(work);
}

/* Dense Hessian (2n x 2n, symmetrised) of the frozen layout by central differences of the forces. */
static PetscReal *DenseHessian(RsSystem *sys)
{
  const PetscInt  n2 = 2 * sys->p.n;
  PetscReal      *H = calloc((size_t)n2 * n2, sizeof *H), *fp = malloc(sizeof *fp * n2);
  const PetscReal h = 1e-4;
  for (PetscInt c = 0; c < n2; c++) { /* column c: -(F(x + h e_c) - F(x - h e_c)) / 2h */
    const PetscReal x0 = sys->p.x[c];
    sys->p.x[c]        = x0 + h;
    assert_int_equal(RsSystemComputeForces(sys, RS_FORCE_ENERGY), 0);
    memcpy(fp, sys->p.f, sizeof *fp * n2);
    sys->p.x[c] = x0 - h;
    assert_int_equal(RsSystemComputeForces(sys, RS_FORCE_ENERGY), 0);
    sys->p.x[c] = x0;
    for (PetscInt k = 0; k < n2; k++) H[(size_t)c * n2 + k] = -(fp[k] - sys->p.f[k]) / (2 * h);
  }
  for (PetscInt a = 0; a < n2; a++) /* symmetrise the difference noise */
    for (PetscInt b = 0; b < a; b++) H[(size_t)a * n2 + b] = H[(size_t)b * n2 + a] = 0.5 * (H[(size_t)a * n2 + b] + H[(size_t)b * n2 + a]);
  free(fp);
  assert_int_equal(RsSystemComputeForces(sys, RS_FORCE_ENERGY), 0);
  return H;
}

/* Lowest eigenvalue of the block of H (2n x 2n) over the atoms within R of the point c. */
static PetscReal HeldLowest(const RsSystem *sys, const PetscReal *H, const PetscReal c[2], PetscReal R)
{
  const PetscInt n2 = 2 * sys->p.n;
  PetscInt      *ri = malloc(sizeof *ri * n2), nr = 0;
  for (PetscInt i = 0; i < sys->p.n; i++) {
    PetscReal d[2] = {sys->p.x[2 * i] - c[0], sys->p.x[2 * i + 1] - c[1]};
    RsBoxMinImage(&sys->box, d);
    if (d[0] * d[0] + d[1] * d[1] < R * R) ri[nr++] = 2 * i, ri[nr++] = 2 * i + 1;
  }
  PetscReal *A = malloc(sizeof *A * nr * nr), *w = malloc(sizeof *w * nr), lo;
  for (PetscInt a = 0; a < nr; a++)
    for (PetscInt b = 0; b < nr; b++) A[a * nr + b] = H[(size_t)ri[a] * n2 + ri[b]];
  Eig((PetscBLASInt)nr, A, w);
  lo = w[0];
  free(ri), free(A), free(w);
  return lo;
}

/* The 100-atom glass minimised to 1e-9 eV/A, its layout frozen (forces evaluated once more). */
static void Glass(RsPotential *pot, RsSystem *sys)
{
  RsMinConfig mc;
  RsMinResult r;
  RsTestPotential(pot, RS_PAIR_LJ_SMOOTH_LINEAR);
  RsTestConfig(sys, pot, 10, 10, 3.05, 0.4, 0.1, 3);
  RsMinConfigDefault(&mc);
  mc.fmaxTol = 1e-9;
  assert_int_equal(RsMinimize(sys, &mc, NULL, &r), 0);
  assert_true(r.converged);
  sys->forceRebuild = PETSC_TRUE;
  assert_int_equal(RsSystemComputeForces(sys, RS_FORCE_ENERGY), 0);
  sys->frozen = PETSC_TRUE;
}

static void test_eigenvalues(void **st)
{
  RsPotential pot;
  RsSystem    sys;
  Glass(&pot, &sys); /* the layout is frozen from here on (same order for the dense matrix and the Lanczos runs) */
  const PetscInt n = sys.p.n, n2 = 2 * n;
  PetscReal     *H = DenseHessian(&sys), *w = malloc(sizeof *w * n2);
  assert_int_equal(RsSystemComputeForces(&sys, RS_FORCE_ENERGY), 0);
  /* region: the atoms within 9 A of atom 0 (minimum image) */
  char    *mask = calloc(n, 1);
  PetscInt nr   = 0, *ri = malloc(sizeof *ri * n2), *oi = malloc(sizeof *oi * n2), no = 0;
  for (PetscInt i = 0; i < n; i++) {
    PetscReal d[2] = {sys.p.x[2 * i] - sys.p.x[0], sys.p.x[2 * i + 1] - sys.p.x[1]};
    RsBoxMinImage(&sys.box, d);
    mask[i] = d[0] * d[0] + d[1] * d[1] < 81 ? 1 : 0;
    for (int k = 0; k < 2; k++) {
      if (mask[i]) ri[nr++] = 2 * i + k;
      else oi[no++] = 2 * i + k;
    }
  }
  print_message("  %d atoms, region %d atoms\n", (int)n, (int)nr / 2);
  assert_true(nr >= 20 && no >= 20);
  /* (1) whole Hessian */
  PetscReal *A = malloc(sizeof *A * (size_t)n2 * n2);
  memcpy(A, H, sizeof *A * (size_t)n2 * n2);
  Eig((PetscBLASInt)n2, A, w);
  assert_true(fabs(w[0]) < 1e-5 && fabs(w[1]) < 1e-5 && w[2] > 1e-4);
  const PetscReal full = w[2];
  /* (2) held block and (3) Schur complement */
  PetscReal *Hrr = malloc(sizeof *A * nr * nr), *Hoo = malloc(sizeof *A * no * no), *Hor = malloc(sizeof *A * no * nr);
  for (PetscInt a = 0; a < nr; a++)
    for (PetscInt b = 0; b < nr; b++) Hrr[a * nr + b] = H[(size_t)ri[a] * n2 + ri[b]];
  for (PetscInt a = 0; a < no; a++)
    for (PetscInt b = 0; b < no; b++) Hoo[a * no + b] = H[(size_t)oi[a] * n2 + oi[b]];
  for (PetscInt b = 0; b < nr; b++)
    for (PetscInt a = 0; a < no; a++) Hor[b * no + a] = H[(size_t)ri[b] * n2 + oi[a]]; /* column b of H_OR */
  memcpy(A, Hrr, sizeof *A * nr * nr);
  Eig((PetscBLASInt)nr, A, w);
  const PetscReal held = w[0];
  {
    PetscBLASInt bo = (PetscBLASInt)no, br = (PetscBLASInt)nr, info;
    PetscReal   *X  = malloc(sizeof *A * no * nr);
    memcpy(X, Hor, sizeof *A * no * nr);
    LAPACKpotrf_("L", &bo, Hoo, &bo, &info);
    assert_int_equal(info, 0);
    LAPACKpotrs_("L", &bo, &br, Hoo, &bo, X, &bo, &info); /* X = H_OO^-1 H_OR */
    assert_int_equal(info, 0);
    for (PetscInt a = 0; a < nr; a++)
      for (PetscInt b = 0; b < nr; b++) {
        PetscReal s = 0;
        for (PetscInt k = 0; k < no; k++) s += Hor[a * no + k] * X[b * no + k];
        A[a * nr + b] = Hrr[a * nr + b] - s;
      }
    free(X);
  }
  Eig((PetscBLASInt)nr, A, w);
  assert_true(fabs(w[0]) < 1e-5 && fabs(w[1]) < 1e-5 && w[2] > 1e-4); /* the region's translation, the rest following */
  const PetscReal relaxed = w[2];
  PetscReal       lf, lh, lr;
  assert_int_equal(RsABCLowestEigenvalue(&sys, 300, NULL, PETSC_FALSE, &lf), 0);
  assert_int_equal(RsABCLowestEigenvalue(&sys, 300, mask, PETSC_FALSE, &lh), 0);
  assert_int_equal(RsABCLowestEigenvalue(&sys, 300, mask, PETSC_TRUE, &lr), 0);
  print_message("  lambda_min: full %.6g (Lanczos %.6g), region held %.6g (%.6g), region relaxed %.6g (%.6g) eV/A^2\n", full, lf, held, lh, relaxed, lr);
  assert_true(fabs(lf - full) < 1e-3 * full);
  assert_true(fabs(lh - held) < 1e-3 * held);
  assert_true(fabs(lr - relaxed) < 1e-3 * relaxed);
  assert_true(full <= relaxed * (1 + 1e-9) && relaxed <= held * (1 + 1e-9));
  free(H), free(w), free(mask), free(ri), free(oi), free(A), free(Hrr), free(Hoo), free(Hor);
  sys.frozen = PETSC_FALSE;
  RsSystemRelease(&sys);
}

/* -abc_width_sites M: the width rule's lambda_min is the median of the held-block lowest
   eigenvalues of the regions centred on the grid ((i + 1/2) / gx, (j + 1/2) / gy), gx = ceil(sqrt M),
   gy = ceil(M / gx), against dense eigenvalues of those blocks (M = 3: the middle one; M = 4: the
   mean of the middle two); sigma follows W / sigma^2 = c lambda_min. */
static void test_width_sites(void **st)
{
  RsPotential pot;
  RsSystem    sys;
  Glass(&pot, &sys);
  PetscReal *H = DenseHessian(&sys), lam[4];
  sys.frozen   = PETSC_FALSE;
  const PetscReal R = 9, grid[4][2] = {{0.25, 0.25}, {0.75, 0.25}, {0.25, 0.75}, {0.75, 0.75}};
  for (int k = 0; k < 4; k++) {
    PetscReal c[2];
    RsBoxFromFrac(&sys.box, grid[k], c);
    lam[k] = HeldLowest(&sys, H, c, R);
  }
  print_message("  held lambda_min at the 4 grid regions: %.6g %.6g %.6g %.6g eV/A^2\n", lam[0], lam[1], lam[2], lam[3]);
  assert_true(lam[0] != lam[1] && lam[1] != lam[2]); /* the sites differ, so the median is a real choice */
  for (PetscInt M = 3; M <= 4; M++) {
    PetscReal v[4];
    memcpy(v, lam, sizeof v);
    for (int a = 0; a < M; a++) /* sort the first M */
      for (int b = a + 1; b < M; b++)
        if (v[b] < v[a]) { PetscReal t = v[a]; v[a] = v[b]; v[b] = t; }
    const PetscReal want = M == 3 ? v[1] : 0.5 * (v[1] + v[2]);
    RsABCConfig     c;
    RsABC           abc;
    RsABCConfigDefault(&c);
    c.regionRadius = R;
    c.widthSites   = M;
    c.lanczosIter  = 300;
    assert_int_equal(RsABCSetUp(&abc, &c, &sys), 0);
    print_message("  M = %d: lambda_min %.6g (dense median %.6g), sigma %.4f A\n", (int)M, abc.lambdaMin, want, abc.sigma);
    assert_true(fabs(abc.lambdaMin - want) < 1e-3 * want);
    assert_true(fabs(abc.sigma - sqrt(c.w / (c.c * abc.lambdaMin))) < 1e-12);
  }
  free(H);
  RsSystemRelease(&sys);
}

int main(int argc, char **argv)
{
  RsTestInit(&argc, &argv);
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_eigenvalues), cmocka_unit_test(test_width_sites)};
  int                     rc      = cmocka_run_group_tests_name("hessian", tests, NULL, NULL);
  PetscFinalize();
  return rc;
}
