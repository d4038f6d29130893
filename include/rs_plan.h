/* rs_plan.h: building and checking the sweep's plan (rs_plan.c): task list, keys, cost and
   disk model, the dry-run table, and the run directory's file names. */
#ifndef RS_PLAN_H
#define RS_PLAN_H
#include "rs_config.h"
#include "rs_sweep.h"
#include "rs_potential.h"

/* Expands the sweep section of cfg into the plan (same on every rank; the potential is loaded
   for the keys); refuses empty or impossible sweeps naming the key. Collective. */
PetscErrorCode RsPlanCreate(MPI_Comm comm, const RsConfig *cfg, RsPlan *plan);
/* Prints the task table (key, method, atoms, expected core-hours and disk) and the totals. */
PetscErrorCode RsPlanView(MPI_Comm comm, const RsPlan *plan);
/* Path of a task's file with the given suffix (".h5", ".log", ".ckpt.h5", ".key", ".data", ...). */
PetscErrorCode RsPlanTaskPath(const RsPlan *plan, PetscInt t, const char *suffix, char *path, size_t len);
/* Refuses (naming the parameter) a task whose stored key differs from the plan's: a change that
   would alter a started or finished result. Collective (every rank reads the key files). */
PetscErrorCode RsPlanCheckKeys(MPI_Comm comm, const RsPlan *plan);
/* Frees the plan. */
PetscErrorCode RsPlanDestroy(RsPlan *plan);
/* The parameters that determine sample `seed` (potential, preparation protocol), "name=value; ...". */
PetscErrorCode RsKeySample(const RsConfig *cfg, const RsPotential *pot, PetscInt seed, char *key, size_t len);
/* First "name=value" item that differs between two keys (by name: changed, added or dropped), as a
   sentence for an error message. */
void RsKeyFirstDifference(const char *stored, const char *now, char *what, size_t len);
#endif
