/* rs_cmd_common.c: what several subcommands share: loading the potential and a configuration. */
#include "rs_cmd.h"
#include "rs_lammps.h"

PetscErrorCode RsCmdLoadSystem(MPI_Comm comm, const RsConfig *cfg, RsPotential *pot, RsSystem *sys)
{
  char        path[RS_PATH_MAX];
  RsDataFile  data;
  PetscFunctionBegin;
  PetscCheck(cfg->io.in[0], comm, RS_ERR_INPUT, "no input configuration: give -in <LAMMPS data file>");
  PetscCall(RsConfigResolvePath(cfg->model.potential, path, sizeof path));
  PetscCall(RsPotentialLoad(comm, path, pot));
  PetscCall(PetscMemzero(sys, sizeof *sys));
  PetscCall(RsSystemSetUp(sys, comm, pot, cfg->neigh.skin, cfg->model.thickness));
  PetscCall(RsConfigResolvePath(cfg->io.in, path, sizeof path));
  PetscCall(RsDataRead(comm, path, &data));
  PetscErrorCode ierr = RsDataToSystem(&data, path, sys);
  RsDataFree(&data);
  PetscCall(ierr);
  PetscCall(RsSystemDistribute(sys));
  PetscFunctionReturn(PETSC_SUCCESS);
}
