/* Minimisation (TAO): a perturbed one-species triangular lattice (a stationary point by
   symmetry at any spacing) returns to the lattice energy, with every atomic force below the
   tolerance; a dense random glass-like configuration ends below its start energy with
   |F|max < tolerance. */
#include "rs_test.h"
#include "rs_minimize.h"

static void test_lattice_recovered(void **st)
{
  RsPotential pot;
  RsSystem    sys;
  RsMinResult r;
  RsMinConfig mc = {1e-6, 5000}; /* TAO's energy-based line search stalls near 1e-7 eV/A (round-off of E) */
  uint64_t    s  = 17;
  RsTestPotential(&pot, RS_PAIR_LJ_SMOOTH_LINEAR);
  RsTestConfig(&sys, &pot, 12, 12, 2.45, 0.0, 0.0, 1);
  for (PetscInt i = 0; i < sys.p.n; i++) sys.p.type[i] = 0;
  assert_int_equal(RsSystemComputeForces(&sys, RS_FORCE_ENERGY), 0);
  const double elat = sys.last.energy;
  for (PetscInt k = 0; k < 2 * sys.p.n; k++) sys.p.x[k] += 0.1 * (RsTestRand(&s) - 0.5);
  assert_int_equal(RsMinimize(&sys, &mc, &r), 0);
  print_message("  lattice: E0 %.6f -> %.12f (lattice %.12f), |F|max %.1e, %d iterations, %lld evaluations\n", r.e0, r.e, elat, r.fmax, (int)r.iterations, (long long)r.evaluations);
  assert_true(r.converged && r.fmax < 1e-6);
  assert_true(fabs(r.e - elat) < 1e-9 * fabs(elat));
  RsSystemRelease(&sys);
}

static void test_glass_descends(void **st)
{
  RsPotential pot;
  RsSystem    sys;
  RsMinResult r;
  RsMinConfig mc = {1e-6, 20000};
  RsTestPotential(&pot, RS_PAIR_LJ_SMOOTH_LINEAR);
  RsTestConfig(&sys, &pot, 12, 12, 3.05, 0.4, 0.2, 2);
  assert_int_equal(RsMinimize(&sys, &mc, &r), 0);
  print_message("  glass: E0 %.6f -> %.6f, |F|max %.1e, %d iterations, %lld evaluations\n", r.e0, r.e, r.fmax, (int)r.iterations, (long long)r.evaluations);
  assert_true(r.converged && r.e < r.e0);
  /* after the minimisation the system is a normal system again: an evaluation agrees */
  assert_int_equal(RsSystemComputeForces(&sys, RS_FORCE_ENERGY), 0);
  assert_true(fabs(sys.last.energy - r.e) < 1e-10 * fabs(r.e));
  RsSystemRelease(&sys);
}

int main(int argc, char **argv)
{
  RsTestInit(&argc, &argv);
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_lattice_recovered), cmocka_unit_test(test_glass_descends)};
  int                     rc      = cmocka_run_group_tests_name("minimize", tests, NULL, NULL);
  PetscFinalize();
  return rc;
}
