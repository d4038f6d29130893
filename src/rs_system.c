/* rs_system.c: evaluation driver. At a rebuild the owned atoms are wrapped into the cell (and
   the cell flipped if its tilt passed Lx/2), ghosts are rebuilt and lists re-made; otherwise
   only ghost positions are refreshed. Stress: P_ab = (sum m v_a v_b mvv2e + W_ab) / A in
   eV/A^2, converted with nktv2p and divided by h; sigma = -P, so tau = sigma_xy = -P_xy. */
#include "rs_system.h"
#include "rs_units.h"
#include <math.h>

PetscErrorCode RsSystemSetUp(RsSystem *sys, const RsPotential *pot, PetscReal skin, PetscReal thickness)
{
  PetscFunctionBegin;
  PetscCheck(thickness > 0 && PetscIsNormalReal(thickness), PETSC_COMM_SELF, RS_ERR_INPUT, "film thickness must be positive, got %g", (double)thickness);
  sys->pot       = pot;
  sys->thickness = thickness;
  PetscCall(RsNeighSetUp(&sys->neigh, pot, skin));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsSystemSortAtoms(RsSystem *sys)
{
  RsParticles *p = &sys->p;
  PetscReal    w[2], cut = sys->pot->cutmax + sys->neigh.skin;
  PetscInt     nb[2], *cell, *count, *perm;
  PetscFunctionBegin;
  RsBoxWidths(&sys->box, w);
  for (int d = 0; d < 2; d++) nb[d] = PetscMax(1, (PetscInt)floor(2.0 * w[d] / cut));
  PetscCall(PetscMalloc3(p->n, &cell, nb[0] * nb[1] + 1, &count, p->n, &perm));
  PetscCall(PetscArrayzero(count, nb[0] * nb[1] + 1));
  for (PetscInt i = 0; i < p->n; i++) {
    PetscReal s[2];
    PetscInt  c[2];
    RsBoxToFrac(&sys->box, &p->x[2 * i], s);
    for (int d = 0; d < 2; d++) c[d] = PetscMin(PetscMax((PetscInt)floor(s[d] * nb[d]), 0), nb[d] - 1);
    /* serpentine order along x so consecutive rows stay adjacent */
    cell[i] = c[1] * nb[0] + (c[1] % 2 ? nb[0] - 1 - c[0] : c[0]);
    count[cell[i] + 1]++;
  }
  for (PetscInt c = 0; c < nb[0] * nb[1]; c++) count[c + 1] += count[c];
  for (PetscInt i = 0; i < p->n; i++) perm[count[cell[i]]++] = i; /* stable counting sort */
  PetscCall(RsParticlesPermute(p, perm));
  PetscCall(PetscFree3(cell, count, perm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsSystemComputeForces(RsSystem *sys, int flags)
{
  RsParticles *p = &sys->p;
  PetscFunctionBegin;
  if (RsNeighNeedsRebuild(&sys->neigh, &sys->box, p)) {
    int flipped;
    RsBoxFlip(&sys->box, p->n, p->x, p->image, &flipped);
    if (flipped) sys->nflips++;
    for (PetscInt i = 0; i < p->n; i++) RsBoxWrap(&sys->box, &p->x[2 * i], &p->image[2 * i]);
    PetscCall(RsSystemSortAtoms(sys));
    PetscCall(RsHaloBorders(&sys->halo, &sys->box, p, sys->pot->cutmax + sys->neigh.skin));
    PetscCall(RsNeighBuild(&sys->neigh, &sys->box, p));
  } else RsHaloForward(&sys->halo, &sys->box, p);
  RsForceCompute(sys->pot, &sys->neigh, p, flags, &sys->last);
  RsHaloReverse(&sys->halo, p, (flags & RS_FORCE_EATOM) ? PETSC_TRUE : PETSC_FALSE);
  PetscFunctionReturn(PETSC_SUCCESS);
}

void RsSystemKineticTensor(const RsSystem *sys, PetscReal k[3])
{
  const RsParticles *p = &sys->p;
  k[0] = k[1] = k[2] = 0;
  for (PetscInt i = 0; i < p->n; i++) {
    const PetscReal m = sys->pot->mass[p->type[i]], vx = p->v[2 * i], vy = p->v[2 * i + 1];
    k[0] += m * vx * vx;
    k[1] += m * vy * vy;
    k[2] += m * vx * vy;
  }
  for (int a = 0; a < 3; a++) k[a] *= RS_MVV2E;
}

void RsSystemStress(const RsSystem *sys, PetscReal sigma[3])
{
  PetscReal k[3];
  RsSystemKineticTensor(sys, k);
  const PetscReal scale = RS_EVA3_TO_MPA / (RsBoxArea(&sys->box) * sys->thickness);
  for (int a = 0; a < 3; a++) sigma[a] = -(k[a] + sys->last.virial[a]) * scale;
}

PetscErrorCode RsSystemRelease(RsSystem *sys)
{
  PetscFunctionBegin;
  PetscCall(RsParticlesRelease(&sys->p));
  PetscCall(RsHaloRelease(&sys->halo));
  PetscCall(RsNeighRelease(&sys->neigh));
  PetscFunctionReturn(PETSC_SUCCESS);
}
