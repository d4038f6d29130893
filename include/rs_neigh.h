/* rs_neigh.h: link cells in fractional space and Verlet half lists with a skin, plus the
   rebuild test (atom motion and box deformation since the last build). */
#ifndef RS_NEIGH_H
#define RS_NEIGH_H
#include "rs_box.h"
#include "rs_particles.h"
#include "rs_potential.h"

typedef struct {
  PetscReal skin;                                 /* A */
  PetscReal cutneighsq[RS_MAX_TYPES * RS_MAX_TYPES]; /* (rc_ab + skin)^2 */
  PetscInt  nbin[2];                              /* cells per fractional direction (+2 halo) */
  PetscInt *binstart;                            /* CSR cells: atoms of cell c at [binstart[c], binstart[c+1]) */
  PetscInt *bidx, *cell;                          /* atom index in cell order; cell of each atom */
  PetscReal *bxy;                                 /* coordinates in cell order (contiguous reads) */
  PetscInt  *btype;                               /* types in cell order */
  PetscInt  nbinmax, natommax;
  PetscInt *offset; /* [n+1]: neighbours of owned i are list[offset[i]..offset[i+1]) */
  PetscInt *list;
  PetscInt  nlistmax, nowned;
  PetscReal *xhold; /* owned positions at the last build [2*n] */
  RsBox     boxhold;
  PetscInt  nbuilds;
} RsNeigh;

/* Sets the skin and the per-pair list cutoffs. */
PetscErrorCode RsNeighSetUp(RsNeigh *nb, const RsPotential *pot, PetscReal skin);
/* Builds the half list over owned + ghost atoms of the subdomain [lo, hi) (fractional): each
   interacting pair appears exactly once (owned-owned with j > i; owned-ghost when the ghost
   lies "above" i). */
PetscErrorCode RsNeighBuild(RsNeigh *nb, const RsBox *box, const PetscReal lo[2], const PetscReal hi[2], const RsParticles *p);
/* True when atoms moved, or periodic images moved with the box, far enough that a pair within
   the cutoff might be missing from the list (2 max|dx| + box motion > skin). */
PetscBool RsNeighNeedsRebuild(const RsNeigh *nb, const RsBox *box, const RsParticles *p);
/* Frees the lists. */
PetscErrorCode RsNeighRelease(RsNeigh *nb);
#endif
