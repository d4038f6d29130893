/* Per-atom shear virial (site choice of regional ABC): the per-atom values add up to the xy
   virial of the force evaluation, in an orthogonal and in a tilted box; a masked penalty acts
   only on the masked atoms and its forces are minus the finite-difference gradient. */
#include "rs_test.h"
#include "rs_atomstress.h"
#include "rs_penalty.h"

static void test_sum(void **st)
{
  const double tilt = *(double *)*st;
  RsPotential  pot;
  RsSystem     sys;
  PetscReal   *w, sum = 0, wmin = 0, wmax = 0;
  RsTestPotential(&pot, RS_PAIR_LJ_SMOOTH_LINEAR);
  RsTestConfig(&sys, &pot, 14, 14, 3.0, 0.5, tilt, 3);
  assert_int_equal(PetscMalloc1(sys.p.n, &w), 0);
  assert_int_equal(RsSystemAtomVirialXY(&sys, w), 0);
  for (PetscInt i = 0; i < sys.p.n; i++) {
    sum += w[i];
    wmin = PetscMin(wmin, w[i]);
    wmax = PetscMax(wmax, w[i]);
  }
  print_message("  tilt %.2f: sum of per-atom w_xy %.12f eV, total %.12f eV (per-atom range %.3f .. %.3f)\n", tilt, sum, sys.last.virial[2], wmin, wmax);
  assert_true(fabs(sum - sys.last.virial[2]) < 1e-10 * (fabs(wmax) + fabs(wmin)) * sys.p.n);
  assert_true(wmax - wmin > 0.1); /* not trivially zero */
  PetscFree(w);
  RsSystemRelease(&sys);
}

static void test_masked_penalty(void **st)
{
  enum { NA = 12 };
  RsDomain    dom = {0};
  RsPenalties P   = {0};
  char        mask[NA];
  PetscReal   x[2 * NA], c[2 * NA], f[2 * NA], e, worst = 0, fmax = 0;
  uint64_t    s = 11;
  dom.comm = PETSC_COMM_SELF;
  dom.size = 1;
  for (int i = 0; i < NA; i++) mask[i] = i % 3 == 0;
  for (int k = 0; k < 2 * NA; k++) {
    c[k] = RsTestRand(&s) - 0.5;
    x[k] = RsTestRand(&s) - 0.5;
    f[k] = 0;
  }
  assert_int_equal(RsPenaltiesSetUp(&P, RS_PENALTY_GAUSSIAN, 0.05, 1.0, 2 * NA, mask, NA / 3), 0);
  assert_int_equal(RsPenaltiesAdd(&P, c), 0);
  assert_int_equal(RsPenaltiesEvaluate(&P, &dom, x, f, &e), 0);
  for (int k = 0; k < 2 * NA; k++) {
    const PetscReal h = 1e-5, x0 = x[k];
    PetscReal       ep, em;
    x[k] = x0 + h;
    assert_int_equal(RsPenaltiesEvaluate(&P, &dom, x, NULL, &ep), 0);
    x[k] = x0 - h;
    assert_int_equal(RsPenaltiesEvaluate(&P, &dom, x, NULL, &em), 0);
    x[k] = x0;
    worst = PetscMax(worst, PetscAbsReal(f[k] + (ep - em) / (2 * h)));
    fmax  = PetscMax(fmax, PetscAbsReal(f[k]));
    if (!mask[k / 2]) assert_true(f[k] == 0 && ep == em); /* unmasked atoms: no force, no energy change */
  }
  print_message("  masked penalty: E %.6f, max |F + dE/dx| %.1e of max |F| %.3e\n", e, worst, fmax);
  assert_true(e > 0 && fmax > 1e-4 && worst < 1e-6 * fmax);
  RsPenaltiesRelease(&P);
}

static double tilts[] = {0.0, 0.3};

int main(int argc, char **argv)
{
  RsTestInit(&argc, &argv);
  const struct CMUnitTest tests[] = {cmocka_unit_test_prestate(test_sum, &tilts[0]), cmocka_unit_test_prestate(test_sum, &tilts[1]), cmocka_unit_test(test_masked_penalty)};
  int                     rc      = cmocka_run_group_tests_name("atomstress", tests, NULL, NULL);
  PetscFinalize();
  return rc;
}
