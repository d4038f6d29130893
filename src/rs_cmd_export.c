/* rs_cmd_export.c: `rheosweep export-lammps -in state.data -out prefix` writes prefix.data (the
   wrapped state, %.17g) and prefix.in, a complete LAMMPS input with the exact pair_style and
   pair_coeff lines of the potential, which evaluates the state with `run 0`. */
#include "rs_cmd.h"
#include "rs_lammps.h"
#include "rs_version.h"
#include <string.h>

PetscErrorCode RsCmdExportLammps(MPI_Comm comm, const RsConfig *cfg)
{
  RsPotential pot;
  RsSystem    sys;
  char        data[RS_PATH_MAX + 8], in[RS_PATH_MAX + 8], table[RS_PATH_MAX + 8], title[256];
  FILE       *fp;
  PetscFunctionBegin;
  PetscCheck(cfg->io.out[0], comm, RS_ERR_INPUT, "export-lammps needs -out <prefix>");
  PetscCall(RsCmdLoadSystem(comm, cfg, &pot, &sys));
  PetscCall(PetscSNPrintf(data, sizeof data, "%s.data", cfg->io.out));
  PetscCall(PetscSNPrintf(in, sizeof in, "%s.in", cfg->io.out));
  PetscCall(PetscSNPrintf(table, sizeof table, "%s.table", cfg->io.out));
  PetscCall(PetscSNPrintf(title, sizeof title, "LAMMPS data file from rheosweep %s (%s), potential %s", RS_VERSION, RsVersionGitHash(), pot.name));
  PetscCall(RsDataWrite(data, &sys, title));
  fp = fopen(in, "w");
  PetscCheck(fp, comm, RS_ERR_FILE, "cannot write '%s'", in);
  const char *base = strrchr(data, '/') ? strrchr(data, '/') + 1 : data;
  const char *tbase = strrchr(table, '/') ? strrchr(table, '/') + 1 : table;
  fprintf(fp, "# LAMMPS input written by rheosweep %s: evaluates %s with potential %s\n", RS_VERSION, base, pot.name);
  fprintf(fp, "units metal\ndimension 2\nboundary p p p\natom_style atomic\natom_modify map array\nread_data %s\n", base);
  PetscCall(RsPotentialWriteLammps(&pot, fp, table, tbase));
  fprintf(fp, "neighbor %g bin\nneigh_modify every 1 delay 0 check yes\n", (double)cfg->neigh.skin);
  fprintf(fp, "thermo_style custom step pe pxx pyy pxy press\nthermo_modify format float %%.17g norm no\nrun 0\n");
  fprintf(fp, "print \"RESULT pe $(pe:%%.17g) pxx $(pxx:%%.17g) pyy $(pyy:%%.17g) pxy $(pxy:%%.17g)\"\n");
  PetscCheck(fclose(fp) == 0, comm, RS_ERR_FILE, "writing '%s' failed", in);
  PetscCall(PetscPrintf(comm, "wrote %s and %s\n", data, in));
  PetscCall(RsSystemRelease(&sys));
  PetscFunctionReturn(PETSC_SUCCESS);
}
