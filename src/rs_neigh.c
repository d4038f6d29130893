/* rs_neigh.c: link cells and Verlet half lists.

   Cells live in fractional space: the subdomain [lo, hi) is cut into floor((hi - lo) / cs[d])
   cells in direction d, where cs[d] = (cutmax + skin) / w[d] is the ghost band thickness in
   fractional units (w = face-to-face widths). Because |ds[d]| <= |dr| / w[d] for any
   separation, two atoms closer than cutmax + skin sit in adjacent cells, so a 3x3 stencil is
   complete at any tilt. One extra cell on each side holds the ghost band.

   Cells are stored CSR-style (counting sort, stable in atom order) with each cell's coordinates
   and types copied contiguously, so the candidate loop streams through memory.

   Half list with ghosts ("newton on"): an owned pair is kept once (j > i). A pair between owned
   i and a ghost j is the periodic copy of a pair (j', i-ghost) seen from the other side with
   the opposite separation, so exactly one of the two is kept: the one whose ghost is above i
   (dy > 0, or dy == 0 and dx > 0). Forces on ghosts are folded back by RsHaloReverse.

   Rebuild test: the list holds every pair within rc + skin at build time. A pair can enter the
   cutoff only if the separation changed by more than skin: each atom contributes at most its
   displacement, and an image pair additionally the motion of the lattice vector (box change).
   We rebuild when 2 max|dx_i| + |dLx| + |dLy| + |dxy| + |dlo| > skin (conservative). */
#include "rs_neigh.h"
#include <math.h>

