/* ABC penalties: forces are minus the finite-difference gradient of the penalty energy (both
   forms, several overlapping centres, COM-free distance); the height at a centre is W; energy
   and force vanish at the truncation radius (3 sigma Gaussian, sigma quartic); a rigid
   translation costs nothing; the active list gives the same energies as summing all centres. */
#include "rs_test.h"
#include "rs_penalty.h"

enum { NA = 20 };

static void fill(PetscReal *x, uint64_t *s, PetscReal amp)
{
  for (int k = 0; k < 2 * NA; k++) x[k] = amp * (RsTestRand(s) - 0.5);
}

static void test_fd(void **st)
{
  const RsPenaltyForm form = *(RsPenaltyForm *)*st;
  RsDomain            dom  = {0};
  RsPenalties         P    = {0};
  PetscReal           x[2 * NA], c[2 * NA], f[2 * NA], e, worst = 0, fmax = 0;
  uint64_t            s = 5;
  dom.comm = PETSC_COMM_SELF;
  dom.size = 1;
  assert_int_equal(RsPenaltiesSetUp(&P, form, 0.05, form == RS_PENALTY_QUARTIC ? 5.0 : 2.0, 2 * NA, NULL, NA), 0); /* quartic: zero beyond sigma */
  for (int k = 0; k < 3; k++) {
    fill(c, &s, 1.0);
    assert_int_equal(RsPenaltiesAdd(&P, c), 0);
  }
  fill(x, &s, 1.0);
  for (int k = 0; k < 2 * NA; k++) f[k] = 0;
  assert_int_equal(RsPenaltiesEvaluate(&P, &dom, x, f, &e), 0);
  assert_true(e > 0);
  for (int k = 0; k < 2 * NA; k++) {
    const PetscReal h = 1e-5, x0 = x[k];
    PetscReal       ep, em;
    x[k] = x0 + h;
    assert_int_equal(RsPenaltiesEvaluate(&P, &dom, x, NULL, &ep), 0);
    x[k] = x0 - h;
    assert_int_equal(RsPenaltiesEvaluate(&P, &dom, x, NULL, &em), 0);
    x[k]  = x0;
    worst = PetscMax(worst, PetscAbsReal(f[k] + (ep - em) / (2 * h)));
    fmax  = PetscMax(fmax, PetscAbsReal(f[k]));
  }
  print_message("  %s: E %.6f eV, max |F + dE/dx| %.2e of max |F| %.3e\n", RsPenaltyForms[form], e, worst, fmax);
  assert_true(fmax > 1e-4 && worst < 1e-6 * fmax + 1e-12);
  /* a rigid translation of x changes nothing; the active list equals the full sum */
  PetscReal e2, e3;
  for (int k = 0; k < 2 * NA; k += 2) x[k] += 0.7;
  assert_int_equal(RsPenaltiesEvaluate(&P, &dom, x, NULL, &e2), 0);
  P.valid = PETSC_FALSE;
  assert_int_equal(RsPenaltiesEvaluate(&P, &dom, x, NULL, &e3), 0);
  assert_true(PetscAbsReal(e2 - e) < 1e-12 && PetscAbsReal(e3 - e) < 1e-12);
  RsPenaltiesRelease(&P);
}

static void test_shape(void **st)
{
  const RsPenaltyForm form = *(RsPenaltyForm *)*st;
  RsDomain            dom  = {0};
  RsPenalties         P    = {0};
  PetscReal           c[2 * NA], x[2 * NA], f[2 * NA], d[2 * NA], e, q = 0, m[2] = {0, 0};
  uint64_t            s = 9;
  const PetscReal     sigma = 1.5, rc = form == RS_PENALTY_GAUSSIAN ? 3 * sigma : sigma;
  dom.comm = PETSC_COMM_SELF;
  dom.size = 1;
  assert_int_equal(RsPenaltiesSetUp(&P, form, 0.05, sigma, 2 * NA, NULL, NA), 0);
  fill(c, &s, 4.0);
  assert_int_equal(RsPenaltiesAdd(&P, c), 0);
  assert_int_equal(RsPenaltiesEvaluate(&P, &dom, c, NULL, &e), 0);
  assert_true(PetscAbsReal(e - 0.05) < 1e-14); /* height W at the centre */
  fill(d, &s, 1.0); /* a COM-free direction of unit norm */
  for (int k = 0; k < 2 * NA; k++) m[k % 2] += d[k] / NA;
  for (int k = 0; k < 2 * NA; k++) q += PetscSqr(d[k] - m[k % 2]);
  for (int k = 0; k < 2 * NA; k++) d[k] = (d[k] - m[k % 2]) / PetscSqrtReal(q);
  for (int side = -1; side <= 1; side += 2) { /* just inside and just outside the radius */
    const PetscReal r = rc * (1 + side * 1e-6);
    PetscReal       fm = 0;
    for (int k = 0; k < 2 * NA; k++) {
      x[k] = c[k] + r * d[k];
      f[k] = 0;
    }
    assert_int_equal(RsPenaltiesEvaluate(&P, &dom, x, f, &e), 0);
    for (int k = 0; k < 2 * NA; k++) fm = PetscMax(fm, PetscAbsReal(f[k]));
    print_message("  %s at %.7f x radius: E %.2e eV, max |F| %.2e eV/A\n", RsPenaltyForms[form], 1 + side * 1e-6, e, fm);
    assert_true(e < 1e-12 && fm < 1e-7);
  }
  RsPenaltiesRelease(&P);
}

static RsPenaltyForm forms[] = {RS_PENALTY_GAUSSIAN, RS_PENALTY_QUARTIC};

int main(int argc, char **argv)
{
  RsTestInit(&argc, &argv);
  const struct CMUnitTest tests[] = {cmocka_unit_test_prestate(test_fd, &forms[0]), cmocka_unit_test_prestate(test_fd, &forms[1]), cmocka_unit_test_prestate(test_shape, &forms[0]), cmocka_unit_test_prestate(test_shape, &forms[1])};
  int                     rc      = cmocka_run_group_tests_name("penalty", tests, NULL, NULL);
  PetscFinalize();
  return rc;
}
