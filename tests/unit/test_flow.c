/* Flow curves and flow laws on synthetic data with known answers: both laws recover their
   parameters within 3 reported standard errors from noisy curves (several noise draws); bad
   curves are refused with a reason (too few points, non-monotone, D at the largest rate);
   block-averaged flow stress of a record; seeds averaged within samples before samples; the
   MD/ABC rate calibration recovers a known mapping; m of a power law is its exponent. */
#include "rs_test.h"
#include "rs_flow.h"
#include "rs_reduce.h"
#include "rs_units.h"

/* Gaussian noise from the test RNG (Box-Muller). */
static PetscReal Gauss(uint64_t *s)
{
  const PetscReal u1 = RsTestRand(s) + 1e-12, u2 = RsTestRand(s);
  return PetscSqrtReal(-2 * PetscLogReal(u1)) * PetscCosReal(2 * PETSC_PI * u2);
}

static void test_asinh(void **st)
{
  const PetscReal A = 300, B = 1e3, sig = 4;
  for (uint64_t seed = 1; seed <= 5; seed++) {
    PetscReal rate[12], tau[12], err[12];
    uint64_t  s = seed;
    RsLawFit  fit;
    for (int i = 0; i < 12; i++) {
      rate[i] = PetscPowReal(10, 0.5 * i); /* 1 .. 3e5 /s */
      tau[i]  = A * PetscAsinhReal(rate[i] / B) + sig * Gauss(&s);
      err[i]  = sig;
    }
    assert_int_equal(RsFitAsinh(12, rate, tau, err, 315, &fit), 0);
    if (!fit.ok) print_message("%s\n", fit.why);
    assert_true(fit.ok);
    print_message("asinh seed %d: A = %.2f +- %.2f MPa, ln B = %.3f +- %.3f (true %.3f), chi2/dof %.2f\n", (int)seed, fit.p[0], fit.err[0], fit.p[1], fit.err[1], log(B), fit.redChi2);
    assert_true(fabs(fit.p[0] - A) < 3 * fit.err[0] && fit.err[0] < 0.1 * A);
    assert_true(fabs(fit.p[1] - log(B)) < 3 * fit.err[1] && fit.err[1] < 0.5);
    assert_true(fabs(fit.derived - RS_BOLTZ * 315 / (fit.p[0] / RS_EVA3_TO_MPA)) < 1e-9 * fit.derived);
  }
}

static void test_regime3(void **st)
{
  const PetscReal tc = 1500, C = 120, D = 1e12, sig = 5;
  for (uint64_t seed = 1; seed <= 5; seed++) {
    PetscReal rate[10], tau[10], err[10];
    uint64_t  s = 100 + seed;
    RsLawFit  fit;
    for (int i = 0; i < 10; i++) {
      rate[i] = 1e8 * PetscPowReal(10, 2.7 * i / 9.0); /* 1e8 .. 5e10 /s */
      tau[i]  = tc - C * PetscPowReal(PetscLogReal(D / rate[i]), 2.0 / 3.0) + sig * Gauss(&s);
      err[i]  = sig;
    }
    assert_int_equal(RsFitRegimeIII(10, rate, tau, err, 315, &fit), 0);
    if (!fit.ok) print_message("%s\n", fit.why);
    assert_true(fit.ok);
    print_message("regime III seed %d: tau_c %.1f +- %.1f, C %.1f +- %.1f, ln D %.2f +- %.2f (true %.2f), chi2/dof %.2f\n", (int)seed, fit.p[0], fit.err[0], fit.p[1], fit.err[1], fit.p[2], fit.err[2], log(D), fit.redChi2);
    assert_true(fabs(fit.p[0] - tc) < 3 * fit.err[0]);
    assert_true(fabs(fit.p[1] - C) < 3 * fit.err[1]);
    assert_true(fabs(fit.p[2] - log(D)) < 3 * fit.err[2]);
    assert_true(fabs(fit.derived - RS_BOLTZ * 315 * pow(fit.p[0] / fit.p[1], 1.5)) < 1e-9 * fit.derived);
  }
}

static void test_refusals(void **st)
{
  PetscReal rate[5] = {1e8, 1e9, 3e9, 1e10, 2e10}, up[5] = {100, 110, 120, 130, 2000}, down[5] = {500, 400, 300, 200, 100}, err[5] = {1, 1, 1, 1, 1};
  RsLawFit  fit;
  assert_int_equal(RsFitAsinh(2, rate, up, err, 315, &fit), 0);
  assert_false(fit.ok);
  assert_non_null(strstr(fit.why, "insufficient data: 2 points"));
  assert_int_equal(RsFitRegimeIII(5, rate, down, err, 315, &fit), 0);
  assert_false(fit.ok);
  assert_non_null(strstr(fit.why, "does not grow with the rate"));
  assert_int_equal(RsFitRegimeIII(5, rate, up, err, 315, &fit), 0);
  print_message("steep top: %s\n", fit.ok ? "accepted" : fit.why);
  assert_false(fit.ok);
  PetscReal bad[5] = {1, 2, NAN, 4, 5};
  assert_int_equal(RsFitAsinh(5, rate, bad, err, 315, &fit), 0);
  assert_false(fit.ok);
}

