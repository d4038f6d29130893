/* ABC penalties: forces are minus the finite-difference gradient of the penalty energy (both
   forms, several overlapping centres, COM-free distance); the height at a centre is W; energy
   and force vanish at the truncation radius (3 sigma Gaussian, sigma quartic); a rigid
   translation costs nothing; the active list gives the same energies as summing all centres; a
   masked (regional) penalty acts on the masked atoms only; at box-sized coordinates with many
   centres the energy and forces equal a direct sum over the differences (the code expands the
   distances about an origin). */
#include "rs_test.h"
#include "rs_penalty.h"

enum { NA = 20 };

static void fill(PetscReal *x, uint64_t *s, PetscReal amp)
{
  for (int k = 0; k < 2 * NA; k++) x[k] = amp * (RsTestRand(s) - 0.5);
}

/* Penalty energy and forces at x, and the worst deviation of the forces from the central
   finite-difference gradient; coordinates of atoms outside mask (if given) must feel nothing. */
static void fd_check(RsPenalties *P, RsDomain *dom, PetscReal *x, PetscInt n2, const char *mask, PetscReal *e, PetscReal *worst, PetscReal *fmax)
{
  PetscReal f[2 * NA];
  for (int k = 0; k < n2; k++) f[k] = 0;
  assert_int_equal(RsPenaltiesEvaluate(P, dom, x, f, e), 0);
  *worst = *fmax = 0;
  for (int k = 0; k < n2; k++) {
    const PetscReal h = 1e-5, x0 = x[k];
    PetscReal       ep, em;
    x[k] = x0 + h;
    assert_int_equal(RsPenaltiesEvaluate(P, dom, x, NULL, &ep), 0);
    x[k] = x0 - h;
    assert_int_equal(RsPenaltiesEvaluate(P, dom, x, NULL, &em), 0);
    x[k]   = x0;
    *worst = PetscMax(*worst, PetscAbsReal(f[k] + (ep - em) / (2 * h)));
    *fmax  = PetscMax(*fmax, PetscAbsReal(f[k]));
    if (mask && !mask[k / 2]) assert_true(f[k] == 0 && ep == em); /* unpenalised: no force, no energy change */
  }
}

