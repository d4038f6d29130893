/* rs_prepare.h: glass preparation (one sample): random insertion with a minimum distance,
   melt at fixed area, cooling at fixed area, NPT hold, linear NPT quench recording energy and
   area per atom versus T, Tg from both curves, heating to and NPT relaxation at the shear
   temperature with a fully flexible cell, structure checks. */
#ifndef RS_PREPARE_H
#define RS_PREPARE_H
#include "rs_md.h"
#include "rs_structure.h"
#include "rs_tg.h"

typedef struct {
  PetscInt  atoms;         /* number of atoms */
  PetscReal area;          /* A^2 per atom at insertion (fixed-area melt) */
  PetscReal fraction;      /* fraction of species 1 (Cu) */
  PetscReal minDist;       /* insertion minimum distance, in units of sigma_ab */
  PetscInt  seed;
  PetscReal meltT, meltTime;       /* K, ps */
  PetscReal coolT, coolRate;       /* K, K/ps (fixed area) */
  PetscReal holdTime;              /* ps, NPT at coolT */
  PetscReal quenchRate, quenchStop; /* K/ps, K (NPT, P = 0) */
  PetscReal block;                 /* K: temperature block of the quench curve */
  PetscReal relaxT, heatRate, relaxTime; /* K, K/ps, ps (NPT, flexible cell) */
  PetscReal tgGlass[2], tgLiquid[2];     /* K: fit ranges */
} RsPrepareConfig;

typedef struct {
  PetscInt   nblock;
  PetscReal *curve;   /* nblock x 4: T (K), pe (eV/atom), area (A^2/atom), P (MPa) */
  RsTgFit    tgEnergy, tgArea;
  PetscBool  tgOk[2];
  RsStructure structure;
  PetscReal  relaxP[2], relaxT[2]; /* mean and standard error of P (MPa) and T (K) in the relax stage */
  PetscReal  areaPerAtom;          /* A^2 at the end */
  PetscBool  stopped;              /* stopped early with a checkpoint (-md_stop_step): run again */
} RsPrepareResult;

/* Fills sys (box and owned atoms) by random insertion: counter-based RNG keyed by (seed, atom
   id, attempt), so every rank draws the same set and keeps its own. Collective. */
PetscErrorCode RsPrepareInsert(RsSystem *sys, const RsPrepareConfig *pc);
/* Runs the whole protocol on sys (continuing from md->ckptFile when it holds a preparation
   checkpoint); md gives timestep, damping, checkpoint and output settings. Collective. */
PetscErrorCode RsPrepareRun(RsSystem *sys, const RsPrepareConfig *pc, const RsMDConfig *md, RsPrepareResult *res);
/* Frees the result. */
PetscErrorCode RsPrepareResultRelease(RsPrepareResult *res);
#endif
