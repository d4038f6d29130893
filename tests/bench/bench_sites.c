/* bench_sites.c: the held width rule's lowest regional Hessian eigenvalue at many sites of one
   state (the highest-stress atoms and random atoms), to see how the rule's width depends on the
   site and on the system size. Usage: bench_sites -in state.data [-sites_random K]. One rank. */
#include "rs_cmd.h"
#include "rs_abc.h"
#include "rs_atomstress.h"
#include <stdlib.h>

static PetscReal *gw;
static int ByStress(const void *a, const void *b)
{
  PetscReal x = -gw[*(const PetscInt *)a], y = -gw[*(const PetscInt *)b];
  return x < y ? 1 : x > y ? -1 : 0;
}

static PetscErrorCode Site(RsSystem *sys, PetscInt i, PetscReal R, const char *what, PetscReal score)
{
  RsParticles *p = &sys->p;
  char        *mask;
  PetscInt     cnt = 0;
  PetscReal    lam;
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(p->n + 1, &mask));
  for (PetscInt j = 0; j < p->n; j++) {
    PetscReal d[2] = {p->x[2 * j] - p->x[2 * i], p->x[2 * j + 1] - p->x[2 * i + 1]};
    RsBoxMinImage(&sys->box, d);
    mask[j] = d[0] * d[0] + d[1] * d[1] < R * R;
    cnt += mask[j];
  }
  PetscCall(RsABCLowestEigenvalue(sys, 200, mask, PETSC_FALSE, &lam));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s %lld %.1f %" PetscInt_FMT " %.6g %.4f\n", what, (long long)p->id[i], (double)score, cnt, (double)lam, (double)PetscSqrtReal(0.05 / (0.6 * lam))));
  PetscCall(PetscFree(mask));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  RsConfig    cfg;
  RsPotential pot;
  RsSystem    sys;
  PetscInt    K = 20, top = 5, *idx;
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-sites_random", &K, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-sites_top", &top, NULL));
  PetscCall(PetscOptionsClearValue(NULL, "-sites_random"));
  PetscCall(PetscOptionsClearValue(NULL, "-sites_top"));
  PetscCall(RsConfigSetFromOptions(PETSC_COMM_WORLD, &cfg));
  PetscCall(RsCmdLoadSystem(PETSC_COMM_WORLD, &cfg, &pot, &sys));
  sys.forceRebuild = PETSC_TRUE;
  PetscCall(RsSystemComputeForces(&sys, RS_FORCE_ENERGY));
  sys.frozen = PETSC_TRUE;
  PetscCall(PetscMalloc2(sys.p.n, &gw, sys.p.n, &idx));
  PetscCall(RsSystemAtomVirialXY(&sys, gw));
  for (PetscInt i = 0; i < sys.p.n; i++) idx[i] = i;
  qsort(idx, sys.p.n, sizeof *idx, ByStress);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "# kind id sigma_xy_MPa region_atoms lambda_min sigma_A\n"));
  for (PetscInt k = 0; k < top; k++) PetscCall(Site(&sys, idx[k], cfg.abc.regionRadius, "top", -gw[idx[k]]));
  srand(7);
  for (PetscInt k = 0; k < K; k++) {
    PetscInt i = rand() % sys.p.n;
    PetscCall(Site(&sys, i, cfg.abc.regionRadius, "random", -gw[i]));
  }
  PetscCall(PetscFree2(gw, idx));
  PetscCall(RsSystemRelease(&sys));
  PetscCall(PetscFinalize());
  return 0;
}
