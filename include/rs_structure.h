/* rs_structure.h: structure checks of a configuration: hexatic order |psi6| per atom (6 nearest
   neighbours), composition homogeneity (fraction of unlike neighbours among the 6 nearest), the
   crystallinity verdict of PHYSICS.md, and partial radial distribution functions g_ab(r). */
#ifndef RS_STRUCTURE_H
#define RS_STRUCTURE_H
#include "rs_system.h"

#define RS_GR_BINS 300

typedef struct {
  PetscReal  psi6Mean;          /* mean |psi6| */
  PetscReal  frac07, frac09;    /* fractions of atoms with |psi6| > 0.7 and > 0.9 */
  PetscReal  unlikeFrac;        /* fraction of unlike pairs among the 6 nearest neighbours */
  PetscBool  crystallised;      /* more than half of the atoms with |psi6| > 0.9 */
  PetscInt64 natoms, nshort;    /* atoms analysed; atoms with fewer than 6 neighbours in range */
  PetscReal  rmax, dr;          /* A: g(r) range and bin width */
  PetscReal  gr[3][RS_GR_BINS]; /* g_11, g_12, g_22 (2D normalisation by partial densities) */
} RsStructure;

/* Analyses the current configuration (forces need not be current; the neighbour lists are
   brought up to date). rmax must not exceed the smallest list cutoff. Collective. */
PetscErrorCode RsStructureCompute(RsSystem *sys, PetscReal rmax, RsStructure *st);
#endif
