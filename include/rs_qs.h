/* rs_qs.h: quasistatic shear of one task: athermal quasistatic shear (AQS: strain increment +
   minimisation) or ABC metadynamics shear (ABC sampling, Metropolis choice, strain increment,
   minimisation), with the stress-strain record of the inherent structures and checkpoints at
   strain-step boundaries for a bit-identical continuation. */
#ifndef RS_QS_H
#define RS_QS_H
#include "rs_abc.h"
#include "rs_md.h"

typedef enum { RS_QS_AQS, RS_QS_ABC } RsQSMethod;
extern const char *const RsQSMethods[];

/* Quasistatic shear settings (options with prefix qs_). */
typedef struct {
  RsQSMethod method;
  PetscReal  dgamma;        /* strain increment per step */
  PetscReal  strain;        /* target strain */
  PetscInt   progressEvery; /* steps between progress lines */
  char       record[RS_PATH_MAX]; /* CSV record ("" = none) */
  char       h5[RS_PATH_MAX];     /* task file: final state + record + ABC steps ("" = none) */
  char       isDir[RS_PATH_MAX];  /* directory of stored inherent structures ("" = none) */
  PetscInt   isEvery;             /* store every isEvery-th inherent structure (0 = none) */
  PetscBool  predict;             /* start each minimisation from affine + the last non-affine step */
  PetscReal  predictMax;          /* A: no prediction after a step that moved an atom farther (plastic) */
} RsQSConfig;

/* Per-step ABC statistics columns stored with the record. */
#define RS_QS_NSTAT 10

/* A quasistatic run: the MD container carries the record and checkpoints (no dynamics). */
typedef struct {
  const RsQSConfig  *cfg;
  const RsMinConfig *min;
  RsMDConfig         mdc; /* checkpoint settings; NVE placeholder for the container */
  RsMD               md;
  RsABC              abc;
  PetscReal         *stats; /* [RS_QS_NSTAT x steps done] ABC statistics */
  PetscInt           nstats, maxstats;
  PetscInt64         nsteps, evaluations;
  PetscBool          stopped;
  PetscReal         *xa, *u;      /* by atom id: affine positions of this step, last non-affine displacement */
  PetscInt           nid;         /* largest atom id + 1 */
  PetscBool          predictOn;   /* u belongs to the current basin (elastic last step) */
} RsQS;

/* Prepares the run on sys: from a checkpoint (ckpt settings of md, resume) or by minimising the
   start state (step 0 of the record). Collective. */
PetscErrorCode RsQSSetUp(RsQS *qs, const RsQSConfig *cfg, const RsABCConfig *abc, const RsMinConfig *min, const RsMDConfig *ckpt, RsSystem *sys);
/* Runs to the target strain (or the stop step, then qs->stopped). Collective. */
PetscErrorCode RsQSRun(RsQS *qs);
/* Writes the record CSV and the task file (with the parameter key, NULL = none) as configured. Collective. */
PetscErrorCode RsQSWrite(RsQS *qs, const char *key);
/* Frees the run's state. */
PetscErrorCode RsQSRelease(RsQS *qs);
#endif