static void test_flow_stress(void **st)
{
  PetscReal    strain[501], sxy[501], tau, err;
  PetscBool    ok;
  RsFlowConfig fc = {.window = {0.2, 0.5}, .blocks = 5};
  for (int i = 0; i <= 500; i++) {
    strain[i] = 0.001 * i;
    sxy[i]    = strain[i] < 0.2 ? 3000 * strain[i] : 400 + (((i / 30) % 2) ? 10 : -10); /* alternating plateaus */
  }
  assert_int_equal(RsFlowStress(501, strain, sxy, &fc, &tau, &err, &ok), 0);
  assert_true(ok);
  double s = 0, s2 = 0;
  int    m = 0;
  for (int i = 200; i <= 500; i++) s += sxy[i], m++;
  s /= m;
  assert_true(fabs(tau - s) < 1e-9);
  for (int b = 0; b < 5; b++) { /* block means by hand */
    double bm = 0;
    int    lo = 200 + b * m / 5, hi = 200 + (b + 1) * m / 5;
    for (int i = lo; i < hi; i++) bm += sxy[i];
    bm /= hi - lo;
    s2 += (bm - s) * (bm - s);
  }
  assert_true(err > 0 && fabs(err - sqrt(s2 / 4 / 5)) < 0.5 * err); /* block means deviate about the mean of the window */
  assert_int_equal(RsFlowStress(300, strain, sxy, &fc, &tau, &err, &ok), 0);
  assert_false(ok); /* the record ends at 0.299 < 0.5 */
}

static void test_points(void **st)
{
  RsTask tasks[6] = {{.method = RS_TASK_PREPARE, .sample = 0}, {.method = RS_TASK_MD, .sample = 0, .temperature = 315, .rate = 1e9, .seed = 1}, {.method = RS_TASK_MD, .sample = 0, .temperature = 315, .rate = 1e9, .seed = 2}, {.method = RS_TASK_PREPARE, .sample = 1}, {.method = RS_TASK_MD, .sample = 1, .temperature = 315, .rate = 1e9, .seed = 1}, {.method = RS_TASK_MD, .sample = 1, .temperature = 315, .rate = 1e9, .seed = 2}};
  RsPlan       plan = {.n = 6, .task = tasks};
  PetscReal    tau[6] = {NAN, 100, 120, NAN, 200, 260}, err[6] = {0, 1, 1, 0, 1, 1};
  PetscInt     n;
  RsFlowPoint *pts;
  assert_int_equal(RsFlowPoints(&plan, tau, err, NULL, &n, &pts), 0);
  assert_int_equal(n, 1);
  assert_int_equal(pts[0].nsamples, 2);
  assert_int_equal(pts[0].ntasks, 4);
  assert_true(fabs(pts[0].perSample[0] - 110) < 1e-12 && fabs(pts[0].perSample[1] - 230) < 1e-12);
  assert_true(fabs(pts[0].tau - 170) < 1e-12 && fabs(pts[0].tauErr - 60) < 1e-12); /* SE over the two samples, not over four tasks */
  PetscFree(pts);
}

static void test_calibration(void **st)
{
  /* MD: tau = 100 + 50 ln(rate / 1e8); ABC: ln rate = 30 - 20 Q0, tau from the same MD law */
  RsFlowPoint  pts[9];
  RsRateCalib  cal;
  RsFlowConfig fc = {.mRegimeI = 0.4, .mPoints = 3};
  int          n = 0;
  for (int i = 0; i < 5; i++, n++) pts[n] = (RsFlowPoint){.method = RS_TASK_MD, .T = 315, .rate = 1e8 * pow(10, 0.6 * i), .tauErr = 1, .q0 = NAN};
  for (int i = 0; i < 4; i++, n++) pts[n] = (RsFlowPoint){.method = RS_TASK_ABC, .T = 315, .q0 = 0.35 + 0.07 * i, .tauErr = 1, .rate = NAN};
  for (int i = 0; i < n; i++) {
    const double lr = pts[i].method == RS_TASK_MD ? log(pts[i].rate) : 30 - 20 * pts[i].q0;
    pts[i].tau      = 100 + 50 * (lr - log(1e8));
  }
  assert_int_equal(RsFlowCalibrate(n, pts, 315, &cal), 0);
  print_message("calibration: %d points, c0 %.4f (30), c1 %.4f (-20), a %.4f, %s\n", (int)cal.n, cal.c[0], cal.c[1], cal.a, cal.why);
  assert_true(cal.ok);
  assert_true(cal.n >= 3);
  assert_true(fabs(cal.c[0] - 30) < 1e-6 && fabs(cal.c[1] + 20) < 1e-6);
  assert_true(fabs(cal.a - (1 - 20 * RS_BOLTZ * 315)) < 1e-6);
  for (int i = 5; i < n; i++) assert_true(fabs(log(pts[i].rate) - (30 - 20 * pts[i].q0)) < 1e-6);
  /* too few overlapping points */
  for (int i = 5; i < n; i++) pts[i].tau = 5000;
  assert_int_equal(RsFlowCalibrate(n, pts, 315, &cal), 0);
  assert_false(cal.ok);
  assert_non_null(strstr(cal.why, "insufficient data for the rate calibration"));
  (void)fc;
}

