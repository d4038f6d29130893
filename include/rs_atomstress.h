/* rs_atomstress.h: per-atom virial of the current configuration (the site choice of regional
   ABC): each pair's virial d_x d_y fpair split half and half between its atoms, ghost halves
   returned to their owners. */
#ifndef RS_ATOMSTRESS_H
#define RS_ATOMSTRESS_H
#include "rs_system.h"
/* Per-atom shear virial w_i [eV] of the owned atoms (sum over atoms = the xy virial of the last
   evaluation; the atom's Cauchy shear stress is -w_i / (area per atom x h)). Evaluates the
   forces first. Collective. */
PetscErrorCode RsSystemAtomVirialXY(RsSystem *sys, PetscReal *w);
#endif
