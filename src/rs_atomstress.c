/* rs_atomstress.c: per-atom shear virial (see rs_atomstress.h). The ghost halves are folded back
   through the halo's reverse exchange of per-atom energies: the per-atom energy slots carry the
   virial for the exchange and the forces are zeroed around it, then both are restored. */
#include "rs_atomstress.h"

PetscErrorCode RsSystemAtomVirialXY(RsSystem *sys, PetscReal *w)
{
  RsParticles   *p = &sys->p;
  const PetscInt ntot = p->n + p->nghost;
  PetscReal     *fsave, *esave;
  PetscFunctionBegin;
  PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY | RS_FORCE_VIRIAL));
  PetscCall(PetscMalloc2(2 * ntot + 1, &fsave, ntot + 1, &esave));
  PetscCall(PetscArraycpy(fsave, p->f, 2 * ntot));
  PetscCall(PetscArraycpy(esave, p->eatom, ntot));
  PetscCall(PetscArrayzero(p->f, 2 * ntot));
  PetscCall(PetscArrayzero(p->eatom, ntot));
  const RsNeigh     *nb  = &sys->neigh;
  const RsPotential *pot = sys->pot;
  for (PetscInt i = 0; i < p->n; i++) {
    const PetscInt ti = p->type[i] * RS_MAX_TYPES;
    for (PetscInt k = nb->offset[i]; k < nb->offset[i + 1]; k++) {
      const PetscInt  j  = nb->list[k], t = ti + p->type[j];
      const PetscReal dx = p->x[2 * i] - p->x[2 * j], dy = p->x[2 * i + 1] - p->x[2 * j + 1], rsq = dx * dx + dy * dy;
      if (rsq >= pot->cutsq[t]) continue;
      const PetscReal half = 0.5 * dx * dy * RsPairForce(pot->form, pot, t, rsq);
      p->eatom[i] += half;
      p->eatom[j] += half;
    }
  }
  PetscCall(RsHaloReverse(&sys->halo, &sys->dom, p, PETSC_TRUE));
  PetscCall(PetscArraycpy(w, p->eatom, p->n));
  PetscCall(PetscArraycpy(p->f, fsave, 2 * ntot));
  PetscCall(PetscArraycpy(p->eatom, esave, ntot));
  PetscCall(PetscFree2(fsave, esave));
  PetscFunctionReturn(PETSC_SUCCESS);
}
