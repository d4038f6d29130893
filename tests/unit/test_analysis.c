/* The paper's analyses against known answers: an affine simple shear by gamma gives every
   atom's local strain equal to the imposed Green-Lagrange strain (eta_xy = gamma/2,
   eta_yy = gamma^2/2) and a zero non-affine distance; one displaced atom gives its known
   non-affine distance; a sawtooth with power-law drops gives back the drop count and the
   exponent; a lattice with a wrapping row and a compact block gives their cluster sizes and
   spanning verdicts; the Sierpinski gasket gives its box-counting dimension log 3 / log 2; GEV
   samples give back their parameters. */
#include "rs_test.h"
#include "rs_analysis.h"

/* A jittered triangular lattice of nx x ny atoms in a periodic (Lx, 0, Ly) box. */
static void Lattice(int nx, int ny, PetscReal *r, PetscReal box[3], uint64_t seed)
{
  const double a = 2.6;
  box[0] = nx * a, box[1] = 0, box[2] = ny * a * sqrt(3) / 2;
  for (int j = 0; j < ny; j++)
    for (int i = 0; i < nx; i++) {
      const int k  = j * nx + i;
      r[2 * k]     = (i + 0.5 * (j % 2)) * a + 0.3 * (RsTestRand(&seed) - 0.5);
      r[2 * k + 1] = j * a * sqrt(3) / 2 + 0.3 * (RsTestRand(&seed) - 0.5);
    }
}

static void test_local_strain_affine(void **st)
{
  enum { NX = 12, NY = 12, N = NX * NY };
  PetscReal ref[2 * N], cur[2 * N], box[3], box1[3], eta[3 * N], vm[N];
  int       ok[N];
  const double g = 0.1;
  Lattice(NX, NY, ref, box, 5);
  for (int k = 0; k < N; k++) cur[2 * k] = ref[2 * k] + g * ref[2 * k + 1], cur[2 * k + 1] = ref[2 * k + 1]; /* x += gamma y (unwrapped) */
  box1[0] = box[0], box1[1] = box[1] + g * box[2], box1[2] = box[2];                                     /* the cell tilts with it */
  for (int conv = 0; conv < 2; conv++) {
    assert_int_equal(RsLocalStrain(N, ref, cur, box, box1, 4.0, (RsVonMises)conv, eta, vm, ok), 0);
    const double want = conv == 0 ? sqrt(g * g / 4 + 0.5 * pow(g * g / 2, 2)) : sqrt(g * g / 4 + (pow(g * g / 2, 2) + pow(g * g / 2, 2)) / 6);
    double worst = 0;
    for (int k = 0; k < N; k++) {
      assert_int_equal(ok[k], 1);
      worst = fmax(worst, fabs(eta[3 * k]) + fabs(eta[3 * k + 1] - g / 2) + fabs(eta[3 * k + 2] - g * g / 2) + fabs(vm[k] - want));
    }
    print_message("affine shear %.2f (%s von Mises): worst deviation of eta from (0, %.3f, %.4f) and vm %.6f: %.2e\n", g, RsVonMisesNames[conv], g / 2, g * g / 2, want, worst);
    assert_true(worst < 1e-12);
  }
}

static void test_nadm(void **st)
{
  enum { NX = 10, NY = 10, N = NX * NY };
  PetscReal r1[2 * N], r2[2 * N], box[3], d2;
  PetscInt  idx[30];
  Lattice(NX, NY, r1, box, 7);
  for (int k = 0; k < N; k++) r2[2 * k] = r1[2 * k] + 0.03 * r1[2 * k + 1] + 1.7, r2[2 * k + 1] = r1[2 * k + 1] - 0.4; /* affine by 0.03 plus a rigid shift */
  assert_int_equal(RsNonAffineDistance(N, NULL, r1, 0.10, r2, 0.13, &d2), 0);
  assert_true(fabs(d2) < 1e-20);
  assert_int_equal(RsCompactSubset(N, r1, box, 55, 30, idx), 0);
  assert_int_equal(idx[0], 55);
  assert_int_equal(RsNonAffineDistance(30, idx, r1, 0.10, r2, 0.13, &d2), 0);
  assert_true(fabs(d2) < 1e-20);
  PetscArraycpy(r2, r1, 2 * N);
  r2[2 * 17] += 0.5; /* one atom moves by 0.5 A: (1/N) delta^2 (1 - 1/N) after the centre of mass is removed */
  assert_int_equal(RsNonAffineDistance(N, NULL, r1, 0.0, r2, 0.0, &d2), 0);
  assert_true(fabs(d2 - 0.25 * (1 - 1.0 / N) / N) < 1e-15);
}

