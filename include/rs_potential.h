/* rs_potential.h: the binary pair potential (per-pair epsilon, sigma or r0, cutoff) in its two
   forms, loaded from a configs/potentials/ YAML file, with the inline pair kernel. */
#ifndef RS_POTENTIAL_H
#define RS_POTENTIAL_H
#include "rs_sys.h"
#include <math.h>

typedef enum { RS_PAIR_LJ_SMOOTH_LINEAR = 0, RS_PAIR_KMT84 = 1 } RsPairForm;
extern const char *const RsPairForms[];

/* Pair potential of up to RS_MAX_TYPES species. Invariants after RsPotentialLoad: every pair
   (i,j) is set and symmetric; the derived kernel coefficients match the parameters. */
typedef struct {
  char       name[64];
  char       file[RS_PATH_MAX];
  RsPairForm form;
  PetscInt   ntypes;
  char       species[RS_MAX_TYPES][16];
  PetscReal  mass[RS_MAX_TYPES];                 /* amu */
  PetscReal  epsilon[RS_MAX_TYPES][RS_MAX_TYPES]; /* eV: well depth */
  PetscReal  sigma[RS_MAX_TYPES][RS_MAX_TYPES];   /* A: sigma (12-6) or r0, the minimum (8-4) */
  PetscReal  rcut[RS_MAX_TYPES][RS_MAX_TYPES];    /* A */
  PetscReal  cutmax;                              /* A: largest cutoff */
  /* derived kernel coefficients, flattened [i*RS_MAX_TYPES+j] */
  PetscReal  cutsq[RS_MAX_TYPES * RS_MAX_TYPES];
  PetscReal  k1[RS_MAX_TYPES * RS_MAX_TYPES], k2[RS_MAX_TYPES * RS_MAX_TYPES]; /* force: p-weighted */
  PetscReal  k3[RS_MAX_TYPES * RS_MAX_TYPES], k4[RS_MAX_TYPES * RS_MAX_TYPES]; /* energy */
  PetscReal  ecut[RS_MAX_TYPES * RS_MAX_TYPES], dcut[RS_MAX_TYPES * RS_MAX_TYPES]; /* V(rc), -V'(rc) */
  PetscReal  rc[RS_MAX_TYPES * RS_MAX_TYPES];
} RsPotential;

/* Reads a potential YAML file (collective on comm); any unknown key or bad value is an error
   naming the file and key. */
PetscErrorCode RsPotentialLoad(MPI_Comm comm, const char *file, RsPotential *pot);
/* Sets one pair's parameters and recomputes its kernel coefficients (for tests and loaders). */
PetscErrorCode RsPotentialSetPair(RsPotential *pot, PetscInt i, PetscInt j, PetscReal eps, PetscReal sigma, PetscReal rcut);
/* Looks up a species name (case-insensitive); returns its index or -1. */
PetscInt RsPotentialFindSpecies(const RsPotential *pot, const char *name);
/* Writes the LAMMPS pair_style/pair_coeff lines that reproduce this potential (12-6 exactly,
   8-4 via a pair_style table written to tablepath and named tablename in the input). */
PetscErrorCode RsPotentialWriteLammps(const RsPotential *pot, FILE *fp, const char *tablepath, const char *tablename);

/* Pair kernel: for squared distance rsq < cutsq[t], returns the energy and sets *fpair to
   -phi'(r)/r, so that the force on i is fpair * (r_i - r_j). Form is a compile-time constant
   at every call site, so the branch folds away. */
static inline PetscReal RsPairEval(RsPairForm form, const RsPotential *pot, PetscInt t, PetscReal rsq, PetscReal *fpair)
{
  const PetscReal r2inv = 1.0 / rsq;
  const PetscReal pinv  = form == RS_PAIR_LJ_SMOOTH_LINEAR ? r2inv * r2inv * r2inv : r2inv * r2inv;
  const PetscReal rinv  = sqrt(r2inv);
  const PetscReal r     = rsq * rinv;
  PetscReal       forcep = pinv * (pot->k1[t] * pinv - pot->k2[t]);
  forcep                 = rinv * forcep - pot->dcut[t];
  *fpair                 = forcep * rinv;
  return pinv * (pot->k3[t] * pinv - pot->k4[t]) - pot->ecut[t] + (r - pot->rc[t]) * pot->dcut[t];
}

/* Force factor only (-phi'(r)/r), for steps that need no energy: no square root of rsq. */
static inline PetscReal RsPairForce(RsPairForm form, const RsPotential *pot, PetscInt t, PetscReal rsq)
{
  const PetscReal r2inv = 1.0 / rsq;
  const PetscReal pinv  = form == RS_PAIR_LJ_SMOOTH_LINEAR ? r2inv * r2inv * r2inv : r2inv * r2inv;
  const PetscReal rinv  = sqrt(r2inv);
  return (rinv * (pinv * (pot->k1[t] * pinv - pot->k2[t])) - pot->dcut[t]) * rinv;
}
#endif
