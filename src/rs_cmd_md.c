/* rs_cmd_md.c: `rheosweep md -in state.data`: one MD run (NVE, NVT, or sheared NVT/SLLOD) with
   thermo lines, the final state written with -out (LAMMPS data file) and the stress-strain
   record with -md_record (CSV: strain, sigma_xx, sigma_yy, sigma_xy [MPa], pe [eV/atom], T [K]),
   and both in the task's HDF5 file with -md_h5 (H5MD layout, rs_h5md.c). */
#include "rs_cmd.h"
#include "rs_lammps.h"
#include "rs_checkpoint.h"
#include "rs_h5md.h"
#include "rs_version.h"
#include "rs_file.h"

/* The stress-strain record as CSV. */
static PetscErrorCode WriteRecord(const char *file, const RsMD *md)
{
  PetscReal *v;
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(6 * md->nrecord + 1, &v));
  for (PetscInt k = 0; k < md->nrecord; k++) {
    const RsRecordPoint *r = &md->record[k];
    const PetscReal      row[6] = {r->strain, r->sxx, r->syy, r->sxy, r->pe, r->temp};
    PetscCall(PetscArraycpy(&v[6 * k], row, 6));
  }
  PetscCall(RsFileWriteCSV(&md->sys->dom, file, "strain,sxx_MPa,syy_MPa,sxy_MPa,pe_eV_per_atom,T_K", md->nrecord, 6, v));
  PetscCall(PetscFree(v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsCmdMD(MPI_Comm comm, const RsConfig *cfg)
{
  RsPotential pot;
  RsSystem    sys;
  RsMD        md;
  PetscFunctionBegin;
  PetscCall(RsCmdLoadSystem(comm, cfg, &pot, &sys));
  PetscBool resume = PETSC_FALSE;
  if (cfg->md.ckptFile[0] && cfg->md.ckptResume) PetscCall(RsCheckpointExists(&sys.dom, cfg->md.ckptFile, &resume));
  PetscCall(RsMDSetUp(&md, &cfg->md, &sys, resume));
  if (resume) PetscCall(PetscPrintf(comm, "# resumed from checkpoint %s at step %lld\n", cfg->md.ckptFile, (long long)md.step));
  PetscCall(PetscPrintf(comm, "# rheosweep md: %lld atoms on %d ranks (%d x %d), %s, %s, dt %g ps, %lld steps\n", (long long)md.natoms, sys.dom.size, sys.dom.dims[0], sys.dom.dims[1], RsEnsembles[cfg->md.ensemble], RsDeforms[cfg->md.deform], (double)cfg->md.dt, (long long)md.endStep));
  PetscCall(RsMDRun(&md));
  if (md.stopped) RsExitCode = RS_EXIT_REQUEUE;
  PetscCall(PetscPrintf(comm, "# neighbour list builds: %" PetscInt_FMT ", box flips: %" PetscInt_FMT "\n", sys.neigh.nbuilds, sys.nflips));
  {
    PetscReal s[3];
    PetscCall(RsSystemComputeForces(&sys, RS_FORCE_ENERGY | RS_FORCE_VIRIAL));
    PetscCall(RsSystemStress(&sys, s));
    PetscCall(PetscPrintf(comm, "final: {step: %lld, strain: %.17g, pe: %.17g, xy: %.17g, flips: %" PetscInt_FMT "}\n", (long long)md.step, (double)md.strain, (double)sys.last.energy, (double)sys.box.xy, sys.nflips));
  }
  if (cfg->io.out[0]) {
    char title[256];
    PetscCall(PetscSNPrintf(title, sizeof title, "LAMMPS data file from rheosweep %s (%s) md, step %lld", RS_VERSION, RsVersionGitHash(), (long long)md.step));
    PetscCall(RsDataWrite(cfg->io.out, &sys, title));
  }
  if (cfg->io.record[0]) PetscCall(WriteRecord(cfg->io.record, &md));
  if (cfg->io.h5[0]) PetscCall(RsH5MDWriteTask(&md, cfg->io.h5, cfg->io.key));
  PetscCall(RsMDRelease(&md));
  PetscCall(RsSystemRelease(&sys));
  PetscFunctionReturn(PETSC_SUCCESS);
}
