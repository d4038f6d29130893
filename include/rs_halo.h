/* rs_halo.h: ghost atoms. Borders builds the ghost list (periodic images within the ghost
   cutoff of the box faces), Forward refreshes ghost positions, Reverse folds ghost forces and
   energies back onto their owners. This serial version is the one-rank case of the
   domain-decomposed halo exchange. */
#ifndef RS_HALO_H
#define RS_HALO_H
#include "rs_box.h"
#include "rs_particles.h"

typedef struct {
  PetscInt  nghost, nmax;
  PetscInt *owner; /* owned index each ghost is an image of */
  int      *shift; /* [2*nmax]: ghost = owner + shift[0] a + shift[1] b */
} RsHalo;

/* Rebuilds all ghosts for the current owned positions (which must be wrapped); error if the
   box is thinner than the ghost cutoff. Not collective. */
PetscErrorCode RsHaloBorders(RsHalo *h, const RsBox *box, RsParticles *p, PetscReal cutghost);
/* Recomputes ghost positions from their owners and the current box (handles deformation). */
void RsHaloForward(const RsHalo *h, const RsBox *box, RsParticles *p);
/* Adds ghost forces (and per-atom energies when eatom) onto their owners. */
void RsHaloReverse(const RsHalo *h, RsParticles *p, PetscBool eatom);
/* Frees the ghost map. */
PetscErrorCode RsHaloRelease(RsHalo *h);
#endif
