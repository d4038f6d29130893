/* Per-atom shear virial (site choice of regional ABC): the per-atom values add up to the xy
   virial of the force evaluation, in an orthogonal and in a tilted box. */
#include "rs_test.h"
#include "rs_atomstress.h"

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

static double tilts[] = {0.0, 0.3};

int main(int argc, char **argv)
{
  RsTestInit(&argc, &argv);
  const struct CMUnitTest tests[] = {cmocka_unit_test_prestate(test_sum, &tilts[0]), cmocka_unit_test_prestate(test_sum, &tilts[1])};
  int                     rc      = cmocka_run_group_tests_name("atomstress", tests, NULL, NULL);
  PetscFinalize();
  return rc;
}
