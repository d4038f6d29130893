/* Minimisation, every method (L-BFGS, CG, SD, FIRE, TAO LMVM): a perturbed one-species
   triangular lattice (a stationary point by symmetry at any spacing) returns to the lattice
   energy, with every atomic force below the tolerance; a dense random glass-like configuration
   ends below its start energy with |F|max < tolerance; a harmonic bias pulling one atom moves
   the minimum to where the bias force balances the potential force. */
#include "rs_test.h"
#include "rs_minimize.h"

static void test_lattice_recovered(void **st)
{
  RsPotential pot;
  RsSystem    sys;
  RsMinResult r;
  RsMinConfig mc;
  uint64_t    s  = 17;
  RsMinConfigDefault(&mc);
  mc.type    = *(RsMinType *)*st;
  mc.fmaxTol = mc.type == RS_MIN_TAO ? 1e-6 : 1e-8; /* TAO's energy-based line search stalls near 1e-7 eV/A */
  RsTestPotential(&pot, RS_PAIR_LJ_SMOOTH_LINEAR);
  RsTestConfig(&sys, &pot, 12, 12, 2.45, 0.0, 0.0, 1);
  for (PetscInt i = 0; i < sys.p.n; i++) sys.p.type[i] = 0;
  assert_int_equal(RsSystemComputeForces(&sys, RS_FORCE_ENERGY), 0);
  const double elat = sys.last.energy;
  for (PetscInt k = 0; k < 2 * sys.p.n; k++) sys.p.x[k] += 0.1 * (RsTestRand(&s) - 0.5);
  assert_int_equal(RsMinimize(&sys, &mc, NULL, &r), 0);
  print_message("  lattice (%s): E0 %.6f -> %.12f (lattice %.12f), |F|max %.1e, %d iterations, %lld evaluations\n", RsMinTypes[mc.type], r.e0, r.e, elat, r.fmax, (int)r.iterations, (long long)r.evaluations);
  assert_true(r.converged && r.fmax < mc.fmaxTol);
  assert_true(fabs(r.e - elat) < 1e-9 * fabs(elat));
  RsSystemRelease(&sys);
}

static void test_glass_descends(void **st)
{
  RsPotential pot;
  RsSystem    sys;
  RsMinResult r;
  RsMinConfig mc;
  RsMinConfigDefault(&mc);
  mc.type = *(RsMinType *)*st;
  RsTestPotential(&pot, RS_PAIR_LJ_SMOOTH_LINEAR);
  RsTestConfig(&sys, &pot, 12, 12, 3.05, 0.4, 0.2, 2);
  { /* remove the overlaps first (FIRE to 1 eV/A): TAO's line search would throw overlapping
       atoms across the box */
    RsMinConfig pre;
    RsMinConfigDefault(&pre);
    pre.type    = RS_MIN_FIRE;
    pre.fmaxTol = 1.0;
    assert_int_equal(RsMinimize(&sys, &pre, NULL, &r), 0);
  }
  assert_int_equal(RsMinimize(&sys, &mc, NULL, &r), 0);
  print_message("  glass (%s): E0 %.6f -> %.6f, |F|max %.1e, %d iterations, %lld evaluations\n", RsMinTypes[mc.type], r.e0, r.e, r.fmax, (int)r.iterations, (long long)r.evaluations);
  assert_true(r.converged && r.e < r.e0);
  /* after the minimisation the system is a normal system again: an evaluation agrees */
  assert_int_equal(RsSystemComputeForces(&sys, RS_FORCE_ENERGY), 0);
  assert_true(fabs(sys.last.energy - r.e) < 1e-10 * fabs(r.e));
  RsSystemRelease(&sys);
}

/* Harmonic bias k/2 |x_1 - x_2 - c|^2 between the atoms with ids 1 and 2 (one rank). */
typedef struct {
  PetscReal k, c[2];
  PetscInt  a, b; /* local indices */
} Spring;

