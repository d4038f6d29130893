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
#include "rs_minimize.h"
#include <math.h>

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

typedef struct {
  const RsConfig *cfg;
} SnapCtx;

/* A minimised snapshot: a copy of the atoms in a second system on the same ranks, minimised at
   fixed box and stored as <md_is_dir>/is_<k>.h5 (k = step / hookEvery); the run is untouched. */
static PetscErrorCode Snapshot(RsMD *md, void *ctx)
{
  const RsConfig *cfg = ((SnapCtx *)ctx)->cfg;
  RsSystem       *sys = md->sys, s;
  RsMinResult     r;
  char            file[RS_PATH_MAX + 32];
  PetscFunctionBegin;
  PetscCall(PetscMemzero(&s, sizeof s));
  PetscCall(RsSystemSetUp(&s, sys->dom.comm, sys->pot, sys->neigh.skin, sys->thickness));
  s.box = sys->box;
  PetscCall(RsParticlesReserve(&s.p, sys->p.n + 1));
  s.p.n      = sys->p.n;
  s.p.nghost = 0;
  PetscCall(PetscArraycpy(s.p.x, sys->p.x, 2 * sys->p.n));
  PetscCall(PetscArraycpy(s.p.v, sys->p.v, 2 * sys->p.n));
  PetscCall(PetscArraycpy(s.p.image, sys->p.image, 2 * sys->p.n));
  PetscCall(PetscArraycpy(s.p.type, sys->p.type, sys->p.n));
  PetscCall(PetscArraycpy(s.p.id, sys->p.id, sys->p.n));
  PetscCall(RsSystemDistribute(&s));
  PetscCall(RsMinimize(&s, &cfg->min, NULL, &r));
  PetscCall(PetscSNPrintf(file, sizeof file, "%s/is_%08lld.h5", cfg->md.isDir, (long long)(md->step / md->hookEvery)));
  PetscCall(RsH5MDWrite(&s, file, md->step, md->step * cfg->md.dt, NULL, 0, NULL));
  PetscCall(RsSystemRelease(&s));
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
  SnapCtx snap = {cfg};
  if (cfg->md.isStrain > 0 && cfg->md.deform) {
    PetscCheck(cfg->md.isDir[0], comm, RS_ERR_INPUT, "-md_is_strain %g needs -md_is_dir (where to store the minimised snapshots)", (double)cfg->md.isStrain);
    md.hook      = Snapshot;
    md.hookCtx   = &snap;
    md.hookEvery = (PetscInt64)PetscMax(1.0, round(cfg->md.isStrain / (cfg->md.rate * 1e-12 * cfg->md.dt)));
  }
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
