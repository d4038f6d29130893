/* rs_structure.c: per-atom neighbourhoods from the link cells of the neighbour lists.

   Each owned atom scans its 3x3 cells (owned and ghost atoms; ghosts cover every image within
   cutoff + skin >= rmax) and keeps its 6 nearest by insertion into a sorted array of 6, then
     psi6_i = | (1/6) sum_k exp(6 i theta_ik) |   (theta: angle of r_k - r_i),
   the unlike fraction counts the neighbours of the other species. g_ab(r) counts ordered pairs
   (i of species a owned here, j of species b) and is normalised by N_a rho_b 2 pi r dr (2D),
   rho_b = N_b / A, so it tends to 1 at large r.
   Verdict (PHYSICS.md, binding decisions): crystallised when more than half of the atoms have
   |psi6| > 0.9. Only the first two species enter g(r) (binary model). */
#include "rs_structure.h"
#include <math.h>

typedef struct {
  PetscReal r2[6], dx[6], dy[6];
  PetscInt  type[6], n;
} Nearest;

static inline void Offer(Nearest *nn, PetscReal r2, PetscReal dx, PetscReal dy, PetscInt type)
{
  PetscInt k;
  if (nn->n == 6) {
    if (r2 >= nn->r2[5]) return;
    k = 5;
  } else k = nn->n++;
  while (k > 0 && nn->r2[k - 1] > r2) { /* insertion keeps the 6 nearest sorted */
    nn->r2[k]   = nn->r2[k - 1];
    nn->dx[k]   = nn->dx[k - 1];
    nn->dy[k]   = nn->dy[k - 1];
    nn->type[k] = nn->type[k - 1];
    k--;
  }
  nn->r2[k]   = r2;
  nn->dx[k]   = dx;
  nn->dy[k]   = dy;
  nn->type[k] = type;
}

PetscErrorCode RsStructureCompute(RsSystem *sys, PetscReal rmax, RsStructure *st)
{
  RsParticles *p = &sys->p;
  Nearest     *nn;
  PetscReal    cutmin = PETSC_MAX_REAL;
  PetscFunctionBegin;
  PetscCall(PetscMemzero(st, sizeof *st));
  PetscCall(RsSystemComputeForces(sys, 0)); /* up-to-date ghosts and lists */
  for (PetscInt a = 0; a < sys->pot->ntypes; a++)
    for (PetscInt b = 0; b < sys->pot->ntypes; b++) cutmin = PetscMin(cutmin, sqrt(sys->neigh.cutneighsq[a * RS_MAX_TYPES + b]));
  PetscCheck(rmax > 0 && rmax <= cutmin, sys->dom.comm, RS_ERR_INPUT, "structure range %g A must be in (0, %g] (the smallest neighbour-list cutoff)", (double)rmax, (double)cutmin);
  st->rmax = rmax;
  st->dr   = rmax / RS_GR_BINS;
  PetscCall(PetscCalloc1(p->n + 1, &nn));
  PetscReal hist[3][RS_GR_BINS];
  PetscCall(PetscMemzero(hist, sizeof hist));
  const PetscReal rmax2 = rmax * rmax;
  const RsNeigh  *nb    = &sys->neigh;
  for (PetscInt i = 0; i < p->n; i++) {
    const PetscInt cx = nb->cell[i] % nb->nbin[0], cy = nb->cell[i] / nb->nbin[0];
    for (PetscInt ey = cy - 1; ey <= cy + 1; ey++)
      for (PetscInt ex = cx - 1; ex <= cx + 1; ex++) {
        if (ex < 0 || ey < 0 || ex >= nb->nbin[0] || ey >= nb->nbin[1]) continue;
        const PetscInt c = ey * nb->nbin[0] + ex;
        for (PetscInt k = nb->binstart[c]; k < nb->binstart[c + 1]; k++) {
          const PetscInt j = nb->bidx[k];
          if (j == i) continue;
          const PetscReal dx = p->x[2 * j] - p->x[2 * i], dy = p->x[2 * j + 1] - p->x[2 * i + 1], r2 = dx * dx + dy * dy;
          if (r2 >= rmax2) continue;
          Offer(&nn[i], r2, dx, dy, p->type[j]);
          if (p->type[i] > 1 || p->type[j] > 1) continue;
          const PetscInt bin = (PetscInt)(sqrt(r2) / st->dr);
          if (bin < RS_GR_BINS) hist[p->type[i] + p->type[j]][bin] += p->type[i] != p->type[j] ? 0.5 : 1.0;
        }
      }
  }
  PetscReal acc[8] = {0}; /* psi6 sum, >0.7, >0.9, unlike, neighbours counted, short, N1, N2 */
  for (PetscInt i = 0; i < p->n; i++) {
    if (p->type[i] < 2) acc[6 + p->type[i]] += 1.0;
    if (nn[i].n < 6) {
      acc[5] += 1.0;
      continue;
    }
    PetscReal re = 0, im = 0;
    for (PetscInt k = 0; k < 6; k++) {
      const PetscReal th = atan2(nn[i].dy[k], nn[i].dx[k]);
      re += cos(6 * th);
      im += sin(6 * th);
      acc[3] += nn[i].type[k] != p->type[i];
    }
    const PetscReal psi = sqrt(re * re + im * im) / 6.0;
    acc[0] += psi;
    acc[1] += psi > 0.7;
    acc[2] += psi > 0.9;
    acc[4] += 6.0;
  }
  PetscCall(PetscFree(nn));
  PetscCall(RsDomainSum(&sys->dom, 8, acc));
  PetscCall(RsDomainSum(&sys->dom, 3 * RS_GR_BINS, &hist[0][0]));
  const PetscReal nfull = acc[6] + acc[7] - acc[5];
  st->natoms            = (PetscInt64)(acc[6] + acc[7]);
  st->nshort            = (PetscInt64)acc[5];
  if (nfull > 0) {
    st->psi6Mean = acc[0] / nfull;
    st->frac07   = acc[1] / nfull;
    st->frac09   = acc[2] / nfull;
  }
  st->unlikeFrac   = acc[4] > 0 ? acc[3] / acc[4] : 0;
  st->crystallised = st->frac09 > 0.5 ? PETSC_TRUE : PETSC_FALSE;
  const PetscReal A = RsBoxArea(&sys->box), n1 = acc[6], n2 = acc[7];
  for (PetscInt b = 0; b < RS_GR_BINS; b++) {
    const PetscReal r = (b + 0.5) * st->dr, shell = 2 * PETSC_PI * r * st->dr;
    /* unlike ordered pairs were counted from both sides with weight 1/2 each */
    st->gr[0][b] = n1 > 1 ? hist[0][b] / (n1 * (n1 / A) * shell) : 0;
    st->gr[1][b] = n1 > 0 && n2 > 0 ? hist[1][b] / (n1 * (n2 / A) * shell) : 0;
    st->gr[2][b] = n2 > 1 ? hist[2][b] / (n2 * (n2 / A) * shell) : 0;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