static PetscErrorCode SpringApply(RsBias *bias, RsSystem *sys, PetscReal *eb)
{
  Spring         *sp = (Spring *)bias->ctx;
  PetscReal      *x = sys->p.x, *f = sys->p.f;
  const PetscReal d[2] = {x[2 * sp->a] - x[2 * sp->b] - sp->c[0], x[2 * sp->a + 1] - x[2 * sp->b + 1] - sp->c[1]};
  *eb = 0.5 * sp->k * (d[0] * d[0] + d[1] * d[1]);
  for (int k = 0; k < 2; k++) {
    f[2 * sp->a + k] -= sp->k * d[k];
    f[2 * sp->b + k] += sp->k * d[k];
  }
  return PETSC_SUCCESS;
}

static void test_bias_balance(void **st)
{
  RsPotential pot;
  RsSystem    sys;
  RsMinResult r;
  RsMinConfig mc;
  Spring      sp = {2.0, {0, 0}, -1, -1};
  RsBias      b  = {SpringApply, &sp, NULL, NULL};
  RsMinConfigDefault(&mc);
  mc.type    = *(RsMinType *)*st;
  mc.fmaxTol = 1e-7;
  RsTestPotential(&pot, RS_PAIR_LJ_SMOOTH_LINEAR);
  RsTestConfig(&sys, &pot, 12, 12, 2.45, 0.0, 0.0, 1);
  for (PetscInt i = 0; i < sys.p.n; i++) sys.p.type[i] = 0;
  sys.forceRebuild = PETSC_TRUE; /* wrap and sort now, so the indices below stay valid */
  assert_int_equal(RsSystemComputeForces(&sys, RS_FORCE_ENERGY), 0);
  for (PetscInt i = 0; i < sys.p.n; i++) {
    if (sys.p.id[i] == 1) sp.a = i;
    if (sys.p.id[i] == 2) sp.b = i;
  }
  assert_true(sp.a >= 0 && sp.b >= 0);
  sp.c[0] = sys.p.x[2 * sp.a] - sys.p.x[2 * sp.b] + 0.3; /* stretch the pair by 0.3 A along x */
  sp.c[1] = sys.p.x[2 * sp.a + 1] - sys.p.x[2 * sp.b + 1];
  sys.frozen = PETSC_TRUE; /* keep the layout: the spring holds local indices */
  assert_int_equal(RsMinimize(&sys, &mc, &b, &r), 0);
  assert_true(r.converged && r.ebias > 0);
  /* at the biased minimum the potential force on each end equals minus the spring force */
  assert_int_equal(RsSystemComputeForces(&sys, RS_FORCE_ENERGY), 0);
  const PetscReal fs[2] = {-sp.k * (sys.p.x[2 * sp.a] - sys.p.x[2 * sp.b] - sp.c[0]), -sp.k * (sys.p.x[2 * sp.a + 1] - sys.p.x[2 * sp.b + 1] - sp.c[1])};
  print_message("  bias (%s): spring force (%.6f, %.6f), potential force (%.6f, %.6f), %lld evaluations\n", RsMinTypes[mc.type], fs[0], fs[1], sys.p.f[2 * sp.a], sys.p.f[2 * sp.a + 1], (long long)r.evaluations);
  assert_true(fabs(fs[0]) > 0.05 && fabs(fs[0] + sys.p.f[2 * sp.a]) < 1e-6 && fabs(fs[1] + sys.p.f[2 * sp.a + 1]) < 1e-6);
  assert_true(fabs(fs[0] - sys.p.f[2 * sp.b]) < 1e-6 && fabs(fs[1] - sys.p.f[2 * sp.b + 1]) < 1e-6);
  sys.frozen = PETSC_FALSE;
  RsSystemRelease(&sys);
}

