/* rs_cmd_minimize.c: `rheosweep minimize -in state.data -out min.data`: the nearest energy
   minimum at fixed box (the inherent structure), by TAO (-min_tao_type lmvm|bncg|...), with the
   energy, forces and stress at the minimum. A minimisation that does not reach -min_fmax ends
   with exit code 2 (the state reached is still written). */
#include "rs_cmd.h"
#include "rs_lammps.h"
#include "rs_minimize.h"
#include "rs_version.h"

PetscErrorCode RsCmdMinimize(MPI_Comm comm, const RsConfig *cfg)
{
  RsPotential pot;
  RsSystem    sys;
  RsMinResult r;
  PetscReal   sigma[3];
  PetscInt64  n;
  PetscFunctionBegin;
  PetscCall(RsCmdLoadSystem(comm, cfg, &pot, &sys));
  PetscCall(RsMinimize(&sys, &cfg->min, NULL, &r));
  PetscCall(RsSystemComputeForces(&sys, RS_FORCE_ENERGY | RS_FORCE_VIRIAL));
  for (PetscInt i = 0; i < 2 * sys.p.n; i++) sys.p.v[i] = 0; /* an inherent structure is at rest */
  PetscCall(RsSystemStress(&sys, sigma));
  PetscCall(RsSystemCountAtoms(&sys, &n));
  PetscCall(PetscPrintf(comm, "# rheosweep minimize: %s\natoms: %lld\npe_start: %.17g  # eV\npe: %.17g  # eV\npe_per_atom: %.17g  # eV\nfmax: %.3g  # eV/A (tolerance %g)\nfnorm: %.3g  # eV/A, 2-norm of all forces\nmethod: %s\niterations: %" PetscInt_FMT "\nevaluations: %lld\nconverged: %s\nstop: %s\nstress_MPa: {xx: %.10g, yy: %.10g, xy: %.10g}\n", cfg->io.in, (long long)n, (double)r.e0, (double)r.e, (double)(r.e / n), (double)r.fmax, (double)cfg->min.fmaxTol, (double)r.fnorm, RsMinTypes[cfg->min.type], r.iterations, (long long)r.evaluations, r.converged ? "yes" : "no", RsMinStops[r.stop], (double)sigma[0], (double)sigma[1], (double)sigma[2]));
  if (cfg->io.out[0]) {
    char title[256];
    PetscCall(PetscSNPrintf(title, sizeof title, "LAMMPS data file from rheosweep %s (%s) minimize, |F|max %.3g eV/A", RS_VERSION, RsVersionGitHash(), (double)r.fmax));
    PetscCall(RsDataWrite(cfg->io.out, &sys, title));
  }
  if (!r.converged) RsExitCode = RS_EXIT_FAILED_TASKS;
  PetscCall(RsSystemRelease(&sys));
  PetscFunctionReturn(PETSC_SUCCESS);
}
