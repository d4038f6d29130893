/* MD under fast shear: at 5e10 /s the neighbour lists (rebuilt on atom motion plus box motion,
   and at every flip) must keep every pair: over thousands of steps the forces equal a
   brute-force sum over lattice images, through box flips. */
#include "rs_test.h"
#include "rs_md.h"

static void test_forces_under_shear(void **st)
{
  RsPotential pot;
  RsSystem    sys;
  RsMD        md;
  RsMDConfig  cfg;
  RsTestPotential(&pot, RS_PAIR_LJ_SMOOTH_LINEAR);
  RsTestConfig(&sys, &pot, 12, 12, 3.05, 0.3, 0.45, 41);
  memset(&cfg, 0, sizeof cfg);
  cfg.ensemble     = RS_ENSEMBLE_NVT;
  cfg.dt           = 0.002;
  cfg.steps        = 4000;
  cfg.tstart       = 315;
  cfg.tstop        = 315;
  cfg.tdamp        = 0.2;
  cfg.tchain       = 3;
  cfg.deform       = RS_DEFORM_SIMPLE_SHEAR;
  cfg.rate         = 5e10;
  cfg.strain       = 1;
  cfg.velocityT    = 315;
  cfg.streamProfile = PETSC_TRUE;
  cfg.seed         = 5;
  cfg.recordStrain = 1e-4;
  cfg.couple       = RS_COUPLE_ISO;
  cfg.pchain       = 3;
  cfg.pdamp        = 2;
  assert_int_equal(RsMDSetUp(&md, &cfg, &sys, PETSC_FALSE), 0);
  double *fb, worst = 0;
  PetscMalloc1(2 * sys.p.n, &fb);
  PetscInt checks = 0;
  for (PetscInt s = 0; s < cfg.steps; s++) {
    assert_int_equal(RsMDStep(&md, 0), 0);
    if ((s + 1) % 50) continue;
    /* forces of the current positions in the current box, with the lists as they are */
    assert_int_equal(RsSystemComputeForces(&sys, 0), 0);
    double fscale = 0, df = 0;
    RsTestBruteForce(&sys, fb);
    for (PetscInt k = 0; k < 2 * sys.p.n; k++) {
      fscale = fmax(fscale, fabs(fb[k]));
      df   = fmax(df, fabs(fb[k] - sys.p.f[k]));
    }
    worst = fmax(worst, df / fscale);
    checks++;
  }
  print_message("  %d checks over %d steps (strain %.2f, %d flips, %d list builds): worst force difference %.1e of the largest force\n", (int)checks, (int)cfg.steps, (double)md.strain, (int)sys.nflips, (int)sys.neigh.nbuilds, worst);
  assert_true(sys.nflips >= 1);
  assert_true(worst < 1e-10);
  PetscFree(fb);
  RsMDRelease(&md);
  RsSystemRelease(&sys);
}

int main(int argc, char **argv)
{
  RsTestInit(&argc, &argv);
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_forces_under_shear)};
  int                     rc      = cmocka_run_group_tests_name("md", tests, NULL, NULL);
  PetscFinalize();
  return rc;
}
