/* rs_system.h: one task's atoms and what is needed to evaluate them: box, particles, ghosts,
   neighbour lists and the potential. Owns the "wrap, flip, ghost, list" sequence so callers
   just ask for forces. */
#ifndef RS_SYSTEM_H
#define RS_SYSTEM_H
#include "rs_force.h"
#include "rs_halo.h"
#include "rs_domain.h"

typedef struct {
  RsDomain           dom;
  RsBox              box;
  RsParticles        p;
  RsHalo             halo;
  RsNeigh            neigh;
  const RsPotential *pot;
  PetscReal          thickness; /* A: film thickness h for 2D stress (1 A = LAMMPS convention) */
  PetscInt           nflips;
  PetscBool          forceRebuild; /* rebuild at the next evaluation whatever the motion */
  PetscBool          frozen;       /* atom set and order frozen (minimisation): rebuilds make
                                      ghosts and lists only, no wrap, flip, migration or sort */
  PetscReal          lastMove;     /* A: largest displacement of one atom in the last step (set by
                                      the integrator; more than the skin stops the task) */
  PetscReal          tiltShift; /* A: sum of the tilt changes made by flips (-+Lx each) */
  PetscReal          vrate[3];  /* A/ps: box velocity d(Lx)/dt, d(Ly)/dt, d(xy)/dt; an atom wrapped
                                   through a face changes velocity by it (LAMMPS remap v) */
  RsForceResult      last;
  PetscReal         *ride;  /* caller's local values summed over the task in the first reduction of */
  PetscInt           nride; /* the next RsSystemComputeForces (then ride holds the sums); 0: none */
} RsSystem;

/* Attaches the task communicator, potential and neighbour settings; atoms and box are filled
   by the caller (each rank its own atoms, or all atoms followed by RsSystemDistribute). */
PetscErrorCode RsSystemSetUp(RsSystem *sys, MPI_Comm comm, const RsPotential *pot, PetscReal skin, PetscReal thickness);
/* After every rank loaded the same full atom set: keeps each rank's own atoms. Collective. */
PetscErrorCode RsSystemDistribute(RsSystem *sys);
/* Total number of atoms of the task. Collective. */
PetscErrorCode RsSystemCountAtoms(RsSystem *sys, PetscInt64 *n);
/* Forces of the current positions, plus energy / virial / per-atom energies as flags
   (RS_FORCE_*) ask. Rebuilds ghosts and lists when needed; only then are atoms wrapped, the box
   flipped and the atoms sorted by cell. */
PetscErrorCode RsSystemComputeForces(RsSystem *sys, int flags);
/* After RsSystemComputeForces(RS_FORCE_LOCAL): sums energy, virial and pair count over the task
   together with nsum more values and the maxima of nmax values (one reduction). Collective. */
PetscErrorCode RsSystemSumLast(RsSystem *sys, PetscInt nsum, PetscReal *sum, PetscInt nmax, PetscReal *max);
/* Largest distance (A, perpendicular to the faces) by which an owned atom lies outside its
   rank's subdomain (0 when every atom is home). Collective. */
PetscErrorCode RsSystemMaxDrift(RsSystem *sys, PetscReal *drift);
/* Reorders owned atoms along the cells of the current box (memory locality); deterministic. */
PetscErrorCode RsSystemSortAtoms(RsSystem *sys);
/* Kinetic tensor sum m v_a v_b [eV] over the task: xx, yy, xy. Collective. */
PetscErrorCode RsSystemKineticTensor(const RsSystem *sys, PetscReal k[3]);
/* Cauchy stress sigma = -P [MPa] (xx, yy, xy) from the last evaluation (which must have asked
   for the virial) and the velocities, area convention divided by the thickness h. Collective. */
PetscErrorCode RsSystemStress(const RsSystem *sys, PetscReal sigma[3]);
/* Gathers every atom's packed state (RsParticlesPackAtom) onto rank 0 sorted by id: *all has
   *n records of RS_ATOM_NPACK + 1 doubles (id first) there, NULL elsewhere. Collective. */
PetscErrorCode RsSystemGatherAtoms(const RsSystem *sys, PetscInt64 *n, PetscReal **all);
/* Frees everything the system owns (not the potential). */
PetscErrorCode RsSystemRelease(RsSystem *sys);
#endif
