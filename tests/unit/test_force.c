/* Force engine: forces equal -dE/dx by central differences on dense random configurations
   (both pair forms, tilted boxes); neighbour-list results equal a brute-force sum over lattice
   images; energy and unwrapped coordinates unchanged by a box flip; the virial equals the
   strain derivative of the energy (sigma_xy A = -dU/dgamma for x -> x + gamma y). */
#include "rs_test.h"
#include "rs_units.h"

static double Energy(RsSystem *sys)
{
  assert_int_equal(RsSystemComputeForces(sys, RS_FORCE_ENERGY | RS_FORCE_VIRIAL), 0);
  return sys->last.energy;
}

static void check_fd(RsPairForm form, double tilt, uint64_t seed)
{
  RsPotential pot;
  RsSystem    sys;
  RsTestPotential(&pot, form);
  RsTestConfig(&sys, &pot, 12, 12, 3.1, 0.5, tilt, seed);
  Energy(&sys);
  double *f0;
  PetscMalloc1(2 * sys.p.n, &f0);
  memcpy(f0, sys.p.f, 2 * sys.p.n * sizeof *f0);
  double fscale = 0;
  for (PetscInt k = 0; k < 2 * sys.p.n; k++) fscale = fscale > fabs(f0[k]) ? fscale : fabs(f0[k]);
  assert_true(fscale > 0.1); /* a dense state has real forces */
  uint64_t s = seed + 99;
  double   worst = 0;
  for (int trial = 0; trial < 60; trial++) {
    PetscInt  k = (PetscInt)(RsTestRand(&s) * 2 * sys.p.n);
    const double h = 1e-5, x0 = sys.p.x[k];
    sys.p.x[k] = x0 + h;
    double ep  = Energy(&sys);
    sys.p.x[k] = x0 - h;
    double em  = Energy(&sys);
    sys.p.x[k] = x0;
    double fd  = -(ep - em) / (2 * h);
    double rel = fabs(fd - f0[k]) / fmax(fabs(f0[k]), 1e-2);
    worst      = fmax(worst, rel);
  }
  print_message("  form %d tilt %.3f: worst relative error of -dE/dx %.2e\n", (int)form, tilt, worst);
  assert_true(worst < 1e-6);
  PetscFree(f0);
  RsSystemRelease(&sys);
}

static void test_fd_lj(void **st)
{
  check_fd(RS_PAIR_LJ_SMOOTH_LINEAR, 0.0, 1);
  check_fd(RS_PAIR_LJ_SMOOTH_LINEAR, 0.45, 2);
}
static void test_fd_kmt(void **st)
{
  check_fd(RS_PAIR_KMT84, 0.0, 3);
  check_fd(RS_PAIR_KMT84, -0.3, 4);
}

static void check_brute(RsPairForm form, double tilt, int nx, uint64_t seed)
{
  RsPotential pot;
  RsSystem    sys;
  RsTestPotential(&pot, form);
  RsTestConfig(&sys, &pot, nx, nx, 3.0, 0.6, tilt, seed);
  double  e = Energy(&sys);
  double *fb;
  PetscMalloc1(2 * sys.p.n, &fb);
  double eb = RsTestBruteForce(&sys, fb), fscale = 0, df = 0;
  for (PetscInt k = 0; k < 2 * sys.p.n; k++) {
    fscale = fmax(fscale, fabs(fb[k]));
    df   = fmax(df, fabs(fb[k] - sys.p.f[k]));
  }
  assert_true(fabs(e - eb) <= 1e-11 * fabs(eb));
  assert_true(df <= 1e-11 * fscale);
  PetscFree(fb);
  RsSystemRelease(&sys);
}

static void test_brute_force(void **st)
{
  check_brute(RS_PAIR_LJ_SMOOTH_LINEAR, 0.0, 14, 5);
  check_brute(RS_PAIR_LJ_SMOOTH_LINEAR, 0.4999, 14, 6);
  check_brute(RS_PAIR_KMT84, -0.4999, 14, 7);
  /* a box narrower than two cutoffs: several images of one atom interact */
  check_brute(RS_PAIR_LJ_SMOOTH_LINEAR, 0.2, 4, 8);
}

