/* rs_minimize.h: energy minimisation of a task's atoms at fixed box: L-BFGS (default), conjugate
   gradient and steepest descent with a force-based line search, FIRE 2.0, and PETSc TAO (any
   -min_tao_type). All work on the owned atoms of a domain-decomposed task with atom ownership
   frozen, and all accept extra bias forces (ABC penalties). */
#ifndef RS_MINIMIZE_H
#define RS_MINIMIZE_H
#include "rs_system.h"

typedef enum { RS_MIN_LBFGS, RS_MIN_CG, RS_MIN_SD, RS_MIN_FIRE, RS_MIN_TAO } RsMinType;
extern const char *const RsMinTypes[]; /* names for the options database, NULL-terminated list */

/* L-BFGS curvature pairs and their Gram matrix, carried from one minimisation to the next on the
   same frozen layout (ABC's biased relaxations: the landscape changes only by one penalty
   between them). Gram index: S of slot j is j, Y of slot j is m + j, the gradient is 2 m. */
typedef struct {
  PetscInt   m, n2;       /* capacity (pairs) and vector length the arrays were made for */
  PetscInt   nhist, head; /* pairs held, next slot */
  PetscReal *S, *Y, *rho;
  PetscReal *G;           /* (2 m + 1)^2 dot products of S, Y and the gradient (S . S block unused, 0) */
} RsMinHistory;

typedef struct {
  RsMinType type;
  PetscReal fmaxTol;  /* eV/A: stop when the largest atomic force is below */
  PetscReal etol;     /* stop when |dE| per iteration < etol x |E| (0 = off, LAMMPS etol) */
  PetscInt  maxIter;  /* iteration cap */
  PetscInt  maxEvals; /* force-evaluation cap */
  PetscReal dmax;     /* A: largest displacement of one atom in one step */
  PetscInt  memory;   /* L-BFGS history pairs */
  PetscReal fireDt;    /* A/sqrt(eV): FIRE start time step (unit fictitious masses: x += dt v, v += dt F) */
  PetscReal fireDtMax; /* A/sqrt(eV): FIRE largest time step */
  RsMinHistory *history; /* L-BFGS only: start from and leave behind these pairs (NULL: fresh each
                            time); used only when the layout is held frozen by the caller */
} RsMinConfig;

/* Extra forces and energy (ABC penalties) on top of the potential: apply adds the bias forces
   to sys->p.f of the owned atoms and returns the bias energy summed over the task; accept (may
   be NULL) is called at every accepted iterate after a step, whose evaluation is then the last
   one (neither the start point nor line-search probes are iterates). Collective. */
typedef struct RsBias {
  PetscErrorCode (*apply)(struct RsBias *b, RsSystem *sys, PetscReal *ebias);
  void *ctx;
  PetscErrorCode (*accept)(struct RsBias *b, RsSystem *sys);
  /* may be NULL: called before the forces of an evaluation, returns this rank's n values that
     the evaluation sums over the task in a reduction it already makes, before apply */
  void (*local)(struct RsBias *b, RsSystem *sys, PetscInt *n, PetscReal **v);
} RsBias;

typedef enum { RS_MIN_CONVERGED_FMAX, RS_MIN_CONVERGED_ETOL, RS_MIN_MAX_ITER, RS_MIN_MAX_EVALS, RS_MIN_STALLED, RS_MIN_DRIFT } RsMinStop;
extern const char *const RsMinStops[];

typedef struct {
  PetscReal  e0, e;       /* eV: minimised energy (potential + bias) before and after */
  PetscReal  ebias;       /* eV: bias part of e at the end */
  PetscReal  fmax, fnorm; /* eV/A: largest atomic (biased) force and 2-norm of all forces at the end */
  PetscInt   iterations;
  PetscInt64 evaluations; /* energy/force evaluations */
  PetscInt   rounds;      /* ownership re-partitions + 1 */
  PetscBool  converged;   /* fmax or etol criterion met */
  RsMinStop  stop;
} RsMinResult;

/* Frees the storage of h. */
PetscErrorCode RsMinHistoryFree(RsMinHistory *h);
/* Default settings (L-BFGS, 1e-6 eV/A, ...). */
void RsMinConfigDefault(RsMinConfig *mc);
/* Minimises the energy (plus bias, if not NULL) of sys, positions only, from its current state.
   If sys->frozen is set on entry the caller holds per-atom data in the current layout: atoms
   are never re-partitioned and sys stays frozen. Otherwise atoms are migrated first, frozen
   for the solve, re-partitioned when they drift more than the skin out of their subdomains,
   and unfrozen at the end. Collective. */
PetscErrorCode RsMinimize(RsSystem *sys, const RsMinConfig *mc, RsBias *bias, RsMinResult *res);
#endif
