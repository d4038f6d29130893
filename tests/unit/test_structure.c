/* Structure checks: a hexagonal crystal is flagged (|psi6| = 1 everywhere), a random (ideal gas)
   configuration is not, its g(r) is 1 within noise, and random species give half unlike
   neighbours. */
#include "rs_test.h"
#include "rs_structure.h"

static void test_crystal_flagged(void **st)
{
  RsPotential pot;
  RsSystem    sys;
  RsStructure s;
  RsTestPotential(&pot, RS_PAIR_LJ_SMOOTH_LINEAR);
  RsTestConfig(&sys, &pot, 16, 16, 3.0, 0.0, 0.0, 3); /* perfect triangular lattice */
  assert_int_equal(RsStructureCompute(&sys, 5.0, &s), 0);
  print_message("  crystal: mean |psi6| %.4f, > 0.9: %.3f, unlike %.3f\n", (double)s.psi6Mean, (double)s.frac09, (double)s.unlikeFrac);
  assert_true(s.psi6Mean > 0.999 && s.frac09 == 1.0 && s.crystallised);
  assert_true(s.nshort == 0 && s.natoms == 256);
  assert_true(fabs(s.unlikeFrac - 0.5) < 0.05);
  RsSystemRelease(&sys);
}

static void test_random_not_flagged(void **st)
{
  RsPotential pot;
  RsSystem    sys;
  RsStructure s;
  uint64_t    seed = 99;
  RsTestPotential(&pot, RS_PAIR_LJ_SMOOTH_LINEAR);
  RsTestConfig(&sys, &pot, 40, 40, 3.0, 0.0, 0.0, 4);
  for (PetscInt i = 0; i < sys.p.n; i++) { /* ideal gas: uniform random points */
    PetscReal f[2] = {RsTestRand(&seed), RsTestRand(&seed)};
    RsBoxFromFrac(&sys.box, f, &sys.p.x[2 * i]);
  }
  assert_int_equal(RsStructureCompute(&sys, 5.5, &s), 0);
  double mean = 0;
  int    nb   = 0;
  for (int b = 0; b < RS_GR_BINS; b++) {
    double r = (b + 0.5) * s.dr;
    if (r < 1.5) continue;
    mean += (s.gr[0][b] + 2 * s.gr[1][b] + s.gr[2][b]) / 4;
    nb++;
  }
  mean /= nb;
  print_message("  ideal gas: mean |psi6| %.3f, > 0.9: %.3f, g(r) mean %.3f\n", (double)s.psi6Mean, (double)s.frac09, mean);
  assert_false(s.crystallised);
  assert_true(s.psi6Mean < 0.5);
  assert_true(fabs(mean - 1.0) < 0.05);
  RsSystemRelease(&sys);
}

int main(int argc, char **argv)
{
  RsTestInit(&argc, &argv);
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_crystal_flagged), cmocka_unit_test(test_random_not_flagged)};
  int                     rc      = cmocka_run_group_tests_name("structure", tests, NULL, NULL);
  PetscFinalize();
  return rc;
}