PetscErrorCode RsNeighSetUp(RsNeigh *nb, const RsPotential *pot, PetscReal skin)
{
  PetscFunctionBegin;
  PetscCheck(skin >= 0 && PetscIsNormalReal(skin + 1.0), PETSC_COMM_SELF, RS_ERR_INPUT, "neighbour skin must be >= 0, got %g", (double)skin);
  nb->skin = skin;
  for (PetscInt t = 0; t < RS_MAX_TYPES * RS_MAX_TYPES; t++) {
    PetscReal rc      = pot->rc[t] > 0 ? pot->rc[t] + skin : 0;
    nb->cutneighsq[t] = rc * rc;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsNeighBuild(RsNeigh *nb, const RsBox *box, const PetscReal lo[2], const PetscReal hi[2], const RsParticles *p)
{
  PetscReal w[2], cutmax = 0, bw[2];
  PetscInt  ntot = p->n + p->nghost;
  PetscFunctionBegin;
  for (PetscInt t = 0; t < RS_MAX_TYPES * RS_MAX_TYPES; t++) cutmax = PetscMax(cutmax, sqrt(nb->cutneighsq[t]));
  RsBoxWidths(box, w);
  for (int d = 0; d < 2; d++) {
    nb->nbin[d] = PetscMax(1, (PetscInt)floor((hi[d] - lo[d]) * w[d] / cutmax)) + 2;
    bw[d]       = (hi[d] - lo[d]) / (nb->nbin[d] - 2);
  }
  const PetscInt nbins = nb->nbin[0] * nb->nbin[1];
  if (nbins + 1 > nb->nbinmax) {
    PetscCall(PetscFree(nb->binstart));
    nb->nbinmax = nbins + 1;
    PetscCall(PetscMalloc1(nb->nbinmax, &nb->binstart));
  }
  if (ntot > nb->natommax) {
    PetscCall(PetscFree5(nb->bidx, nb->cell, nb->bxy, nb->btype, nb->xhold));
    nb->natommax = ntot + ntot / 4 + 16;
    PetscCall(PetscMalloc5(nb->natommax, &nb->bidx, nb->natommax, &nb->cell, 2 * nb->natommax, &nb->bxy, nb->natommax, &nb->btype, 2 * nb->natommax, &nb->xhold));
  }
  /* counting sort of all atoms (owned and ghost) into cells, stable in index order */
  PetscCall(PetscArrayzero(nb->binstart, nbins + 1));
  for (PetscInt i = 0; i < ntot; i++) {
    PetscReal s[2];
    PetscInt  c[2];
    RsBoxToFrac(box, &p->x[2 * i], s);
    for (int d = 0; d < 2; d++) {
      c[d] = (PetscInt)floor((s[d] - lo[d]) / bw[d]) + 1;
      c[d] = PetscMin(PetscMax(c[d], 0), nb->nbin[d] - 1);
    }
    nb->cell[i] = c[1] * nb->nbin[0] + c[0];
    nb->binstart[nb->cell[i] + 1]++;
  }
  for (PetscInt c = 0; c < nbins; c++) nb->binstart[c + 1] += nb->binstart[c];
  for (PetscInt i = 0; i < ntot; i++) {
    const PetscInt k      = nb->binstart[nb->cell[i]]++;
    nb->bidx[k]           = i;
    nb->bxy[2 * k]        = p->x[2 * i];
    nb->bxy[2 * k + 1]    = p->x[2 * i + 1];
    nb->btype[k]          = p->type[i];
  }
  for (PetscInt c = nbins; c > 0; c--) nb->binstart[c] = nb->binstart[c - 1]; /* undo the fill shift */
  nb->binstart[0] = 0;
  if (p->n + 1 > nb->nowned + 1 || !nb->offset) {
    PetscCall(PetscFree(nb->offset));
    PetscCall(PetscMalloc1(p->n + 1, &nb->offset));
  }
  nb->nowned     = p->n;
  PetscInt npair = 0;
  nb->offset[0]  = 0;
  for (PetscInt i = 0; i < p->n; i++) {
    const PetscReal xi = p->x[2 * i], yi = p->x[2 * i + 1];
    const PetscInt  ti = p->type[i] * RS_MAX_TYPES;
    const PetscInt  cx = nb->cell[i] % nb->nbin[0], cy = nb->cell[i] / nb->nbin[0];
    /* worst case all candidates: grow the list once per atom, not per pair */
    PetscInt ncand = 0;
    for (PetscInt dy = -1; dy <= 1; dy++)
      for (PetscInt dx = -1; dx <= 1; dx++) {
        const PetscInt ex = cx + dx, ey = cy + dy;
        if (ex < 0 || ey < 0 || ex >= nb->nbin[0] || ey >= nb->nbin[1]) continue;
        const PetscInt c = ey * nb->nbin[0] + ex;
        ncand += nb->binstart[c + 1] - nb->binstart[c];
      }
    if (npair + ncand > nb->nlistmax) {
      PetscInt *l, nnew = PetscMax(2 * nb->nlistmax, npair + ncand) + 1024;
      PetscCall(PetscMalloc1(nnew, &l));
      if (npair) PetscCall(PetscArraycpy(l, nb->list, npair));
      PetscCall(PetscFree(nb->list));
      nb->list     = l;
      nb->nlistmax = nnew;
    }
    PetscInt *restrict list = nb->list;
    for (PetscInt dy = -1; dy <= 1; dy++)
      for (PetscInt dx = -1; dx <= 1; dx++) {
        const PetscInt ex = cx + dx, ey = cy + dy;
        if (ex < 0 || ey < 0 || ex >= nb->nbin[0] || ey >= nb->nbin[1]) continue;
        const PetscInt c = ey * nb->nbin[0] + ex;
        for (PetscInt k = nb->binstart[c]; k < nb->binstart[c + 1]; k++) {
          const PetscInt j = nb->bidx[k];
          if (j < p->n && j <= i) continue;
          const PetscReal ddx = nb->bxy[2 * k] - xi, ddy = nb->bxy[2 * k + 1] - yi;
          if (j >= p->n && (ddy < 0 || (ddy == 0 && ddx <= 0))) continue;
          if (ddx * ddx + ddy * ddy >= nb->cutneighsq[ti + nb->btype[k]]) continue;
          list[npair++] = j;
        }
      }
    nb->offset[i + 1] = npair;
  }
  PetscCall(PetscArraycpy(nb->xhold, p->x, 2 * p->n));
  nb->boxhold = *box;
  nb->nbuilds++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscBool RsNeighNeedsRebuild(const RsNeigh *nb, const RsBox *box, const RsParticles *p)
{
  if (!nb->offset || nb->nowned != p->n) return PETSC_TRUE;
  const RsBox *o        = &nb->boxhold;
  PetscReal    boxmove  = fabs(box->Lx - o->Lx) + fabs(box->Ly - o->Ly) + fabs(box->xy - o->xy) + fabs(box->lo[0] - o->lo[0]) + fabs(box->lo[1] - o->lo[1]);
  PetscReal    maxd2    = 0;
  for (PetscInt i = 0; i < p->n; i++) {
    PetscReal dx = p->x[2 * i] - nb->xhold[2 * i], dy = p->x[2 * i + 1] - nb->xhold[2 * i + 1];
    maxd2        = PetscMax(maxd2, dx * dx + dy * dy);
  }
  return 2.0 * sqrt(maxd2) + boxmove > nb->skin ? PETSC_TRUE : PETSC_FALSE;
}

PetscErrorCode RsNeighRelease(RsNeigh *nb)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(nb->binstart));
  PetscCall(PetscFree5(nb->bidx, nb->cell, nb->bxy, nb->btype, nb->xhold));
  PetscCall(PetscFree(nb->offset));
  PetscCall(PetscFree(nb->list));
  PetscCall(PetscMemzero(nb, sizeof *nb));
  PetscFunctionReturn(PETSC_SUCCESS);
}