/* Vector-free L-BFGS history bookkeeping: a history that wraps every iteration (m = 1) or every
   third (m = 3), and pairs carried from one minimisation into the next on a held layout
   (-abc_reuse_curvature), all return to the lattice within 4x the iterations of m = 10, and m = 10
   needs fewer than m = 1 (wrong Gram entries give poor directions and descent restarts long
   before they give no convergence: one wrong sign in the y rows makes m = 10 take 264). */
static void test_lbfgs_history(void **st)
{
  RsPotential  pot;
  RsSystem     sys;
  RsMinResult  r;
  RsMinConfig  mc;
  RsMinHistory h = {0};
  PetscReal   *x0;
  PetscInt     it10 = 0;
  uint64_t     s    = 23;
  RsTestPotential(&pot, RS_PAIR_LJ_SMOOTH_LINEAR);
  RsTestConfig(&sys, &pot, 12, 12, 2.45, 0.0, 0.0, 1);
  for (PetscInt i = 0; i < sys.p.n; i++) sys.p.type[i] = 0;
  sys.forceRebuild = PETSC_TRUE;
  assert_int_equal(RsSystemComputeForces(&sys, RS_FORCE_ENERGY), 0);
  const double elat = sys.last.energy;
  assert_int_equal(PetscMalloc1(2 * sys.p.n, &x0), 0);
  for (PetscInt k = 0; k < 2 * sys.p.n; k++) x0[k] = sys.p.x[k] + 0.1 * (RsTestRand(&s) - 0.5);
  sys.frozen = PETSC_TRUE; /* one layout for all runs (history reuse needs it) */
  const PetscInt mem[] = {10, 1, 3, 10, 10};
  for (int run = 0; run < 5; run++) { /* runs 3 and 4 share the history h */
    RsMinConfigDefault(&mc);
    mc.fmaxTol = 1e-8;
    mc.memory  = mem[run];
    mc.history = run >= 3 ? &h : NULL;
    for (PetscInt k = 0; k < 2 * sys.p.n; k++) sys.p.x[k] = x0[k] + (run == 4 ? 0.02 * (RsTestRand(&s) - 0.5) : 0);
    assert_int_equal(RsMinimize(&sys, &mc, NULL, &r), 0);
    print_message("  lbfgs m %d%s: %d iterations, E %.12f (lattice %.12f), |F|max %.1e\n", (int)mc.memory, run == 4 ? " (reused pairs)" : "", (int)r.iterations, r.e, elat, r.fmax);
    assert_true(r.converged && fabs(r.e - elat) < 1e-9 * fabs(elat));
    if (run == 0) it10 = r.iterations;
    else assert_true(r.iterations <= 4 * it10);
    if (run == 1) assert_true(it10 < r.iterations); /* memory helps on this smooth landscape */
  }
  assert_true(h.nhist > 0);
  assert_int_equal(RsMinHistoryFree(&h), 0);
  assert_int_equal(PetscFree(x0), 0);
  sys.frozen = PETSC_FALSE;
  RsSystemRelease(&sys);
}

static RsMinType types[] = {RS_MIN_LBFGS, RS_MIN_CG, RS_MIN_SD, RS_MIN_FIRE, RS_MIN_TAO};

int main(int argc, char **argv)
{
  RsTestInit(&argc, &argv);
  struct CMUnitTest tests[16];
  for (int k = 0; k < 5; k++) {
    tests[3 * k]     = (struct CMUnitTest)cmocka_unit_test_prestate(test_lattice_recovered, &types[k]);
    tests[3 * k + 1] = (struct CMUnitTest)cmocka_unit_test_prestate(test_glass_descends, &types[k]);
    tests[3 * k + 2] = (struct CMUnitTest)cmocka_unit_test_prestate(test_bias_balance, &types[k]);
  }
  tests[15] = (struct CMUnitTest)cmocka_unit_test(test_lbfgs_history);
  int rc    = cmocka_run_group_tests_name("minimize", tests, NULL, NULL);
  PetscFinalize();
  return rc;
}
