/* rs_sweep.h: the sweep's settings and task types: the task list a `sweep` section expands
   into (samples to prepare, then MD and ABC shear tasks keyed by sample, temperature, method,
   rate or Q0 and seed), each with its parameter key, expected cost, disk use and state. */
#ifndef RS_SWEEP_H
#define RS_SWEEP_H
#include "rs_sys.h"

#define RS_SWEEP_MAXLIST 64
#define RS_TASK_NAME     128
#define RS_KEY_MAX       8192

/* Sweep settings (options with prefix sweep_). */
typedef struct {
  char      dir[RS_PATH_MAX];                  /* run directory */
  PetscInt  samples;                           /* samples to prepare (seeds prep_seed + k) */
  PetscReal temps[RS_SWEEP_MAXLIST];           /* K */
  PetscInt  ntemps;
  PetscReal rates[2 * RS_SWEEP_MAXLIST];       /* 1/s: MD rates (list + log-spaced range) */
  PetscInt  nrates;
  PetscReal q0[RS_SWEEP_MAXLIST];              /* eV: ABC escape barriers */
  PetscInt  nq0;
  PetscInt  seeds[RS_SWEEP_MAXLIST];
  PetscInt  nseeds;
  PetscReal strain;                            /* target shear strain of every shear task */
  PetscInt  ranksPerTask;                      /* ranks of one worker group */
  PetscInt  retries;                           /* reruns of a task that killed its process */
  PetscReal progress;                          /* s between progress summaries */
  PetscInt  mdCkptEvery, qsCkptEvery;          /* checkpoint intervals (MD steps, strain steps) */
  PetscBool dryRun;
  PetscReal walltime, walltimeMargin;          /* s: stop at walltime - margin (0 = none) */
  char      injectFailure[RS_TASK_NAME];       /* testing: this task fails scientifically */
  char      injectCrash[RS_TASK_NAME];         /* testing: this task aborts its process */
} RsSweepConfig;

typedef enum { RS_TASK_PREPARE, RS_TASK_MD, RS_TASK_ABC } RsTaskMethod;
extern const char *const RsTaskMethods[];
typedef enum { RS_TASK_PENDING, RS_TASK_RUNNING, RS_TASK_DONE, RS_TASK_FAILED } RsTaskState;
extern const char *const RsTaskStates[];

/* One task of the plan. */
typedef struct {
  char         name[RS_TASK_NAME]; /* file-safe key: sample-1, s1-T315-md-1e10-seed1, ... */
  RsTaskMethod method;
  PetscInt     sample;             /* 0-based sample index */
  PetscInt     dep;                /* task that must be done first (its sample), -1 = none */
  PetscReal    temperature, rate, q0; /* K, 1/s (MD), eV (ABC) */
  PetscInt     seed;
  PetscReal    cost;               /* expected core-seconds */
  PetscReal    bytes;              /* expected disk use (peak, checkpoints included) */
  char        *key;                /* parameters that determine the result: "name=value; ..." */
  RsTaskState  state;
  PetscInt     crashes;            /* times the task killed its process (<task>.crash lines) */
  PetscInt     interrupted;        /* starts that never ended (the job died, whoever caused it) */
  PetscReal    seconds;            /* wall time of the finished run */
  char         reason[512];        /* why it failed */
} RsTask;

typedef struct {
  PetscInt n;
  RsTask  *task;
  char     dir[RS_PATH_MAX];
  PetscInt atoms; /* atoms per sample */
} RsPlan;

#endif