static void test_fd(void **st)
{
  const RsPenaltyForm form = *(RsPenaltyForm *)*st;
  RsDomain            dom  = {0};
  RsPenalties         P    = {0};
  PetscReal           x[2 * NA], c[2 * NA], e, worst, fmax;
  uint64_t            s = 5;
  dom.comm = PETSC_COMM_SELF;
  dom.size = 1;
  assert_int_equal(RsPenaltiesSetUp(&P, form, 0.05, form == RS_PENALTY_QUARTIC ? 5.0 : 2.0, 2 * NA, NULL, NA), 0); /* quartic: zero beyond sigma */
  for (int k = 0; k < 3; k++) {
    fill(c, &s, 1.0);
    assert_int_equal(RsPenaltiesAdd(&P, c), 0);
  }
  fill(x, &s, 1.0);
  fd_check(&P, &dom, x, 2 * NA, NULL, &e, &worst, &fmax);
  assert_true(e > 0);
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

/* A regional (masked) penalty: forces only on the masked atoms, equal to minus the gradient. */
static void test_masked(void **st)
{
  RsDomain    dom = {0};
  RsPenalties P   = {0};
  char        mask[NA];
  PetscReal   x[2 * NA], c[2 * NA], e, worst, fmax;
  uint64_t    s = 11;
  dom.comm = PETSC_COMM_SELF;
  dom.size = 1;
  for (int i = 0; i < NA; i++) mask[i] = i % 3 == 0;
  fill(c, &s, 0.6);
  fill(x, &s, 0.6);
  assert_int_equal(RsPenaltiesSetUp(&P, RS_PENALTY_GAUSSIAN, 0.05, 1.0, 2 * NA, mask, 7), 0); /* 7 masked of 20 */
  assert_int_equal(RsPenaltiesAdd(&P, c), 0);
  fd_check(&P, &dom, x, 2 * NA, mask, &e, &worst, &fmax);
  print_message("  masked penalty: E %.6f, max |F + dE/dx| %.1e of max |F| %.3e\n", e, worst, fmax);
  assert_true(e > 0 && fmax > 1e-4 && worst < 1e-6 * fmax);
  RsPenaltiesRelease(&P);
}

/* Many centres at box-sized coordinates (100-200 A, displacements of ~1 A, the stored form is
   expanded about the first centre): energy and forces against the direct sum of the header's
   formula, Phi = Wn [g(u) - g(uc) + (u - uc) g(uc) a] with u = sum |x_i - c_i - s|^2. */
static void test_direct(void **st)
{
  enum { KC = 40 };
  RsDomain        dom = {0};
  RsPenalties     P   = {0};
  static PetscReal c[KC][2 * NA];
  PetscReal       x[2 * NA], f[2 * NA] = {0}, fd[2 * NA] = {0}, e, ed = 0, fm = 0, worst = 0;
  const PetscReal w = 0.05, sg = 1.5, a = 1 / (2 * sg * sg), uc = 9 * sg * sg, gc = PetscExpReal(-a * uc), wn = w / (1 - gc - uc * gc * a);
  uint64_t        s = 23;
  dom.comm = PETSC_COMM_SELF;
  dom.size = 1;
  assert_int_equal(RsPenaltiesSetUp(&P, RS_PENALTY_GAUSSIAN, w, sg, 2 * NA, NULL, NA), 0);
  PetscReal base[2 * NA];
  for (int k = 0; k < 2 * NA; k++) base[k] = 100 + 100 * RsTestRand(&s);
  for (int q = 0; q < KC; q++) {
    for (int k = 0; k < 2 * NA; k++) c[q][k] = base[k] + 0.6 * (RsTestRand(&s) - 0.5);
    assert_int_equal(RsPenaltiesAdd(&P, c[q]), 0);
  }
  for (int k = 0; k < 2 * NA; k++) x[k] = base[k] + 0.6 * (RsTestRand(&s) - 0.5) + (k % 2 ? 0.3 : -0.2); /* and a rigid shift */
  assert_int_equal(RsPenaltiesEvaluate(&P, &dom, x, f, &e), 0);
  for (int q = 0; q < KC; q++) {
    PetscReal sx = 0, sy = 0, u = 0;
    for (int i = 0; i < NA; i++) sx += (x[2 * i] - c[q][2 * i]) / NA, sy += (x[2 * i + 1] - c[q][2 * i + 1]) / NA;
    for (int i = 0; i < NA; i++) u += PetscSqr(x[2 * i] - c[q][2 * i] - sx) + PetscSqr(x[2 * i + 1] - c[q][2 * i + 1] - sy);
    if (u >= uc) continue;
    const PetscReal g = PetscExpReal(-a * u);
    ed += wn * (g - gc + (u - uc) * gc * a);
    for (int i = 0; i < NA; i++) { /* -dPhi/dx_i = -Wn a (gc - g) 2 (x_i - c_i - s) */
      fd[2 * i] -= 2 * wn * a * (gc - g) * (x[2 * i] - c[q][2 * i] - sx);
      fd[2 * i + 1] -= 2 * wn * a * (gc - g) * (x[2 * i + 1] - c[q][2 * i + 1] - sy);
    }
  }
  for (int k = 0; k < 2 * NA; k++) worst = PetscMax(worst, PetscAbsReal(f[k] - fd[k])), fm = PetscMax(fm, PetscAbsReal(fd[k]));
  print_message("  %d centres at 100-200 A: E %.12f eV (direct %.12f), max |F - F_direct| %.1e of %.3e eV/A\n", KC, e, ed, worst, fm);
  assert_true(ed > 0.1 * w && fm > 1e-3);
  assert_true(PetscAbsReal(e - ed) < 1e-12 * ed && worst < 1e-11 * fm);
  RsPenaltiesRelease(&P);
}

static RsPenaltyForm forms[] = {RS_PENALTY_GAUSSIAN, RS_PENALTY_QUARTIC};

int main(int argc, char **argv)
{
  RsTestInit(&argc, &argv);
  const struct CMUnitTest tests[] = {cmocka_unit_test_prestate(test_fd, &forms[0]), cmocka_unit_test_prestate(test_fd, &forms[1]), cmocka_unit_test_prestate(test_shape, &forms[0]), cmocka_unit_test_prestate(test_shape, &forms[1]), cmocka_unit_test(test_masked), cmocka_unit_test(test_direct)};
  int                     rc      = cmocka_run_group_tests_name("penalty", tests, NULL, NULL);
  PetscFinalize();
  return rc;
}
