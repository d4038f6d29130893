/* Tg two-line fit: recovers a known break point from synthetic data (exact lines, then with
   noise, where the true Tg must lie within 3 reported standard errors), and refuses ranges with
   too few points. */
#include "rs_test.h"
#include "rs_tg.h"

static void Synth(PetscReal *T, PetscReal *y, PetscInt n, PetscReal tg, PetscReal noise, uint64_t seed)
{
  for (PetscInt i = 0; i < n; i++) {
    T[i] = 50 + 600.0 * i / (n - 1);
    /* glass slope 2e-4 eV/K, liquid slope 5e-4 eV/K, continuous at tg */
    y[i] = T[i] < tg ? -4.0 + 2e-4 * T[i] : -4.0 + 2e-4 * tg + 5e-4 * (T[i] - tg);
    y[i] += noise * (RsTestRand(&seed) - 0.5) * 3.4641016; /* uniform with standard deviation noise */
  }
}

static void test_exact(void **st)
{
  PetscReal T[121], y[121], g[2] = {60, 335}, l[2] = {500, 625};
  RsTgFit   fit;
  Synth(T, y, 121, 420.0, 0.0, 1);
  assert_int_equal(RsTgCompute(121, T, y, g, l, &fit), 0);
  assert_true(fabs(fit.tg - 420.0) < 1e-6);
  assert_true(fabs(fit.glass[1] - 2e-4) < 1e-12 && fabs(fit.liquid[1] - 5e-4) < 1e-12);
}

static void test_noisy(void **st)
{
  PetscReal T[121], y[121], g[2] = {60, 335}, l[2] = {500, 625};
  RsTgFit   fit;
  for (uint64_t s = 1; s <= 5; s++) {
    Synth(T, y, 121, 407.0, 2e-3, s);
    assert_int_equal(RsTgCompute(121, T, y, g, l, &fit), 0);
    print_message("  seed %d: Tg %.1f +- %.1f K (true 407)\n", (int)s, (double)fit.tg, (double)fit.tgErr);
    assert_true(fit.tgErr > 0 && fabs(fit.tg - 407.0) < 3 * fit.tgErr);
  }
}

static void test_bad_ranges(void **st)
{
  PetscReal T[121], y[121], g[2] = {60, 61}, l[2] = {500, 625};
  RsTgFit   fit;
  Synth(T, y, 121, 420.0, 0.0, 1);
  RS_ASSERT_FAILS_WITH(RsTgCompute(121, T, y, g, l, &fit), "glass range [60");
}

int main(int argc, char **argv)
{
  RsTestInit(&argc, &argv);
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_exact), cmocka_unit_test(test_noisy), cmocka_unit_test(test_bad_ranges)};
  int                     rc      = cmocka_run_group_tests_name("tg", tests, NULL, NULL);
  PetscFinalize();
  return rc;
}
