/* ABC on a model landscape with known minima and saddles: the Mueller-Brown surface (energy
   unit 0.01 eV, length unit 2 A) acting on one atom as an external potential, a second atom
   pinned by a spring (the penalty distance is centre-of-mass free, so one atom alone could not
   move). From minimum B the escape to C has the barrier S2 - B = 35.92 units = 0.3592 eV.
   - Q0 = barrier - W: the sampling must stop before C is found (estimate >= barrier - W);
   - Q0 = barrier + W: C must be found, at its known position and energy (estimate <= barrier + W),
     and the next climb (towards A over S1, 67.5 units above B) ends the step; the saddle
     estimate on the path B -> C is within W above the true saddle;
   - with a Metropolis temperature so high that every move is accepted, the chosen state is C.
   W = 0.02 eV, sigma = 0.2 A; the saddle estimate is an upper bound whose overshoot depends on
   the penalty width (sigma 0.15 overshoots S2 by 1.1 W here, 0.1 and 0.2 stay within W). */
#include "rs_test.h"
#include "rs_abc.h"
#include "rs_neb.h"

static const double MA[4] = {-200, -100, -170, 15}, Ma[4] = {-1, -1, -6.5, 0.7}, Mb[4] = {0, 0, 11, 0.6}, Mc[4] = {-10, -10, -6.5, 0.7}, Mx[4] = {1, 0, -0.5, -1}, My[4] = {0, 0.5, 1.5, 1};
static const double ES = 0.01, LS = 2.0, X0[2] = {20, 20}, PIN[2] = {70, 70}, KPIN = 5.0;

/* Mueller-Brown energy (units) and gradient at (x, y) (units). */
static double MB(double x, double y, double g[2])
{
  double e = 0;
  g[0] = g[1] = 0;
  for (int k = 0; k < 4; k++) {
    const double dx = x - Mx[k], dy = y - My[k], t = MA[k] * exp(Ma[k] * dx * dx + Mb[k] * dx * dy + Mc[k] * dy * dy);
    e += t;
    g[0] += t * (2 * Ma[k] * dx + Mb[k] * dy);
    g[1] += t * (Mb[k] * dx + 2 * Mc[k] * dy);
  }
  return e;
}

static PetscErrorCode Landscape(RsBias *b, RsSystem *sys, PetscReal *e)
{
  *e = 0;
  for (PetscInt i = 0; i < sys->p.n; i++) {
    PetscReal *x = &sys->p.x[2 * i], *f = &sys->p.f[2 * i];
    if (sys->p.id[i] == 1) {
      double g[2];
      *e += ES * MB((x[0] - X0[0]) / LS, (x[1] - X0[1]) / LS, g);
      f[0] -= ES * g[0] / LS;
      f[1] -= ES * g[1] / LS;
    } else {
      const double d[2] = {x[0] - PIN[0], x[1] - PIN[1]};
      *e += 0.5 * KPIN * (d[0] * d[0] + d[1] * d[1]);
      f[0] -= KPIN * d[0];
      f[1] -= KPIN * d[1];
    }
  }
  return PETSC_SUCCESS;
}

/* Two atoms far apart (no pair interaction) in a 100 A box, atom 1 at the MB point (x, y). */
static void Setup(RsSystem *sys, RsPotential *pot, double x, double y)
{
  RsTestPotential(pot, RS_PAIR_LJ_SMOOTH_LINEAR);
  memset(sys, 0, sizeof *sys);
  RsSystemSetUp(sys, PETSC_COMM_SELF, pot, 0.5, 1.0);
  sys->box.Lx = sys->box.Ly = 100;
  RsParticlesReserve(&sys->p, 2);
  sys->p.n = 2;
  const double pos[4] = {X0[0] + LS * x, X0[1] + LS * y, PIN[0], PIN[1]};
  for (int i = 0; i < 2; i++) {
    sys->p.x[2 * i]     = pos[2 * i];
    sys->p.x[2 * i + 1] = pos[2 * i + 1];
    sys->p.type[i]      = 0;
    sys->p.id[i]        = i + 1;
  }
}

/* Runs one ABC step from B with the given Q0 and Metropolis temperature. */
static int nebImages = 0; /* RunFromB: -abc_neb_images */

static void RunFromB(double q0, double temperature, RsABCStats *st, double atom1[2])
{
  RsPotential pot;
  RsSystem    sys;
  RsABC       abc;
  RsABCConfig c;
  RsMinConfig mc;
  RsMinResult r;
  RsBias      ext = {Landscape, NULL, NULL, NULL};
  Setup(&sys, &pot, 0.623, 0.028);
  RsMinConfigDefault(&mc);
  mc.fmaxTol = 1e-8;
  assert_int_equal(RsMinimize(&sys, &mc, &ext, &r), 0); /* exactly at B */
  RsABCConfigDefault(&c);
  c.q0          = q0;
  c.w           = 0.02;
  c.sigma       = 0.2; /* COM-free norm: 0.28 A = 0.14 MB units for atom 1. At 0.15 the climb overshoots S2 by 1.1 W */
  c.fmax        = 1e-6;
  c.temperature = temperature;
  c.regionRadius = 0; /* full space: two atoms */
  c.nebImages    = nebImages;
  assert_int_equal(RsABCSetUp(&abc, &c, &sys), 0);
  abc.external = &ext;
  assert_int_equal(RsABCStep(&abc, &sys, 1, st), 0);
  for (PetscInt i = 0; i < sys.p.n; i++)
    if (sys.p.id[i] == 1) {
      atom1[0] = (sys.p.x[2 * i] - X0[0]) / LS;
      atom1[1] = (sys.p.x[2 * i + 1] - X0[1]) / LS;
    }
  RsSystemRelease(&sys);
}

