/* rs_halo.c: ghost atoms (LAMMPS comm_brick style, in 2D).

   Ghost region: every periodic image within cutghost = cutoff + skin of a subdomain. In
   fractional coordinates the band is cs[d] = cutghost / w[d] thick (w: face-to-face widths of
   the whole box), so the test works at any tilt. Four swaps in order: x towards the lower
   neighbour, x towards the upper one, then the same in y. The y swaps also forward the x ghosts
   just received, so corner images arrive in two hops. A swap that crosses the periodic boundary
   adds a lattice vector (a = (Lx, 0) in x, b = (xy, Ly) in y, the tilt shift across y faces) to
   the positions it sends. Each swap keeps its send list, so Forward repeats the same transfers
   with the current box (ghosts follow a deforming box exactly) and Reverse runs them backwards,
   adding ghost forces onto the atoms they came from. A rank that is its own neighbour (one rank
   along a direction) copies in memory instead of messaging.

   Subdomains must be at least cutghost wide (RsDomainCheckWidth), so one swap per direction
   reaches every image within range. */
#include "rs_halo.h"

#define NBORDER 4 /* doubles per ghost at Borders: x, y, type, id */

static PetscErrorCode Reserve(PetscReal **buf, PetscInt *max, PetscInt n)
{
  PetscFunctionBegin;
  if (n > *max) {
    PetscCall(PetscFree(*buf));
    *max = n + n / 2 + 64;
    PetscCall(PetscMalloc1(*max, buf));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Cartesian lattice shift of a swap with the current box. */
static inline void ShiftVector(const RsBox *box, const int sh[2], PetscReal v[2])
{
  v[0] = sh[0] * box->Lx + sh[1] * box->xy;
  v[1] = sh[1] * box->Ly;
}

/* Exchanges ns doubles with sendproc and nr doubles from recvproc (or copies on self). */
static PetscErrorCode Exchange(const RsDomain *dom, PetscMPIInt sendproc, PetscMPIInt recvproc, const PetscReal *sb, PetscInt ns, PetscReal *rb, PetscInt nr)
{
  PetscFunctionBegin;
  if (sendproc == dom->rank) PetscCall(PetscArraycpy(rb, sb, ns));
  else PetscCallMPI(MPI_Sendrecv(sb, (PetscMPIInt)ns, MPIU_REAL, sendproc, 11, rb, (PetscMPIInt)nr, MPIU_REAL, recvproc, 11, dom->comm, MPI_STATUS_IGNORE));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsHaloBorders(RsHalo *h, const RsDomain *dom, const RsBox *box, RsParticles *p, PetscReal cutghost)
{
  PetscReal w[2], cs[2];
  PetscFunctionBegin;
  RsBoxWidths(box, w);
  for (int d = 0; d < 2; d++) {
    cs[d] = cutghost / w[d];
    PetscCheck(cs[d] <= dom->hi[d] - dom->lo[d], PETSC_COMM_SELF, RS_ERR_INPUT, "box width %g A across the %s faces over %d ranks is smaller than cutoff + skin = %g A", (double)w[d], d ? "y" : "x", dom->dims[d], (double)cutghost);
  }
  p->nghost = 0;
  for (int d = 0; d < 2; d++) {
    const PetscInt nlast = p->n + p->nghost;
    for (int dir = 0; dir < 2; dir++) {
      RsSwap   *sw = &h->swap[2 * d + dir];
      PetscReal sv[2];
      sw->sendproc = dom->nbr[d][dir];
      sw->recvproc = dom->nbr[d][1 - dir];
      sw->shift[0] = sw->shift[1] = 0;
      if (dir == 0 && dom->coords[d] == 0) sw->shift[d] = 1;
      if (dir == 1 && dom->coords[d] == dom->dims[d] - 1) sw->shift[d] = -1;
      ShiftVector(box, sw->shift, sv);
      sw->nsend = 0;
      for (PetscInt i = 0; i < nlast; i++) {
        PetscReal s[2];
        RsBoxToFrac(box, &p->x[2 * i], s);
        if (dir == 0 ? s[d] < dom->lo[d] + cs[d] : s[d] >= dom->hi[d] - cs[d]) {
          if (sw->nsend >= sw->sendmax) {
            PetscInt *l, nnew = 2 * sw->sendmax + 64;
            PetscCall(PetscMalloc1(nnew, &l));
            if (sw->nsend) PetscCall(PetscArraycpy(l, sw->sendlist, sw->nsend));
            PetscCall(PetscFree(sw->sendlist));
            sw->sendlist = l;
            sw->sendmax  = nnew;
          }
          sw->sendlist[sw->nsend++] = i;
        }
      }
      PetscCall(Reserve(&h->sbuf, &h->sbufmax, NBORDER * sw->nsend));
      for (PetscInt k = 0; k < sw->nsend; k++) {
        PetscInt i              = sw->sendlist[k];
        h->sbuf[NBORDER * k]     = p->x[2 * i] + sv[0];
        h->sbuf[NBORDER * k + 1] = p->x[2 * i + 1] + sv[1];
        h->sbuf[NBORDER * k + 2] = (PetscReal)p->type[i];
        h->sbuf[NBORDER * k + 3] = (PetscReal)p->id[i];
      }
      if (sw->sendproc == dom->rank) sw->nrecv = sw->nsend;
      else PetscCallMPI(MPI_Sendrecv(&sw->nsend, 1, MPIU_INT, sw->sendproc, 10, &sw->nrecv, 1, MPIU_INT, sw->recvproc, 10, dom->comm, MPI_STATUS_IGNORE));
      PetscCall(Reserve(&h->rbuf, &h->rbufmax, NBORDER * sw->nrecv));
      PetscCall(Exchange(dom, sw->sendproc, sw->recvproc, h->sbuf, NBORDER * sw->nsend, h->rbuf, NBORDER * sw->nrecv));
      sw->firstrecv = p->n + p->nghost;
      PetscCall(RsParticlesReserve(p, sw->firstrecv + sw->nrecv));
      for (PetscInt k = 0; k < sw->nrecv; k++) {
        PetscInt g       = sw->firstrecv + k;
        p->x[2 * g]      = h->rbuf[NBORDER * k];
        p->x[2 * g + 1]  = h->rbuf[NBORDER * k + 1];
        p->type[g]       = (PetscInt)h->rbuf[NBORDER * k + 2];
        p->id[g]         = (PetscInt64)h->rbuf[NBORDER * k + 3];
      }
      p->nghost += sw->nrecv;
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsHaloForward(RsHalo *h, const RsDomain *dom, const RsBox *box, RsParticles *p)
{
  PetscFunctionBegin;
  for (int s = 0; s < 4; s++) {
    RsSwap   *sw = &h->swap[s];
    PetscReal sv[2];
    ShiftVector(box, sw->shift, sv);
    if (sw->sendproc == dom->rank) { /* in place: the sources precede this swap's ghosts */
      for (PetscInt k = 0; k < sw->nsend; k++) {
        PetscInt i = sw->sendlist[k], g = sw->firstrecv + k;
        p->x[2 * g]     = p->x[2 * i] + sv[0];
        p->x[2 * g + 1] = p->x[2 * i + 1] + sv[1];
      }
      continue;
    }
    PetscCall(Reserve(&h->sbuf, &h->sbufmax, 2 * sw->nsend));
    for (PetscInt k = 0; k < sw->nsend; k++) {
      PetscInt i          = sw->sendlist[k];
      h->sbuf[2 * k]     = p->x[2 * i] + sv[0];
      h->sbuf[2 * k + 1] = p->x[2 * i + 1] + sv[1];
    }
    PetscCall(Exchange(dom, sw->sendproc, sw->recvproc, h->sbuf, 2 * sw->nsend, &p->x[2 * sw->firstrecv], 2 * sw->nrecv));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsHaloReverse(RsHalo *h, const RsDomain *dom, RsParticles *p, PetscBool eatom)
{
  const int nper = eatom ? 3 : 2;
  PetscFunctionBegin;
  for (int s = 3; s >= 0; s--) {
    RsSwap *sw = &h->swap[s];
    if (sw->sendproc == dom->rank) {
      for (PetscInt k = 0; k < sw->nsend; k++) {
        PetscInt i = sw->sendlist[k], g = sw->firstrecv + k;
        p->f[2 * i] += p->f[2 * g];
        p->f[2 * i + 1] += p->f[2 * g + 1];
        if (eatom) p->eatom[i] += p->eatom[g];
      }
      continue;
    }
    PetscCall(Reserve(&h->sbuf, &h->sbufmax, nper * sw->nrecv));
    PetscCall(Reserve(&h->rbuf, &h->rbufmax, nper * sw->nsend));
    for (PetscInt k = 0; k < sw->nrecv; k++) {
      PetscInt g               = sw->firstrecv + k;
      h->sbuf[nper * k]     = p->f[2 * g];
      h->sbuf[nper * k + 1] = p->f[2 * g + 1];
      if (eatom) h->sbuf[nper * k + 2] = p->eatom[g];
    }
    /* backwards: ghosts go home to the rank that sent them */
    PetscCall(Exchange(dom, sw->recvproc, sw->sendproc, h->sbuf, nper * sw->nrecv, h->rbuf, nper * sw->nsend));
    for (PetscInt k = 0; k < sw->nsend; k++) {
      PetscInt i = sw->sendlist[k];
      p->f[2 * i] += h->rbuf[nper * k];
      p->f[2 * i + 1] += h->rbuf[nper * k + 1];
      if (eatom) p->eatom[i] += h->rbuf[nper * k + 2];
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsHaloRelease(RsHalo *h)
{
  PetscFunctionBegin;
  for (int s = 0; s < 4; s++) PetscCall(PetscFree(h->swap[s].sendlist));
  PetscCall(PetscFree(h->sbuf));
  PetscCall(PetscFree(h->rbuf));
  PetscCall(PetscMemzero(h, sizeof *h));
  PetscFunctionReturn(PETSC_SUCCESS);
}
