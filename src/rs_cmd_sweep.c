/* rs_cmd_sweep.c: `rheosweep sweep -options_file_yaml configs/default.yaml`: plans the tasks of
   the sweep section, refuses changes that would alter started or finished tasks, prints the
   task table and cost with -dry_run, and otherwise runs the farm (rs_farm.c) and then, unless
   the run stopped early, the reduction stage (flow curve, fits, archive). Exit code 0 when
   every task is done, 2 when some failed, 3 when the run stopped early with checkpoints. */
#include "rs_cmd.h"
#include "rs_farm.h"

PetscErrorCode RsCmdSweep(MPI_Comm comm, const RsConfig *cfg)
{
  RsPlan    plan;
  PetscInt  failed;
  PetscBool stopped;
  PetscFunctionBegin;
  PetscCall(RsPlanCreate(comm, cfg, &plan));
  if (cfg->sweep.dryRun) {
    PetscCall(RsPlanView(comm, &plan));
    PetscCall(RsPlanDestroy(&plan));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(RsPlanCheckKeys(comm, &plan));
  PetscCall(RsFarmRun(comm, cfg, &plan, &failed, &stopped));
  if (!stopped) PetscCall(RsCmdReduceStage(comm, cfg, &plan));
  if (failed) RsExitCode = RS_EXIT_FAILED_TASKS;
  if (stopped) RsExitCode = RS_EXIT_REQUEUE;
  PetscCall(RsPlanDestroy(&plan));
  PetscFunctionReturn(PETSC_SUCCESS);
}
