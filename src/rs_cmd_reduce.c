/* rs_cmd_reduce.c: the reduction stage: `rheosweep reduce -options_file_yaml cfg.yaml` (also run
   by `sweep` after its tasks): reads the finished tasks of the plan, prints the flow curve,
   calibration and fit table, and writes the archive (default <sweep_dir>/sweep.h5 + .xmf). */
#include "rs_cmd.h"
#include "rs_reduce.h"
#include "rs_journal.h"
#include <string.h>
#include <sys/stat.h>

PetscErrorCode RsCmdReduceStage(MPI_Comm comm, const RsConfig *cfg, const RsPlan *plan)
{
  RsReduction red;
  char        file[RS_PATH_MAX];
  PetscFunctionBegin;
  if (cfg->reduce.out[0]) PetscCall(PetscStrncpy(file, cfg->reduce.out, sizeof file));
  else PetscCall(PetscSNPrintf(file, sizeof file, "%s/sweep.h5", plan->dir));
  PetscCall(RsReduceCompute(comm, cfg, plan, &red));
  PetscCall(RsReduceView(comm, &red));
  PetscLogDouble t0, t1;
  struct stat    st;
  PetscCall(PetscTime(&t0));
  PetscCall(RsArchiveWrite(comm, cfg, &red, file));
  PetscCall(PetscTime(&t1));
  const double mb = stat(file, &st) ? 0 : st.st_size / 1e6;
  PetscCall(PetscPrintf(comm, "archive: %s (ParaView: %.*s.xmf; docs/ARCHIVE.md lists its contents)\n", file, (int)(strlen(file) > 3 ? strlen(file) - 3 : strlen(file)), file));
  PetscCall(PetscPrintf(comm, "# archive written: %.3f MB in %.3f s (%.1f MB/s, deflate level %d)\n", mb, t1 - t0, mb / PetscMax(t1 - t0, 1e-9), (int)cfg->reduce.compress));
  PetscCall(RsReduceDestroy(&red));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsCmdReduce(MPI_Comm comm, const RsConfig *cfg)
{
  RsPlan plan;
  PetscFunctionBegin;
  PetscCall(RsPlanCreate(comm, cfg, &plan));
  PetscCall(RsPlanCheckKeys(comm, &plan)); /* the same refusal as sweep: never mix parameters in one archive */
  PetscCall(RsJournalReplay(&plan));
  PetscCall(RsCmdReduceStage(comm, cfg, &plan));
  PetscCall(RsPlanDestroy(&plan));
  PetscFunctionReturn(PETSC_SUCCESS);
}
