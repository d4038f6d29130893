/* rs_md.h: molecular dynamics of one task: velocity Verlet (NVE), Nose-Hoover chains (NVT),
   and SLLOD + Nose-Hoover on peculiar velocities under a constant-rate box deformation
   (simple shear as LAMMPS `fix deform xy erate ... remap v` + `fix nvt/sllod`, or pure shear). */
#ifndef RS_MD_H
#define RS_MD_H
#include "rs_system.h"

typedef enum { RS_ENSEMBLE_NVE = 0, RS_ENSEMBLE_NVT = 1, RS_ENSEMBLE_NPT = 2 } RsEnsemble;
extern const char *const RsEnsembles[];
typedef enum { RS_DEFORM_NONE = 0, RS_DEFORM_SIMPLE_SHEAR = 1, RS_DEFORM_PURE_SHEAR = 2 } RsDeform;
extern const char *const RsDeforms[];
typedef enum { RS_COUPLE_ISO = 0, RS_COUPLE_ANISO = 1, RS_COUPLE_TRI = 2 } RsCouple;
extern const char *const RsCouples[];

#define RS_MAX_CHAIN 10

/* MD settings (options with prefix md_). */
typedef struct {
  RsEnsemble ensemble;
  PetscReal  dt;            /* ps */
  PetscInt   steps;         /* steps to run (0 = until -md_strain is reached under deformation) */
  PetscReal  tstart, tstop; /* K: thermostat target, ramped linearly over the run */
  PetscReal  tdamp;         /* ps */
  PetscInt   tchain;        /* Nose-Hoover chain length */
  PetscReal  pressure;      /* MPa: barostat target (NPT), in the -model_thickness convention */
  PetscReal  pdamp;         /* ps */
  RsCouple   couple;        /* iso: x and y together; aniso: separately; tri: also the tilt (zero shear stress) */
  PetscInt   pchain;        /* barostat thermostat chain length */
  RsDeform   deform;
  PetscReal  rate;          /* 1/s: engineering shear rate (simple shear) or stretch rate (pure shear) */
  PetscReal  strain;        /* target strain of a deformation run */
  PetscReal  velocityT;     /* K: draw velocities at this temperature first (< 0: keep the file's) */
  PetscBool  streamProfile; /* add the streaming profile of the deformation to the start velocities */
  PetscInt   seed;
  PetscInt   thermoEvery;   /* steps between thermo lines (0 = only first and last) */
  PetscReal  recordStrain;  /* strain interval of the stress-strain record */
  char       ckptFile[RS_PATH_MAX]; /* checkpoint file ("" = none) */
  PetscInt   ckptEvery;     /* steps between checkpoints (0 = none) */
  PetscBool  ckptResume;    /* continue from ckptFile when it exists */
  PetscInt   stopStep;      /* stop (with a checkpoint) when this step is reached; 0 = never */
  PetscReal  isStrain;      /* store a minimised snapshot (inherent structure) every isStrain of strain; 0 = none */
  char       isDir[RS_PATH_MAX]; /* directory (must exist) of the snapshots is_<k>.h5 */
} RsMDConfig;

/* One stress-strain record point: averages over a strain interval. */
typedef struct {
  PetscReal strain, sxx, syy, sxy, pe, temp; /* -, MPa, MPa, MPa, eV/atom, K */
} RsRecordPoint;

/* Integrator state: everything that, with the particles and box, determines the continuation. */
typedef struct RsMD_ {
  const RsMDConfig *cfg;
  RsSystem         *sys;
  PetscInt64        natoms;
  PetscInt64        step, beginStep, endStep;
  PetscReal         tdof, tCurrent, tTarget;
  PetscInt          mtchain;
  PetscReal         eta[RS_MAX_CHAIN], etaDot[RS_MAX_CHAIN + 1], etaDotDot[RS_MAX_CHAIN], etaMass[RS_MAX_CHAIN];
  PetscReal         omegaDot[3], omegaMass[3]; /* barostat: x, y, xy strain rates (1/ps) and masses */
  PetscReal         etap[RS_MAX_CHAIN], etapDot[RS_MAX_CHAIN + 1], etapDotDot[RS_MAX_CHAIN], etapMass[RS_MAX_CHAIN];
  PetscReal         pCurrent[3], mtk2;          /* coupled pressure (eV/A^2) and MTK term */
  RsBox             box0;       /* box when the deformation started */
  PetscInt64        deformStep0;
  PetscReal         hrate[3];   /* A/ps: d(Lx)/dt, d(Ly)/dt, d(xy)/dt */
  PetscReal         strain;     /* engineering strain since the deformation started */
  /* stress-strain record: accumulators of the current interval and the points so far */
  PetscReal         acc[6];
  PetscInt          nacc;
  RsRecordPoint    *record;
  PetscInt          nrecord, maxrecord;
  PetscLogDouble    wall0;
  PetscReal         kinLast[3], tLast; /* kinetic tensor (eV) and T measured after the last kick */
  PetscInt64        kinStep;           /* step of that measurement (-1: none) */
  PetscBool         stopped;    /* the run ended early (checkpoint written): requeue to finish */
  PetscReal        *extra;      /* caller's state saved with every checkpoint (owned copy) */
  PetscInt          nextra;
  PetscErrorCode  (*hook)(struct RsMD_ *md, void *ctx); /* called at steps divisible by hookEvery (step 0 included); must not change the state */
  void             *hookCtx;
  PetscInt64        hookEvery;
} RsMD;

/* Prepares a run: from the current system state (velocities if asked, thermostat chain,
   deformation rates), or, with resume, from the checkpoint cfg->ckptFile; then the initial
   forces. Collective. */
PetscErrorCode RsMDSetUp(RsMD *md, const RsMDConfig *cfg, RsSystem *sys, PetscBool resume);
/* Writes a checkpoint and makes the uninterrupted run take the same path as a restart from it
   (neighbour rebuild, atom sort, forces recomputed in the current box). Collective. */
PetscErrorCode RsMDCheckpoint(RsMD *md);
/* One MD step (forces must be current). flags: extra RS_FORCE_* the step must compute. */
PetscErrorCode RsMDStep(RsMD *md, int flags);
/* Runs to the configured end, printing thermo lines and filling the record. Collective. */
PetscErrorCode RsMDRun(RsMD *md);
/* Thermal (peculiar) temperature [K] and kinetic tensor [eV] (sum m c c) under deformation. Collective. */
PetscErrorCode RsMDTemperature(RsMD *md, PetscReal *t, PetscReal ktensor[3]);
/* Potential energy [eV], thermal temperature [K], kinetic energy [eV] and stress [MPa] of the
   current state (the last evaluation must have had energy and virial). Collective. */
PetscErrorCode RsMDObserve(RsMD *md, PetscReal *pe, PetscReal *T, PetscReal *ke, PetscReal sigma[3]);
/* Sets the caller's state stored with the next checkpoints (copied; a driver's progress). */
PetscErrorCode RsMDSetExtra(RsMD *md, PetscInt n, const PetscReal *v);
/* Appends one point to the stress-strain record (drivers that record by themselves). */
PetscErrorCode RsMDRecordAppend(RsMD *md, const RsRecordPoint *pt);
/* Frees the record. */
PetscErrorCode RsMDRelease(RsMD *md);
#endif
