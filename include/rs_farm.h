/* rs_farm.h: the master/worker farm that runs a sweep's plan (rs_farm.c) and the runner of one
   task on a worker group (rs_task.c). */
#ifndef RS_FARM_H
#define RS_FARM_H
#include "rs_plan.h"

/* Outcome of one task, sent from a group's leader to the master. */
typedef struct {
  int         task;
  RsTaskState state;  /* done, failed, or pending (stopped with a checkpoint) */
  double      seconds;
  char        reason[512];
} RsTaskResult;

/* Runs task t of the plan on comm (a worker group), its output in the task's log. A failing
   task is a result (failed, with the reason), not an error. Collective on comm. */
PetscErrorCode RsTaskRun(MPI_Comm comm, const RsConfig *cfg, const RsPlan *plan, PetscInt t, RsTaskResult *res);
/* Rank and size of a group's communicator. */
PetscErrorCode RsFarmGroupInfo(MPI_Comm comm, PetscMPIInt *rank, PetscMPIInt *size);
/* A group's agreement on a task's outcome code: the largest over its ranks. Collective. */
PetscErrorCode RsFarmAgree(MPI_Comm comm, int *code);
/* Runs every pending task of the plan: rank 0 of comm dispatches (dynamic, longest expected
   cost first, samples before the tasks that need them), the other ranks form worker groups of
   -sweep_ranks_per_task; one rank runs everything in turn. Journals every state change and
   prints one line per event plus periodic summaries. Returns the number of failed tasks and
   whether the run stopped early, on every rank. Collective. */
PetscErrorCode RsFarmRun(MPI_Comm comm, const RsConfig *cfg, RsPlan *plan, PetscInt *failed, PetscBool *stopped);
#endif
