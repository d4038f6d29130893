/* rs_cmd_qs.c: `rheosweep quasistatic -in state.data`: AQS or ABC metadynamics shear to
   -qs_strain with progress lines, the record (-qs_record CSV, -qs_h5 task file), checkpoints
   (-ckpt_file, -ckpt_every in strain steps, -md_stop_step for a planned stop with exit code 3)
   and the final state (-out). */
#include "rs_cmd.h"
#include "rs_lammps.h"
#include "rs_version.h"

PetscErrorCode RsCmdQuasistatic(MPI_Comm comm, const RsConfig *cfg)
{
  RsPotential pot;
  RsSystem    sys;
  RsQS        qs;
  PetscInt64  n;
  PetscFunctionBegin;
  PetscCheck(!cfg->qs.isEvery || cfg->qs.isDir[0], comm, RS_ERR_INPUT, "-qs_is_every %" PetscInt_FMT " needs -qs_is_dir (where to store the inherent structures)", cfg->qs.isEvery);
  PetscCall(RsCmdLoadSystem(comm, cfg, &pot, &sys));
  PetscCall(RsSystemCountAtoms(&sys, &n));
  PetscCall(PetscPrintf(comm, "# rheosweep quasistatic: %s, %lld atoms on %d ranks, %s, dgamma %g to strain %g, minimiser %s (|F|max < %g eV/A)\n", cfg->io.in, (long long)n, sys.dom.size, RsQSMethods[cfg->qs.method], (double)cfg->qs.dgamma, (double)cfg->qs.strain, RsMinTypes[cfg->min.type], (double)cfg->min.fmaxTol));
  PetscCall(RsQSSetUp(&qs, &cfg->qs, &cfg->abc, &cfg->min, &cfg->md, &sys));
  PetscCall(RsQSRun(&qs));
  if (qs.stopped) RsExitCode = RS_EXIT_REQUEUE;
  PetscCall(PetscPrintf(comm, "final: {step: %lld, strain: %.10g, sxy_MPa: %.10g, pe_eV_atom: %.14g, evaluations: %lld}\n", (long long)qs.md.step, (double)qs.md.strain, (double)qs.md.record[qs.md.nrecord - 1].sxy, (double)qs.md.record[qs.md.nrecord - 1].pe, (long long)qs.evaluations));
  PetscCall(RsQSWrite(&qs, cfg->io.key));
  if (cfg->io.out[0]) {
    char title[256];
    PetscCall(PetscSNPrintf(title, sizeof title, "LAMMPS data file from rheosweep %s (%s) quasistatic, strain %g", RS_VERSION, RsVersionGitHash(), (double)qs.md.strain));
    PetscCall(RsDataWrite(cfg->io.out, &sys, title));
  }
  PetscCall(RsQSRelease(&qs));
  PetscCall(RsSystemRelease(&sys));
  PetscFunctionReturn(PETSC_SUCCESS);
}
