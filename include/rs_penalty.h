/* rs_penalty.h: the ABC penalty functions of one strain step: centres in configuration space
   (the owned atoms' positions in a frozen layout), distances in the centre-of-mass-removed 2N
   norm summed over the task's ranks (over all atoms, or over a region's atoms), Gaussian (force-shifted in d^2 so energy and force vanish
   at 3 sigma) or compact quartic form, and an active list with a skin so that only centres
   within reach of the walker are summed. */
#ifndef RS_PENALTY_H
#define RS_PENALTY_H
#include "rs_abc.h"

typedef struct {
  RsPenaltyForm form;
  PetscReal     w, sigma;     /* eV, A */
  PetscReal     uc, wn, gc;   /* cutoff of d^2 (A^2), normalised height, g(uc) (Gaussian) */
  PetscInt      n2;           /* local vector length (2 n owned atoms) */
  PetscReal     natoms;       /* penalised atoms over the task */
  const char   *mask;         /* per owned atom: 1 = penalised (regional ABC); NULL = all */
  PetscInt     *idx, m;       /* the penalised owned atoms (local indices) and their number */
  PetscInt      K, Kmax;      /* centres stored, capacity */
  PetscReal    *c;            /* centres minus the origin, penalised atoms only [K x 2 m] */
  PetscReal    *cc;           /* per centre, this rank's |c - o|^2, sum (c - o)_x, sum (c - o)_y [3 K] */
  PetscReal    *o;            /* origin: the first centre of the step (packed) [2 m] */
  PetscReal    *xr;           /* reference position of the active list [2 m] */
  PetscReal    *xp;           /* the penalised atoms' positions, packed [2 m] (scratch) */
  PetscReal    *xd, *g;       /* xp - o, and the penalty force sum over the centres (scratch) [2 m] */
  PetscReal     xq[3];        /* this rank's |xd|^2, sum xd_x, sum xd_y at the last packed x */
  PetscReal     skin;         /* A: the active list is valid while |X - Xr| < skin */
  PetscInt     *active, nactive;
  PetscBool     valid;        /* active list built for the current centres */
  PetscReal    *sums;         /* reduction buffer [3 (K + 1)] */
  int           pending;      /* sums of RsPenaltiesLocal summed by the caller: 1 active list, 2 all centres */
  PetscInt64    rebuilds;
} RsPenalties;

/* Sets form, height and width for a layout of n2 local coordinates; mask (kept, not copied)
   selects the penalised owned atoms, natoms of them over the task (NULL: all atoms). */
PetscErrorCode RsPenaltiesSetUp(RsPenalties *P, RsPenaltyForm form, PetscReal w, PetscReal sigma, PetscInt n2, const char *mask, PetscReal natoms);
/* Removes all centres (a new strain step). */
void RsPenaltiesClear(RsPenalties *P);
/* Adds a centre at x (n2 local coordinates). */
PetscErrorCode RsPenaltiesAdd(RsPenalties *P, const PetscReal *x);
/* Penalty energy (summed over the task) at x; adds the penalty forces to f when f is not NULL.
   Collective. */
PetscErrorCode RsPenaltiesEvaluate(RsPenalties *P, const RsDomain *dom, const PetscReal *x, PetscReal *f, PetscReal *e);
/* This rank's partial sums for the next RsPenaltiesEvaluate at the same x: *v (n values) is to
   be summed over the task by the caller (sharing a reduction) before that call. */
void RsPenaltiesLocal(RsPenalties *P, const PetscReal *x, PetscInt *n, PetscReal **v);
/* COM-removed distance over the penalised atoms between two configurations in the same layout.
   Collective. */
PetscErrorCode RsPenaltiesDistance(const RsPenalties *P, const RsDomain *dom, const PetscReal *a, const PetscReal *b, PetscReal *d);
/* Frees the centres. */
PetscErrorCode RsPenaltiesRelease(RsPenalties *P);
#endif
