/* rs_system.c: evaluation driver. The rebuild decision is global (any rank's atoms moved too
   far). At a rebuild the box is flipped if its tilt passed Lx/2, owned atoms are wrapped and
   migrated to their owners, sorted by cell, ghosts are rebuilt and lists re-made; otherwise only
   ghost positions are refreshed. Energy and virial are summed over ranks when requested. Stress: P_ab = (sum m v_a v_b mvv2e + W_ab) / A in
   eV/A^2, converted with nktv2p and divided by h; sigma = -P, so tau = sigma_xy = -P_xy. */
#include "rs_system.h"
#include "rs_units.h"
#include "rs_log.h"
#include <math.h>

PetscErrorCode RsSystemSetUp(RsSystem *sys, MPI_Comm comm, const RsPotential *pot, PetscReal skin, PetscReal thickness)
{
  PetscFunctionBegin;
  PetscCall(RsLogRegister());
  PetscCall(RsDomainSetUp(&sys->dom, comm));
  PetscCheck(thickness > 0 && PetscIsNormalReal(thickness), PETSC_COMM_SELF, RS_ERR_INPUT, "film thickness must be positive, got %g", (double)thickness);
  sys->pot       = pot;
  sys->thickness = thickness;
  sys->ride      = NULL;
  sys->nride     = 0;
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

PetscErrorCode RsSystemDistribute(RsSystem *sys)
{
  PetscFunctionBegin;
  for (PetscInt i = 0; i < sys->p.n; i++) RsBoxWrap(&sys->box, &sys->p.x[2 * i], &sys->p.image[2 * i]);
  PetscCall(RsDomainFilterOwned(&sys->dom, &sys->box, &sys->p));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsSystemCountAtoms(RsSystem *sys, PetscInt64 *n)
{
  PetscReal v = (PetscReal)sys->p.n;
  PetscFunctionBegin;
  PetscCall(RsDomainSum(&sys->dom, 1, &v));
  *n = (PetscInt64)v;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsSystemMaxDrift(RsSystem *sys, PetscReal *drift)
{
  PetscReal w[2], d = 0;
  PetscFunctionBegin;
  RsBoxWidths(&sys->box, w);
  for (PetscInt i = 0; i < sys->p.n; i++) {
    PetscReal s[2];
    RsBoxToFrac(&sys->box, &sys->p.x[2 * i], s);
    for (int k = 0; k < 2; k++) {
      d = PetscMax(d, (sys->dom.lo[k] - s[k]) * w[k]);
      d = PetscMax(d, (s[k] - sys->dom.hi[k]) * w[k]);
    }
  }
  PetscCall(RsDomainMax(&sys->dom, 1, &d));
  *drift = d;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsSystemComputeForces(RsSystem *sys, int flags)
{
  RsParticles *p       = &sys->p;
  PetscReal    r[2]  = {sys->forceRebuild || RsNeighNeedsRebuild(&sys->neigh, &sys->box, p) ? 1.0 : 0.0, sys->lastMove};
  PetscBool    rebuild;
  PetscFunctionBegin;
  if (sys->nride) PetscCall(RsDomainSumMax(&sys->dom, sys->nride, sys->ride, 2, r)); /* one reduction: the caller's sums, */
  else PetscCall(RsDomainMax(&sys->dom, 2, r));                                           /* rebuild anywhere, fastest atom */
  sys->nride = 0;
  rebuild = r[0] > 0 ? PETSC_TRUE : PETSC_FALSE;
  PetscCheck(!(r[1] > sys->neigh.skin), sys->dom.comm, RS_ERR_SCIENCE, "an atom moved %g A in one step, more than the neighbour skin %g A (timestep too large, or atoms overlapping)", (double)r[1], (double)sys->neigh.skin);
  sys->forceRebuild = PETSC_FALSE;
  if (rebuild && sys->frozen) {
    PetscReal drift;
    /* an owned atom outside its subdomain by drift has partners up to cutoff + skin + drift
       beyond the subdomain face: widen the ghost band by the largest drift */
    PetscCall(RsSystemMaxDrift(sys, &drift));
    {
      PetscReal w[2];
      RsBoxWidths(&sys->box, w);
      for (int d = 0; d < 2; d++) PetscCheck(sys->pot->cutmax + sys->neigh.skin + drift <= (sys->dom.hi[d] - sys->dom.lo[d]) * w[d], sys->dom.comm, RS_ERR_SCIENCE, "an atom moved %g A out of its subdomain during a minimisation (a step far too long: overlapping atoms, or TAO's line search; try -min_type lbfgs)", (double)drift);
    }
    PetscCall(PetscLogEventBegin(RS_EventNeigh, 0, 0, 0, 0));
    PetscCall(RsHaloBorders(&sys->halo, &sys->dom, &sys->box, p, sys->pot->cutmax + sys->neigh.skin + drift));
    PetscCall(RsNeighBuild(&sys->neigh, &sys->box, sys->dom.lo, sys->dom.hi, p));
    PetscCall(PetscLogEventEnd(RS_EventNeigh, 0, 0, 0, 0));
  } else if (rebuild) {
    const PetscReal cutghost = sys->pot->cutmax + sys->neigh.skin;
    int             flipped;
    RsBoxFlip(&sys->box, p->n, p->x, p->image, &flipped);
    if (flipped) {
      sys->nflips++;
      sys->tiltShift -= flipped * sys->box.Lx;
    }
    for (PetscInt i = 0; i < p->n; i++) {
      int im[2] = {p->image[2 * i], p->image[2 * i + 1]};
      RsBoxWrap(&sys->box, &p->x[2 * i], &p->image[2 * i]);
      const int da = p->image[2 * i] - im[0], db = p->image[2 * i + 1] - im[1];
      if (da || db) { /* re-entered through a face: the image there moves with the box */
        p->v[2 * i] -= da * sys->vrate[0] + db * sys->vrate[2];
        p->v[2 * i + 1] -= db * sys->vrate[1];
      }
    }
    PetscCall(RsDomainCheckWidth(&sys->dom, &sys->box, cutghost));
    PetscCall(PetscLogEventBegin(RS_EventNeigh, 0, 0, 0, 0));
    PetscCall(RsDomainMigrate(&sys->dom, &sys->box, p));
    PetscCall(RsSystemSortAtoms(sys));
    PetscCall(RsHaloBorders(&sys->halo, &sys->dom, &sys->box, p, cutghost));
    PetscCall(RsNeighBuild(&sys->neigh, &sys->box, sys->dom.lo, sys->dom.hi, p));
    PetscCall(PetscLogEventEnd(RS_EventNeigh, 0, 0, 0, 0));
  } else {
    PetscCall(PetscLogEventBegin(RS_EventComm, 0, 0, 0, 0));
    PetscCall(RsHaloForward(&sys->halo, &sys->dom, &sys->box, p));
    PetscCall(PetscLogEventEnd(RS_EventComm, 0, 0, 0, 0));
  }
  PetscCall(PetscLogEventBegin(RS_EventForce, 0, 0, 0, 0));
  RsForceCompute(sys->pot, &sys->neigh, p, flags & RS_FORCE_ALL, &sys->last); /* RS_FORCE_LOCAL is not the kernel's */
  PetscCall(PetscLogEventEnd(RS_EventForce, 0, 0, 0, 0));
  PetscCall(PetscLogEventBegin(RS_EventComm, 0, 0, 0, 0));
  PetscCall(RsHaloReverse(&sys->halo, &sys->dom, p, (flags & RS_FORCE_EATOM) ? PETSC_TRUE : PETSC_FALSE));
  PetscCall(PetscLogEventEnd(RS_EventComm, 0, 0, 0, 0));
  if ((flags & (RS_FORCE_ENERGY | RS_FORCE_VIRIAL)) && !(flags & RS_FORCE_LOCAL)) PetscCall(RsSystemSumLast(sys, 0, NULL, 0, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsSystemSumLast(RsSystem *sys, PetscInt nsum, PetscReal *sum, PetscInt nmax, PetscReal *max)
{
  PetscReal buf[64], *v = buf;
  PetscFunctionBegin;
  if (5 + nsum > 64) PetscCall(PetscMalloc1(5 + nsum, &v));
  v[0] = sys->last.energy;
  for (int a = 0; a < 3; a++) v[1 + a] = sys->last.virial[a];
  v[4] = (PetscReal)sys->last.npairs;
  for (PetscInt i = 0; i < nsum; i++) v[5 + i] = sum[i];
  if (nmax) PetscCall(RsDomainSumMax(&sys->dom, 5 + nsum, v, nmax, max));
  else PetscCall(RsDomainSum(&sys->dom, 5 + nsum, v));
  sys->last.energy = v[0];
  for (int a = 0; a < 3; a++) sys->last.virial[a] = v[1 + a];
  sys->last.npairs = (PetscInt64)v[4];
  for (PetscInt i = 0; i < nsum; i++) sum[i] = v[5 + i];
  if (v != buf) PetscCall(PetscFree(v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsSystemKineticTensor(const RsSystem *sys, PetscReal k[3])
{
  const RsParticles *p = &sys->p;
  PetscFunctionBegin;
  k[0] = k[1] = k[2] = 0;
  for (PetscInt i = 0; i < p->n; i++) {
    const PetscReal m = sys->pot->mass[p->type[i]], vx = p->v[2 * i], vy = p->v[2 * i + 1];
    k[0] += m * vx * vx;
    k[1] += m * vy * vy;
    k[2] += m * vx * vy;
  }
  for (int a = 0; a < 3; a++) k[a] *= RS_MVV2E;
  PetscCall(RsDomainSum(&sys->dom, 3, k));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsSystemStress(const RsSystem *sys, PetscReal sigma[3])
{
  PetscReal k[3];
  PetscFunctionBegin;
  PetscCall(RsSystemKineticTensor(sys, k));
  const PetscReal scale = RS_EVA3_TO_MPA / (RsBoxArea(&sys->box) * sys->thickness);
  for (int a = 0; a < 3; a++) sigma[a] = -(k[a] + sys->last.virial[a]) * scale;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsSystemGatherAtoms(const RsSystem *sys, PetscInt64 *n, PetscReal **all)
{
  const RsParticles *p = &sys->p;
  PetscReal         *mine;
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(RS_ATOM_NPACK * p->n + 1, &mine));
  for (PetscInt i = 0; i < p->n; i++) RsParticlesPackAtom(p, i, &mine[RS_ATOM_NPACK * i]);
  PetscCall(RsDomainGatherById(&sys->dom, p, RS_ATOM_NPACK, mine, n, all));
  PetscCall(PetscFree(mine));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsSystemRelease(RsSystem *sys)
{
  PetscFunctionBegin;
  PetscCall(RsParticlesRelease(&sys->p));
  PetscCall(RsHaloRelease(&sys->halo));
  PetscCall(RsNeighRelease(&sys->neigh));
  PetscFunctionReturn(PETSC_SUCCESS);
}
