/* rs_halo.c: periodic ghost atoms of a single-rank task.

   Ghost region: all images whose perpendicular distance to the cell is below cutghost
   (cutoff + skin). In fractional coordinates that is a band of thickness cs[d] = cutghost / w[d]
   (w = face-to-face widths), so the test works for any tilt. Ghosts are made in two passes,
   x then y, the y pass also imaging the x ghosts, so the corners are covered (the order CoMD and
   LAMMPS use). A band thicker than the cell (cs >= 1) would need second images: it is refused
   with an error naming the widths, since such a cell is smaller than the interaction range.

   Each ghost stores its owner and lattice shift, so Forward is exact under any change of the box
   (ghost = owner + na a + nb b with the current a, b) and Reverse is a plain scatter-add. */
#include "rs_halo.h"

static PetscErrorCode AddGhost(RsHalo *h, RsParticles *p, const RsBox *box, PetscInt src, PetscInt owner, int na, int nb)
{
  PetscFunctionBegin;
  PetscInt g = p->n + p->nghost;
  if (g + 1 > p->nmax) PetscCall(RsParticlesReserve(p, g + 1));
  if (p->nghost + 1 > h->nmax) {
    PetscInt  nnew = 2 * h->nmax + 64;
    PetscInt *o;
    int      *s;
    PetscCall(PetscMalloc2(nnew, &o, 2 * nnew, &s));
    if (h->nghost) {
      PetscCall(PetscArraycpy(o, h->owner, h->nghost));
      PetscCall(PetscArraycpy(s, h->shift, 2 * h->nghost));
    }
    PetscCall(PetscFree2(h->owner, h->shift));
    h->owner = o;
    h->shift = s;
    h->nmax  = nnew;
  }
  PetscInt k       = p->nghost;
  int      sa      = (src < p->n ? 0 : h->shift[2 * (src - p->n)]) + na;
  int      sb      = (src < p->n ? 0 : h->shift[2 * (src - p->n) + 1]) + nb;
  h->owner[k]      = owner;
  h->shift[2 * k]  = sa;
  h->shift[2 * k + 1] = sb;
  p->x[2 * g]      = p->x[2 * owner] + sa * box->Lx + sb * box->xy;
  p->x[2 * g + 1]  = p->x[2 * owner + 1] + sb * box->Ly;
  p->type[g]       = p->type[owner];
  p->id[g]         = p->id[owner];
  p->nghost++;
  h->nghost = p->nghost;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsHaloBorders(RsHalo *h, const RsBox *box, RsParticles *p, PetscReal cutghost)
{
  PetscReal w[2], cs[2];
  PetscFunctionBegin;
  RsBoxWidths(box, w);
  for (int d = 0; d < 2; d++) {
    cs[d] = cutghost / w[d];
    PetscCheck(cs[d] < 1.0, PETSC_COMM_SELF, RS_ERR_INPUT, "box width %g A across the %s faces is smaller than cutoff + skin = %g A", (double)w[d], d ? "y" : "x", (double)cutghost);
  }
  p->nghost = 0;
  h->nghost = 0;
  for (int d = 0; d < 2; d++) {
    PetscInt nsrc = p->n + p->nghost;
    for (PetscInt i = 0; i < nsrc; i++) {
      PetscInt  owner = i < p->n ? i : h->owner[i - p->n];
      PetscReal s[2];
      RsBoxToFrac(box, &p->x[2 * owner], s);
      if (s[d] < cs[d]) PetscCall(AddGhost(h, p, box, i, owner, d == 0, d == 1));
      if (s[d] >= 1.0 - cs[d]) PetscCall(AddGhost(h, p, box, i, owner, -(d == 0), -(d == 1)));
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

void RsHaloForward(const RsHalo *h, const RsBox *box, RsParticles *p)
{
  for (PetscInt k = 0; k < h->nghost; k++) {
    const PetscInt g = p->n + k, o = h->owner[k];
    const int      sa = h->shift[2 * k], sb = h->shift[2 * k + 1];
    p->x[2 * g]     = p->x[2 * o] + sa * box->Lx + sb * box->xy;
    p->x[2 * g + 1] = p->x[2 * o + 1] + sb * box->Ly;
  }
}

void RsHaloReverse(const RsHalo *h, RsParticles *p, PetscBool eatom)
{
  for (PetscInt k = 0; k < h->nghost; k++) {
    const PetscInt g = p->n + k, o = h->owner[k];
    p->f[2 * o] += p->f[2 * g];
    p->f[2 * o + 1] += p->f[2 * g + 1];
    if (eatom) p->eatom[o] += p->eatom[g];
  }
}

PetscErrorCode RsHaloRelease(RsHalo *h)
{
  PetscFunctionBegin;
  PetscCall(PetscFree2(h->owner, h->shift));
  PetscCall(PetscMemzero(h, sizeof *h));
  PetscFunctionReturn(PETSC_SUCCESS);
}