static const double EB = -108.16672, EC = -80.76782, ES2 = -72.24894; /* units */

static void test_below(void **st)
{
  RsABCStats s;
  double     p[2];
  const double q = ES * (ES2 - EB);
  RunFromB(q - 0.02, 315, &s, p);
  print_message("  Q0 = barrier - W = %.4f eV: %d penalties, %d new minima, barrier at stop %.4f eV (true %.4f)\n", q - 0.02, (int)s.penalties, (int)s.newMinima, s.barrier, q);
  assert_int_equal(s.newMinima, 0);
  assert_true(s.barrier > q - 0.02 && s.barrier <= q + 0.02 && !s.capped); /* stopped on the climb to S2 */
  assert_true(fabs(s.e0 - ES * EB) < 1e-6);
}

static void test_above(void **st)
{
  RsABCStats s;
  double     p[2];
  const double q = ES * (ES2 - EB);
  RunFromB(q + 0.02, 1e7, &s, p);
  print_message("  Q0 = barrier + W = %.4f eV: %d penalties, %d new minima, chosen %d at (%.4f, %.4f) E %.5f eV (C: (-0.0500, 0.4667) %.5f), barrier at stop %.4f\n", q + 0.02, (int)s.penalties, (int)s.newMinima, (int)s.chosen, p[0], p[1], s.eChosen, ES * EC, s.barrier);
  assert_true(s.newMinima >= 1 && s.chosen >= 1 && !s.capped);
  assert_true(fabs(p[0] + 0.05001) < 2e-3 && fabs(p[1] - 0.46669) < 2e-3 && fabs(s.eChosen - ES * EC) < 1e-5);
  print_message("  saddle estimate on the path B -> C: %.4f eV (true %.4f, W 0.02)\n", s.saddle, q);
  assert_true(s.saddle >= q - 1e-3 && s.saddle <= q + 0.02); /* an upper bound, within W */
}

/* With NEB refinement of each hop the path saddle B -> C is the true S2 (not an upper bound). */
static void test_above_neb(void **st)
{
  RsABCStats s;
  double     p[2];
  const double q = ES * (ES2 - EB);
  nebImages = 7;
  RunFromB(q + 0.02, 1e7, &s, p);
  nebImages = 0;
  print_message("  with CI-NEB refinement: saddle on the path B -> C %.5f eV (true %.5f), %lld evaluations\n", s.saddle, q, (long long)s.evaluations);
  assert_true(s.newMinima >= 1 && s.chosen >= 1);
  assert_true(fabs(s.saddle - q) < 1e-3);
}

/* CI-NEB between the minima B and C finds the saddle S2: 35.918 units = 0.35918 eV above B. */
static void test_neb(void **st)
{
  RsPotential pot;
  RsSystem    sys;
  RsMinConfig mc;
  RsMinResult r;
  RsBias      ext = {Landscape, NULL, NULL, NULL};
  RsNEBConfig c;
  RsNEBResult res;
  PetscReal   xa[4], xb[4];
  Setup(&sys, &pot, 0.623, 0.028);
  RsMinConfigDefault(&mc);
  mc.fmaxTol = 1e-8;
  assert_int_equal(RsMinimize(&sys, &mc, &ext, &r), 0);
  PetscArraycpy(xa, sys.p.x, 4);
  sys.p.x[0] = X0[0] + LS * -0.05, sys.p.x[1] = X0[1] + LS * 0.4667; /* atom 1 (stored first) near C */
  assert_int_equal(RsMinimize(&sys, &mc, &ext, &r), 0);
  PetscArraycpy(xb, sys.p.x, 4);
  RsNEBConfigDefault(&c);
  assert_int_equal(RsNEB(&sys, &ext, xa, xb, &c, &res), 0);
  print_message("CI-NEB B -> C: saddle %.5f eV above B (S2: %.5f), end points %.5f %.5f (B %.5f, C %.5f), %d iterations, %lld evaluations, |F| %.1e\n", res.esaddle - res.ea, ES * (ES2 - EB), res.ea, res.eb, ES * EB, ES * EC, (int)res.iterations, (long long)res.evaluations, res.fmax);
  assert_true(res.converged);
  assert_true(fabs(res.esaddle - res.ea - ES * (ES2 - EB)) < 1e-3);
  assert_true(fabs(sys.p.x[0] - xb[0]) < 1e-12); /* positions restored */
  RsSystemRelease(&sys);
}

int main(int argc, char **argv)
{
  RsTestInit(&argc, &argv);
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_below), cmocka_unit_test(test_above), cmocka_unit_test(test_above_neb), cmocka_unit_test(test_neb)};
  int                     rc      = cmocka_run_group_tests_name("abc", tests, NULL, NULL);
  PetscFinalize();
  return rc;
}