static void test_flip_invariance(void **st)
{
  RsPotential pot;
  RsSystem    sys;
  RsTestPotential(&pot, RS_PAIR_LJ_SMOOTH_LINEAR);
  RsTestConfig(&sys, &pot, 14, 14, 3.0, 0.5, 0.49, 9);
  Energy(&sys);
  /* shear affinely past the flip limit: x -> x + dgamma y, tilt += dgamma Ly */
  const double dgamma = 0.04 * sys.box.Lx / sys.box.Ly;
  for (PetscInt i = 0; i < sys.p.n; i++) sys.p.x[2 * i] += dgamma * (sys.p.x[2 * i + 1] - sys.box.lo[1]);
  sys.box.xy += dgamma * sys.box.Ly;
  double  *u0, *fb;
  PetscMalloc2(2 * sys.p.n, &u0, 2 * sys.p.n, &fb);
  double *fi; /* brute-force forces by index, stored by id below */
  PetscMalloc1(2 * sys.p.n, &fi);
  double eb = RsTestBruteForce(&sys, fi);
  for (PetscInt i = 0; i < sys.p.n; i++) {
    PetscInt k = (PetscInt)sys.p.id[i] - 1;
    RsBoxUnwrap(&sys.box, &sys.p.x[2 * i], &sys.p.image[2 * i], &u0[2 * k]);
    fb[2 * k]     = fi[2 * i];
    fb[2 * k + 1] = fi[2 * i + 1];
  }
  PetscFree(fi);
  double e  = Energy(&sys);
  assert_int_equal(sys.nflips, 1);
  assert_true(fabs(sys.box.xy) <= 0.5 * sys.box.Lx);
  assert_true(fabs(e - eb) <= 1e-11 * fabs(eb));
  for (PetscInt i = 0; i < sys.p.n; i++) { /* atoms were re-sorted at the rebuild: compare by id */
    PetscReal u[2];
    PetscInt  k = (PetscInt)sys.p.id[i] - 1;
    RsBoxUnwrap(&sys.box, &sys.p.x[2 * i], &sys.p.image[2 * i], u);
    assert_true(fabs(u[0] - u0[2 * k]) < 1e-9 && fabs(u[1] - u0[2 * k + 1]) < 1e-9);
    assert_true(fabs(sys.p.f[2 * i] - fb[2 * k]) < 1e-9 && fabs(sys.p.f[2 * i + 1] - fb[2 * k + 1]) < 1e-9);
  }
  PetscFree2(u0, fb);
  RsSystemRelease(&sys);
}

static void test_virial_strain_derivative(void **st)
{
  RsPotential pot;
  RsSystem    sys;
  RsTestPotential(&pot, RS_PAIR_LJ_SMOOTH_LINEAR);
  RsTestConfig(&sys, &pot, 12, 12, 3.05, 0.4, 0.1, 10);
  Energy(&sys);
  PetscReal sigma[3];
  assert_int_equal(RsSystemStress(&sys, sigma), 0);
  const double A = RsBoxArea(&sys.box), h = 1e-6;
  double      *x0;
  PetscMalloc1(2 * sys.p.n, &x0);
  memcpy(x0, sys.p.x, 2 * sys.p.n * sizeof *x0);
  const RsBox b0 = sys.box;
  double      e[2];
  for (int s = 0; s < 2; s++) {
    double g = s ? h : -h;
    for (PetscInt i = 0; i < sys.p.n; i++) sys.p.x[2 * i] = x0[2 * i] + g * (x0[2 * i + 1] - b0.lo[1]);
    sys.box    = b0;
    sys.box.xy = b0.xy + g * b0.Ly;
    e[s]       = Energy(&sys);
  }
  /* W_xy = sum d_x f_y = -dU/dgamma; sigma_xy = -P_xy = -W_xy/A (no kinetic part) */
  double dUdg = (e[1] - e[0]) / (2 * h);
  double sxy  = dUdg / A * RS_EVA3_TO_MPA;
  assert_true(fabs(sxy - sigma[2]) <= 1e-6 * fmax(fabs(sigma[2]), 1.0));
  PetscFree(x0);
  RsSystemRelease(&sys);
}

static void test_rebuild_trigger(void **st)
{
  RsPotential pot;
  RsSystem    sys;
  RsTestPotential(&pot, RS_PAIR_LJ_SMOOTH_LINEAR);
  RsTestConfig(&sys, &pot, 12, 12, 3.1, 0.3, 0.0, 12);
  Energy(&sys);
  PetscInt nb = sys.neigh.nbuilds;
  sys.p.x[0] += 0.2; /* below skin/2 = 0.25: no rebuild */
  Energy(&sys);
  assert_int_equal(sys.neigh.nbuilds, nb);
  sys.p.x[0] += 0.1; /* 0.3 > skin/2: rebuild */
  Energy(&sys);
  assert_int_equal(sys.neigh.nbuilds, nb + 1);
  sys.box.xy += 0.6; /* box deformation alone beyond the skin: rebuild */
  Energy(&sys);
  assert_int_equal(sys.neigh.nbuilds, nb + 2);
  RsSystemRelease(&sys);
}

int main(int argc, char **argv)
{
  RsTestInit(&argc, &argv);
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_fd_lj), cmocka_unit_test(test_fd_kmt), cmocka_unit_test(test_brute_force), cmocka_unit_test(test_flip_invariance), cmocka_unit_test(test_virial_strain_derivative), cmocka_unit_test(test_rebuild_trigger)};
  int                     rc      = cmocka_run_group_tests_name("force", tests, NULL, NULL);
  PetscFinalize();
  return rc;
}
