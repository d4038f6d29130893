/* rs_halo.h: ghost atoms of a domain-decomposed task. Borders builds the ghost lists (four
   swaps: x down, x up, y down, y up), Forward refreshes ghost positions from their owners with
   the current box, Reverse adds ghost forces (and per-atom energies) back onto the owners. */
#ifndef RS_HALO_H
#define RS_HALO_H
#include "rs_domain.h"

typedef struct {
  PetscMPIInt sendproc, recvproc;
  int         shift[2];  /* lattice shift (na, nb) added to positions sent in this swap */
  PetscInt    nsend, nrecv, firstrecv;
  PetscInt   *sendlist;
  PetscInt    sendmax;
} RsSwap;

typedef struct {
  RsSwap     swap[4];
  PetscReal *sbuf, *rbuf;
  PetscInt   sbufmax, rbufmax;
} RsHalo;

/* Rebuilds all ghosts for the current owned positions (wrapped, each on its owner). Collective. */
PetscErrorCode RsHaloBorders(RsHalo *h, const RsDomain *dom, const RsBox *box, RsParticles *p, PetscReal cutghost);
/* Recomputes ghost positions from their owners and the current box. Collective. */
PetscErrorCode RsHaloForward(RsHalo *h, const RsDomain *dom, const RsBox *box, RsParticles *p);
/* Adds ghost forces (and per-atom energies when eatom) onto their owners. Collective. */
PetscErrorCode RsHaloReverse(RsHalo *h, const RsDomain *dom, RsParticles *p, PetscBool eatom);
/* Frees the swap lists and buffers. */
PetscErrorCode RsHaloRelease(RsHalo *h);
#endif
