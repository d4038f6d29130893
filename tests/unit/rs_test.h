/* rs_test.h: shared helpers of the cmocka unit tests: PETSc set-up with an error handler that
   records the last message (so tests can assert what the user would read), and small random
   configurations built on a perturbed lattice. */
#ifndef RS_TEST_H
#define RS_TEST_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "rs_system.h"
#include <unistd.h>
#include <stdlib.h>

static char rs_test_lasterr[1024];

static PetscErrorCode RsTestErrorHandler(MPI_Comm comm, int line, const char *fun, const char *file, PetscErrorCode n, PetscErrorType p, const char *mess, void *ctx)
{
  if (p == PETSC_ERROR_INITIAL) snprintf(rs_test_lasterr, sizeof rs_test_lasterr, "%s", mess ? mess : "");
  return n;
}

/* Initialises PETSc for a test binary with the recording error handler. */
static inline void RsTestInit(int *argc, char ***argv)
{
  if (PetscInitialize(argc, argv, NULL, NULL)) exit(1);
  PetscPushErrorHandler(RsTestErrorHandler, NULL);
}

/* Asserts that an expression fails and that the recorded message contains needle. */
#define RS_ASSERT_FAILS_WITH(expr, needle)                                                   \
  do {                                                                                       \
    rs_test_lasterr[0] = 0;                                                                  \
    PetscErrorCode e_  = (expr);                                                             \
    if (!e_ || !strstr(rs_test_lasterr, needle)) {                                           \
      print_error("expected failure containing '%s', got code %d: '%s'\n", needle, (int)e_, rs_test_lasterr); \
      fail();                                                                                \
    }                                                                                        \
  } while (0)

/* Deterministic uniform [0,1) generator for tests (splitmix64). */
static inline double RsTestRand(uint64_t *s)
{
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z          = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z          = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return (z >> 11) * (1.0 / 9007199254740992.0);
}

/* The P2 potential built in code (the same numbers as configs/potentials/p2.yaml). */
static inline void RsTestPotential(RsPotential *pot, RsPairForm form)
{
  memset(pot, 0, sizeof *pot);
  pot->form   = form;
  pot->ntypes = 2;
  strcpy(pot->species[0], "Cu");
  strcpy(pot->species[1], "Zr");
  pot->mass[0] = 63.546;
  pot->mass[1] = 91.224;
  const double r = form == RS_PAIR_LJ_SMOOTH_LINEAR ? 1.0 : pow(2.0, 1.0 / 6.0);
  RsPotentialSetPair(pot, 0, 0, 0.1792, 2.200 * r, 5.5);
  RsPotentialSetPair(pot, 1, 1, 0.1792, 3.080 * r, 7.7);
  RsPotentialSetPair(pot, 0, 1, 0.1792, 2.640 * r, 6.6);
}

/* A dense glass-like configuration: nx x ny triangular lattice with spacing a, each site
   displaced by up to +-jitter, random species; box tilt xy. */
static inline void RsTestConfig(RsSystem *sys, const RsPotential *pot, int nx, int ny, double a, double jitter, double tiltFrac, uint64_t seed)
{
  memset(sys, 0, sizeof *sys);
  RsSystemSetUp(sys, PETSC_COMM_SELF, pot, 0.5, 1.0);
  sys->box.Lx = nx * a;
  sys->box.Ly = ny * a * sqrt(3.0) / 2;
  sys->box.xy = tiltFrac * sys->box.Lx;
  sys->box.lo[0] = -3.0;
  sys->box.lo[1] = 1.5;
  RsParticlesReserve(&sys->p, nx * ny);
  sys->p.n = nx * ny;
  for (int j = 0; j < ny; j++)
    for (int i = 0; i < nx; i++) {
      int       k = j * nx + i;
      PetscReal s[2] = {(i + 0.5 * (j % 2) + jitter / a * (2 * RsTestRand(&seed) - 1)) / nx, (j + jitter / a * (2 * RsTestRand(&seed) - 1)) / ny};
      RsBoxFromFrac(&sys->box, s, &sys->p.x[2 * k]);
      sys->p.type[k]         = RsTestRand(&seed) < 0.5 ? 0 : 1;
      sys->p.id[k]           = k + 1;
      sys->p.image[2 * k]    = 0;
      sys->p.image[2 * k + 1] = 0;
      sys->p.v[2 * k] = sys->p.v[2 * k + 1] = 0;
    }
}

/* Reference energy and forces by brute force over all pairs and lattice images (any tilt). */
static inline double RsTestBruteForce(const RsSystem *sys, double *f)
{
  const RsParticles *p = &sys->p;
  const RsPotential *pot = sys->pot;
  double             e   = 0;
  for (PetscInt i = 0; i < 2 * p->n; i++) f[i] = 0;
  for (PetscInt i = 0; i < p->n; i++)
    for (PetscInt j = i; j < p->n; j++)
      for (int nb = -3; nb <= 3; nb++)
        for (int na = -3; na <= 3; na++) {
          if (i == j && na == 0 && nb == 0) continue;
          PetscInt t  = p->type[i] * RS_MAX_TYPES + p->type[j];
          double   dx = p->x[2 * i] - p->x[2 * j] - na * sys->box.Lx - nb * sys->box.xy;
          double   dy = p->x[2 * i + 1] - p->x[2 * j + 1] - nb * sys->box.Ly;
          double   rsq = dx * dx + dy * dy;
          if (rsq >= pot->cutsq[t]) continue;
          PetscReal fp, ep = RsPairEval(pot->form, pot, t, rsq, &fp);
          double    w = i == j ? 0.5 : 1.0; /* self-image pairs are seen twice (+-n) */
          e += w * ep;
          f[2 * i] += w * fp * dx;
          f[2 * i + 1] += w * fp * dy;
          f[2 * j] -= w * fp * dx;
          f[2 * j + 1] -= w * fp * dy;
        }
  return e;
}
#endif
