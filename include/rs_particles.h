/* rs_particles.h: structure-of-arrays particle store: n owned atoms followed by nghost ghost
   atoms (periodic or remote images); per-quantity arrays x, v, f (2 per atom), type, id, image. */
#ifndef RS_PARTICLES_H
#define RS_PARTICLES_H
#include "rs_sys.h"

typedef struct {
  PetscInt    n;      /* owned atoms, stored first */
  PetscInt    nghost; /* ghost atoms, stored after the owned ones */
  PetscInt    nmax;   /* capacity of every array (owned + ghost) */
  PetscReal  *x;      /* A, [2*nmax] */
  PetscReal  *v;      /* A/ps, [2*nmax] (owned only meaningful) */
  PetscReal  *f;      /* eV/A, [2*nmax] */
  PetscReal  *eatom;  /* eV, per-atom potential energy [nmax] */
  PetscInt   *type;   /* species index, 0-based [nmax] */
  PetscInt64 *id;     /* global atom id (LAMMPS id) [nmax] */
  int        *image;  /* image flags [2*nmax] (owned only meaningful) */
} RsParticles;

/* Allocates room for at least nmax atoms, keeping the contents (owned and ghosts). */
PetscErrorCode RsParticlesReserve(RsParticles *p, PetscInt nmax);
/* Doubles per packed atom: x, y, vx, vy, ix, iy, type, id (ids exact below 2^53). */
#define RS_ATOM_NPACK 8
/* Packs atom i's state into b[RS_ATOM_NPACK] (migration, checkpoints, output gathers). */
void RsParticlesPackAtom(const RsParticles *p, PetscInt i, PetscReal *b);
/* Inverse of RsParticlesPackAtom into slot i (capacity must suffice). */
void RsParticlesUnpackAtom(RsParticles *p, PetscInt i, const PetscReal *b);
/* Reorders the owned atoms so that new index k holds old index perm[k] (x, v, type, id, image). */
PetscErrorCode RsParticlesPermute(RsParticles *p, const PetscInt *perm);
/* Frees all arrays and zeroes the struct. */
PetscErrorCode RsParticlesRelease(RsParticles *p);
#endif