static void test_sensitivity(void **st)
{
  RsFlowPoint  pts[7];
  RsFlowConfig fc = {.mRegimeI = 0.4, .mPoints = 3};
  for (int i = 0; i < 7; i++) {
    const double r = pow(10, i);
    pts[i]         = (RsFlowPoint){.method = RS_TASK_ABC, .T = 315, .rate = r, .tau = 10 * pow(r, i < 4 ? 0.75 : 0.12) * (i < 4 ? 1 : pow(1e3, 0.75 - 0.12)), .tauErr = 0.1};
  }
  assert_int_equal(RsFlowSensitivity(7, pts, 315, &fc), 0);
  assert_true(fabs(pts[0].m - 0.75) < 1e-9 && fabs(pts[1].m - 0.75) < 1e-9);
  assert_true(fabs(pts[5].m - 0.12) < 1e-9 && fabs(pts[6].m - 0.12) < 1e-9);
  assert_int_equal(pts[0].regime, 1);
  assert_int_equal(pts[6].regime, 2);
  /* the I/II crossover lies between the last point labelled I and the first labelled II */
  RsReduction red;
  memset(&red, 0, sizeof red);
  red.npoints = 7;
  red.points  = pts;
  assert_int_equal(RsReduceFit(&red, &fc), 0);
  double lastI = 0, firstII = INFINITY;
  for (int i = 0; i < 7; i++) {
    if (pts[i].regime == 1) lastI = fmax(lastI, pts[i].rate);
    if (pts[i].regime == 2) firstII = fmin(firstII, pts[i].rate);
  }
  print_message("crossover I/II %.4g between %.4g and %.4g; II/III %.4g\n", red.cross[0][0], lastI, firstII, red.cross[0][1]);
  assert_true(fabs(red.cross[0][0] - sqrt(lastI * firstII)) < 1e-9 * red.cross[0][0]);
  assert_true(isnan(red.cross[0][1]));
}

/* Bootstrap over samples: 5 samples per rate, scatter 10 MPa between samples; the bootstrap
   errors of the asinh parameters are finite and of the size of the covariance errors. */
static void test_bootstrap(void **st)
{
  RsReduction  red;
  RsFlowConfig fc = {.mRegimeI = 0.4, .mPoints = 3, .rangeI = {0.5, 1e7}, .bootstrap = 100, .seed = 3};
  uint64_t     s  = 11;
  memset(&red, 0, sizeof red);
  red.npoints = 10;
  red.points  = calloc(10, sizeof(RsFlowPoint));
  for (int i = 0; i < 10; i++) {
    RsFlowPoint *P = &red.points[i];
    *P             = (RsFlowPoint){.method = RS_TASK_MD, .T = 315, .rate = pow(10, 0.6 * i), .nsamples = 5, .ntasks = 5, .q0 = NAN};
    double m = 0, q = 0;
    for (int j = 0; j < 5; j++) m += (P->perSample[j] = 300 * asinh(P->rate / 1e3) + 10 * Gauss(&s));
    m /= 5;
    for (int j = 0; j < 5; j++) q += (P->perSample[j] - m) * (P->perSample[j] - m);
    P->tau    = m;
    P->tauErr = sqrt(q / 4 / 5);
  }
  assert_int_equal(RsReduceFit(&red, &fc), 0);
  const RsLawFit *f = &red.fitI[0];
  print_message("bootstrap: %d resamples, A %.1f: covariance error %.2f, bootstrap %.2f; ln B: %.3f vs %.3f\n", (int)f->nboot, f->p[0], f->err[0], f->bootErr[0], f->err[1], f->bootErr[1]);
  assert_true(f->ok && f->nboot >= 90);
  for (int j = 0; j < 2; j++) assert_true(f->bootErr[j] > f->err[j] / 4 && f->bootErr[j] < 4 * f->err[j]);
  free(red.points);
}

int main(int argc, char **argv)
{
  RsTestInit(&argc, &argv);
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_asinh), cmocka_unit_test(test_regime3), cmocka_unit_test(test_refusals), cmocka_unit_test(test_flow_stress), cmocka_unit_test(test_points), cmocka_unit_test(test_calibration), cmocka_unit_test(test_sensitivity), cmocka_unit_test(test_bootstrap)};
  const int r = cmocka_run_group_tests(tests, NULL, NULL);
  PetscFinalize();
  return r;
}
