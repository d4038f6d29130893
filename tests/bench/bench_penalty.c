/* make bench: cost of one ABC penalty evaluation (energy and forces, RsPenaltiesEvaluate) against
   the number of active centres, on a regional walker of 235 penalised atoms of 5000 (the
   25 A region at 5000 atoms). Centres lie within one width of the walker, so all are active.
   Prints markdown table rows: active centres, ms per evaluation, us per centre. One core. */
#include <petscsys.h>
#include "rs_penalty.h"

int main(int argc, char **argv)
{
  enum { N = 5000, M = 235 };
  const PetscInt counts[] = {200, 1000, 4000};
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  RsDomain   dom = {.comm = PETSC_COMM_SELF, .rank = 0, .size = 1};
  PetscReal *x, *c, *f;
  char      *mask;
  uint64_t   s = 88172645463325252ull;
  PetscCall(PetscMalloc4(2 * N, &x, 2 * N, &c, 2 * N, &f, N, &mask));
  for (PetscInt i = 0; i < N; i++) mask[i] = (char)(i % (N / M) == 0 && i / (N / M) < M);
  for (PetscInt k = 0; k < 2 * N; k++) {
    s ^= s << 13, s ^= s >> 7, s ^= s << 17;
    x[k] = 200.0 * (double)(s >> 11) / 9007199254740992.0;
  }
  for (size_t t = 0; t < sizeof counts / sizeof *counts; t++) {
    RsPenalties P = {0};
    PetscReal   e, sum = 0;
    PetscCall(RsPenaltiesSetUp(&P, RS_PENALTY_GAUSSIAN, 0.05, 1.5, 2 * N, mask, M));
    for (PetscInt q = 0; q < counts[t]; q++) {
      for (PetscInt k = 0; k < 2 * N; k++) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        c[k] = x[k] + 0.2 * ((double)(s >> 11) / 9007199254740992.0 - 0.5); /* |X - C| ~ 1 A < sigma */
      }
      PetscCall(RsPenaltiesAdd(&P, c));
    }
    const PetscInt reps = 200000 / counts[t] + 10;
    PetscCall(RsPenaltiesEvaluate(&P, &dom, x, f, &e)); /* builds the active list */
    PetscLogDouble t0, t1;
    PetscCall(PetscTime(&t0));
    for (PetscInt r = 0; r < reps; r++) {
      PetscCall(RsPenaltiesEvaluate(&P, &dom, x, f, &e));
      sum += e;
    }
    PetscCall(PetscTime(&t1));
    PetscCheck(P.nactive == counts[t], PETSC_COMM_SELF, PETSC_ERR_PLIB, "%d of %d centres active", (int)P.nactive, (int)counts[t]);
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "| %d | %.3f | %.3f |\n", (int)counts[t], 1e3 * (t1 - t0) / reps, 1e6 * (t1 - t0) / reps / counts[t]));
    PetscCall(RsPenaltiesRelease(&P));
    if (!(sum > 0)) return 1;
  }
  PetscCall(PetscFree4(x, c, f, mask));
  PetscCall(PetscFinalize());
  return 0;
}