static void test_drops(void **st)
{
  enum { ND = 2000, SEG = 30 };
  PetscReal *sig, *drops, truth[ND], tau, err;
  PetscInt   n = ND * SEG, nd, used;
  uint64_t   s = 9;
  assert_int_equal(PetscMalloc1(n, &sig), 0);
  double level = 0;
  for (int d = 0; d < ND; d++) {
    truth[d] = pow(1 - RsTestRand(&s), -1 / 0.5); /* PDF exponent 1.5 above x = 1 */
    for (int k = 0; k < SEG; k++) sig[d * SEG + k] = level + 1e-3 * k;
    level += 1e-3 * (SEG - 1) - truth[d];
  }
  assert_int_equal(RsStressDrops(n, sig, 21, 0.5, &nd, &drops), 0);
  assert_int_equal(RsPowerLawMLE(nd, drops, 1.1, &tau, &err, &used), 0);
  print_message("sawtooth: %d drops found of %d; PDF exponent %.3f +- %.3f (1.5) from %d drops >= 1.1\n", (int)nd, ND - 1, tau, err, (int)used);
  assert_int_equal(nd, ND - 1); /* the last drop has no loading after it inside the curve */
  assert_true(fabs(tau - 1.5) < 3 * err);
  PetscFree(drops);
  PetscFree(sig);
}

static void test_clusters(void **st)
{
  enum { L = 10, N = L * L };
  PetscReal r[2 * N], box[3] = {L, 0, L};
  int       flag[N];
  PetscInt  nc, *sizes;
  PetscBool *wraps;
  for (int j = 0; j < L; j++)
    for (int i = 0; i < L; i++) r[2 * (j * L + i)] = i + 0.5, r[2 * (j * L + i) + 1] = j + 0.5, flag[j * L + i] = 0;
  for (int i = 0; i < L; i++) flag[5 * L + i] = 1;                    /* a full row: wraps in x */
  flag[1 * L + 1] = flag[1 * L + 2] = flag[2 * L + 1] = flag[2 * L + 2] = 1; /* a 2 x 2 block */
  flag[8 * L + 9] = flag[8 * L + 0] = 1;                              /* a pair joined across the x boundary: no wrap */
  assert_int_equal(RsClusters(N, r, box, flag, 1.1, &nc, &sizes, &wraps), 0);
  assert_int_equal(nc, 3);
  assert_int_equal(sizes[0], 10);
  assert_int_equal(sizes[1], 4);
  assert_int_equal(sizes[2], 2);
  assert_true(wraps[0] && !wraps[1] && !wraps[2]);
  PetscFree(sizes);
  PetscFree(wraps);
  box[1] = 3; /* the same with a tilted cell: a row along x still wraps */
  for (int j = 0; j < L; j++)
    for (int i = 0; i < L; i++) r[2 * (j * L + i)] = i + 0.5 + 0.3 * (j + 0.5);
  assert_int_equal(RsClusters(N, r, box, flag, 1.1, &nc, &sizes, &wraps), 0);
  assert_true(nc == 3 && sizes[0] == 10 && wraps[0] && !wraps[1]);
  PetscFree(sizes);
  PetscFree(wraps);
}

static void test_box_counting(void **st)
{
  enum { M = 512 };
  static unsigned char img[M * M];
  PetscReal            D, err;
  for (int y = 0; y < M; y++)
    for (int x = 0; x < M; x++) img[y * M + x] = (x & y) == 0; /* Sierpinski gasket */
  assert_int_equal(RsBoxCounting(M, img, &D, &err), 0);
  print_message("Sierpinski gasket: D = %.4f +- %.4f (log 3 / log 2 = %.4f)\n", D, err, log(3) / log(2));
  assert_true(fabs(D - log(3) / log(2)) < 1e-9 + 3 * err);
  memset(img, 0, sizeof img);
  for (int x = 0; x < M; x++) img[100 * M + x] = 1; /* a line: D = 1 */
  assert_int_equal(RsBoxCounting(M, img, &D, &err), 0);
  assert_true(fabs(D - 1) < 1e-9);
}

