/* rs_force.h: the pair force loop over a half neighbour list: forces, total and per-atom
   energy, and the pair virial. No MPI, no options, no I/O. */
#ifndef RS_FORCE_H
#define RS_FORCE_H
#include "rs_neigh.h"

/* What a force evaluation computes besides forces (LAMMPS's eflag/vflag): skipping energy and
   virial on steps that do not report them saves the square root and the accumulations. */
enum { RS_FORCE_ENERGY = 1, RS_FORCE_VIRIAL = 2, RS_FORCE_EATOM = 4, RS_FORCE_ALL = 7 };
/* RsSystemComputeForces only: leave energy and virial as this rank's part; the caller sums them
   (RsSystemSumLast) in a reduction it shares with other values. */
enum { RS_FORCE_LOCAL = 8 };

typedef struct {
  PetscReal energy;    /* eV: pair energy of the owned atoms' pairs (each pair once) */
  PetscReal virial[3]; /* eV: sum over pairs of r_ij,a f_ij,b: xx, yy, xy */
  PetscInt64 npairs;   /* pairs inside the cutoff (for throughput) */
} RsForceResult;

/* Zeroes f (and eatom when requested) for owned + ghost atoms, then accumulates the pair terms
   selected by flags (RS_FORCE_*; energy and virial are left 0 when not requested). Ghost
   contributions still need RsHaloReverse. */
void RsForceCompute(const RsPotential *pot, const RsNeigh *nb, RsParticles *p, int flags, RsForceResult *out);
#endif
