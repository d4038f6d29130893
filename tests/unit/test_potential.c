/* Pair kernel against the closed forms, zero energy and force at every cutoff, and the
   derivative of the energy against central differences. */
#include "rs_test.h"

/* phi(r) = V(r) - V(rc) - (r - rc) V'(rc), written directly from PHYSICS.md. */
static double ClosedForm(RsPairForm form, double eps, double s, double rc, double r, double *dphi)
{
  double V, dV, Vc, dVc;
  if (form == RS_PAIR_LJ_SMOOTH_LINEAR) {
    V   = 4 * eps * (pow(s / r, 12) - pow(s / r, 6));
    dV  = 4 * eps * (-12 * pow(s / r, 12) + 6 * pow(s / r, 6)) / r;
    Vc  = 4 * eps * (pow(s / rc, 12) - pow(s / rc, 6));
    dVc = 4 * eps * (-12 * pow(s / rc, 12) + 6 * pow(s / rc, 6)) / rc;
  } else {
    V   = eps * (pow(s / r, 8) - 2 * pow(s / r, 4));
    dV  = eps * (-8 * pow(s / r, 8) + 8 * pow(s / r, 4)) / r;
    Vc  = eps * (pow(s / rc, 8) - 2 * pow(s / rc, 4));
    dVc = eps * (-8 * pow(s / rc, 8) + 8 * pow(s / rc, 4)) / rc;
  }
  *dphi = dV - dVc;
  return V - Vc - (r - rc) * dVc;
}

static void test_closed_form(void **state)
{
  for (int form = 0; form < 2; form++) {
    RsPotential pot;
    RsTestPotential(&pot, (RsPairForm)form);
    for (int a = 0; a < 2; a++)
      for (int b = 0; b < 2; b++) {
        PetscInt t = a * RS_MAX_TYPES + b;
        for (double r = 0.8 * pot.sigma[a][b]; r < pot.rcut[a][b]; r += 0.0137) {
          double    dphi, e = ClosedForm((RsPairForm)form, pot.epsilon[a][b], pot.sigma[a][b], pot.rcut[a][b], r, &dphi);
          PetscReal fp, ek = RsPairEval((RsPairForm)form, &pot, t, r * r, &fp);
          assert_true(fabs(ek - e) <= 1e-12 * fmax(1.0, fabs(e)));
          assert_true(fabs(fp * r + dphi) <= 1e-11 * fmax(1.0, fabs(dphi)));
        }
      }
  }
}

static void test_zero_at_cutoff(void **state)
{
  for (int form = 0; form < 2; form++) {
    RsPotential pot;
    RsTestPotential(&pot, (RsPairForm)form);
    for (int a = 0; a < 2; a++)
      for (int b = 0; b < 2; b++) {
        PetscInt  t  = a * RS_MAX_TYPES + b;
        double    rc = pot.rcut[a][b];
        PetscReal fp, e = RsPairEval((RsPairForm)form, &pot, t, rc * rc, &fp);
        assert_true(fabs(e) < 1e-15);
        assert_true(fabs(fp) < 1e-14);
        /* continuity: just inside, energy ~ (rc-r)^2 and force ~ (rc-r) */
        double r = rc - 1e-4;
        e        = RsPairEval((RsPairForm)form, &pot, t, r * r, &fp);
        assert_true(fabs(e) < 1e-7);
        assert_true(fabs(fp * r) < 1e-4);
        assert_true(e != 0.0);
      }
  }
}

static void test_derivative(void **state)
{
  for (int form = 0; form < 2; form++) {
    RsPotential pot;
    RsTestPotential(&pot, (RsPairForm)form);
    PetscInt t = 0 * RS_MAX_TYPES + 1;
    for (double r = 2.3; r < 6.5; r += 0.1) {
      const double h = 1e-6;
      PetscReal    fp, fm, f0;
      double       ep = RsPairEval((RsPairForm)form, &pot, t, (r + h) * (r + h), &fp);
      double       em = RsPairEval((RsPairForm)form, &pot, t, (r - h) * (r - h), &fm);
      RsPairEval((RsPairForm)form, &pot, t, r * r, &f0);
      double fd = -(ep - em) / (2 * h);
      assert_true(fabs(fd - f0 * r) <= 1e-6 * fmax(fabs(f0 * r), 1e-2));
    }
  }
}

int main(int argc, char **argv)
{
  RsTestInit(&argc, &argv);
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_closed_form), cmocka_unit_test(test_zero_at_cutoff), cmocka_unit_test(test_derivative)};
  int                     rc      = cmocka_run_group_tests_name("potential", tests, NULL, NULL);
  PetscFinalize();
  return rc;
}