static void test_flow_profile(void **st)
{
  enum { NX = 20, NY = 40, N = NX * NY, NB = 20 };
  PetscReal r0[2 * N], r1[2 * N], box[3], prof[2 * NB], loc, core, a2, pr;
  uint64_t  s = 33;
  Lattice(NX, NY, r0, box, 3);
  for (int k = 0; k < N; k++) r1[2 * k] = r0[2 * k] + 0.2 * r0[2 * k + 1] + 3.0, r1[2 * k + 1] = r0[2 * k + 1]; /* affine + drift */
  assert_int_equal(RsFlowProfile(N, r0, r1, 0.2, box[2], NB, prof, &loc, &core, &a2, &pr), 0);
  print_message("affine: localisation %.3f (0.8), core %.2e, slope of the profile %.4f (0.2)\n", loc, core, (prof[2 * (NB - 1) + 1] - prof[1]) / (prof[2 * (NB - 1)] - prof[0]));
  assert_true(fabs(loc - 0.8) <= 1.0 / NB + 1e-12 && core < 1e-12);
  assert_true(fabs((prof[2 * (NB - 1) + 1] - prof[1]) / (prof[2 * (NB - 1)] - prof[0]) - 0.2) < 0.01);
  for (int k = 0; k < N; k++) { /* a shear band: the upper half slides by 5 A, plus Gaussian noise of 0.1 A */
    const double u1 = RsTestRand(&s) + 1e-300, u2 = RsTestRand(&s);
    r1[2 * k]     = r0[2 * k] + (r0[2 * k + 1] > box[2] / 2 ? 5.0 : 0.0) + 0.1 * sqrt(-2 * log(u1)) * cos(2 * PETSC_PI * u2);
    r1[2 * k + 1] = r0[2 * k + 1];
  }
  assert_int_equal(RsFlowProfile(N, r0, r1, 5.0 / box[2], box[2], NB, prof, &loc, &core, &a2, &pr), 0);
  print_message("band: localisation %.3f (one bin: %.3f), alpha2 %.3f, PR %.3f\n", loc, 1.0 / NB, a2, pr);
  assert_true(loc <= 2.0 / NB); /* the whole rise sits in the bins at the band */
  /* Gaussian non-affine displacements alone: alpha2 about 0, PR about 0.5 (2D Gaussian) */
  for (int k = 0; k < N; k++) {
    const double u1 = RsTestRand(&s) + 1e-300, u2 = RsTestRand(&s), u3 = RsTestRand(&s) + 1e-300, u4 = RsTestRand(&s);
    r1[2 * k]     = r0[2 * k] + 0.3 * sqrt(-2 * log(u1)) * cos(2 * PETSC_PI * u2);
    r1[2 * k + 1] = r0[2 * k + 1] + 0.3 * sqrt(-2 * log(u3)) * cos(2 * PETSC_PI * u4);
  }
  assert_int_equal(RsFlowProfile(N, r0, r1, 0.0, box[2], NB, prof, &loc, &core, &a2, &pr), 0);
  print_message("gaussian: alpha2 %.3f (0), PR %.3f (0.5), core %.3f (0.3)\n", a2, pr, core);
  assert_true(fabs(a2) < 0.15 && fabs(pr - 0.5) < 0.05 && fabs(core - 0.3) < 0.03);
}

static void test_gev(void **st)
{
  const double mu = 5, s = 2, xi = 0.2;
  enum { N = 3000 };
  PetscReal x[N];
  uint64_t  seed = 21;
  RsGEV     fit;
  for (int i = 0; i < N; i++) x[i] = mu + s * (pow(-log(RsTestRand(&seed) + 1e-300), -xi) - 1) / xi;
  assert_int_equal(RsGEVFit(N, x, &fit), 0);
  print_message("GEV: mu %.3f +- %.3f (5), s %.3f +- %.3f (2), xi %.3f +- %.3f (0.2), mode %.3f\n", fit.mu, fit.err[0], fit.s, fit.err[1], fit.xi, fit.err[2], fit.mode);
  assert_true(fit.ok);
  assert_true(fabs(fit.mu - mu) < 3 * fit.err[0] && fabs(fit.s - s) < 3 * fit.err[1] && fabs(fit.xi - xi) < 3 * fit.err[2]);
  assert_true(fit.err[2] < 0.05);
}

int main(int argc, char **argv)
{
  RsTestInit(&argc, &argv);
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_local_strain_affine), cmocka_unit_test(test_nadm), cmocka_unit_test(test_drops), cmocka_unit_test(test_clusters), cmocka_unit_test(test_box_counting), cmocka_unit_test(test_flow_profile), cmocka_unit_test(test_gev)};
  const int r = cmocka_run_group_tests(tests, NULL, NULL);
  PetscFinalize();
  return r;
}
