/* rs_cmd_structure.c: `rheosweep structure -in state.data [-out gr.csv]`: hexatic order,
   composition homogeneity and the crystallinity verdict of a configuration, and the partial
   g(r) as CSV (r, g_11, g_12, g_22). A crystallised sample exits with code 2. */
#include "rs_cmd.h"
#include "rs_structure.h"

PetscErrorCode RsCmdStructure(MPI_Comm comm, const RsConfig *cfg)
{
  RsPotential  pot;
  RsSystem     sys;
  RsStructure *st;
  PetscFunctionBegin;
  PetscCall(RsCmdLoadSystem(comm, cfg, &pot, &sys));
  PetscCall(PetscNew(&st));
  PetscCall(RsStructureCompute(&sys, PetscMin(6.0, pot.cutmax), st));
  PetscCall(PetscPrintf(comm, "# rheosweep structure: %s (6 nearest neighbours)\natoms: %lld\npsi6_mean: %.4f\npsi6_above_0.7: %.4f\npsi6_above_0.9: %.4f\nunlike_neighbour_fraction: %.4f  # 0.5 = random mixture\natoms_with_fewer_than_6_neighbours: %lld\ncrystallised: %s  # more than half of the atoms with |psi6| > 0.9\n", cfg->io.in, (long long)st->natoms, (double)st->psi6Mean, (double)st->frac07, (double)st->frac09, (double)st->unlikeFrac, (long long)st->nshort, st->crystallised ? "yes" : "no"));
  if (cfg->io.out[0] && !sys.dom.rank) {
    char  tmp[RS_PATH_MAX + 8];
    FILE *fp;
    PetscCall(PetscSNPrintf(tmp, sizeof tmp, "%s.tmp", cfg->io.out));
    fp = fopen(tmp, "w");
    PetscCheck(fp, PETSC_COMM_SELF, RS_ERR_FILE, "cannot write '%s'", tmp);
    fprintf(fp, "r_A,g_%s%s,g_%s%s,g_%s%s\n", pot.species[0], pot.species[0], pot.species[0], pot.species[1 % pot.ntypes], pot.species[1 % pot.ntypes], pot.species[1 % pot.ntypes]);
    for (int b = 0; b < RS_GR_BINS; b++) fprintf(fp, "%.6g,%.6g,%.6g,%.6g\n", (double)((b + 0.5) * st->dr), (double)st->gr[0][b], (double)st->gr[1][b], (double)st->gr[2][b]);
    PetscCheck(fclose(fp) == 0 && rename(tmp, cfg->io.out) == 0, PETSC_COMM_SELF, RS_ERR_FILE, "cannot write '%s'", cfg->io.out);
  }
  if (st->crystallised) RsExitCode = RS_EXIT_FAILED_TASKS;
  PetscCall(PetscFree(st));
  PetscCall(RsSystemRelease(&sys));
  PetscFunctionReturn(PETSC_SUCCESS);
}
