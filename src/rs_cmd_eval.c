/* rs_cmd_eval.c: `rheosweep eval -in state.data`: total and per-atom energy, forces and the
   stress tensor of one configuration, printed as YAML with full precision (%.17g) so scripts
   and tests can compare them with LAMMPS. Stress: sigma = -P in MPa (h = -model_thickness);
   the LAMMPS pressure tensor in bar is printed beside it. With -eval_repeat N the force
   evaluation is repeated N times at fixed positions and the throughput reported. */
#include "rs_cmd.h"
#include "rs_units.h"
#include <math.h>
#include <string.h>

/* Gathers id-ordered (type, fx, fy, e) on rank 0 and writes them (temp name, then rename). */
static PetscErrorCode WriteForces(const char *file, const RsSystem *sys)
{
  const RsParticles *p = &sys->p;
  PetscReal         *mine, *all;
  PetscInt64         n;
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(4 * p->n + 1, &mine));
  for (PetscInt i = 0; i < p->n; i++) {
    mine[4 * i]     = (PetscReal)p->type[i];
    mine[4 * i + 1] = p->f[2 * i];
    mine[4 * i + 2] = p->f[2 * i + 1];
    mine[4 * i + 3] = p->eatom[i];
  }
  PetscCall(RsDomainGatherById(&sys->dom, p, 4, mine, &n, &all));
  PetscCall(PetscFree(mine));
  if (!sys->dom.rank) {
    char  tmp[RS_PATH_MAX + 8];
    FILE *fp;
    PetscCall(PetscSNPrintf(tmp, sizeof tmp, "%s.tmp", file));
    fp = fopen(tmp, "w");
    PetscCheck(fp, PETSC_COMM_SELF, RS_ERR_FILE, "cannot write forces file '%s'", tmp);
    fprintf(fp, "# id type fx fy e   (eV/A, eV; rheosweep eval)\n");
    for (PetscInt64 k = 0; k < n; k++) {
      const PetscReal *r = &all[5 * k];
      fprintf(fp, "%lld %d %.17g %.17g %.17g\n", (long long)r[0], (int)r[1] + 1, (double)r[2], (double)r[3], (double)r[4]);
    }
    int bad = ferror(fp) | (fclose(fp) != 0);
    if (bad) remove(tmp);
    PetscCheck(!bad, PETSC_COMM_SELF, RS_ERR_FILE, "writing forces file '%s' failed (disk full?)", file);
    PetscCheck(rename(tmp, file) == 0, PETSC_COMM_SELF, RS_ERR_FILE, "cannot rename '%s' to '%s'", tmp, file);
    PetscCall(PetscFree(all));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsCmdEval(MPI_Comm comm, const RsConfig *cfg)
{
  RsPotential pot;
  RsSystem    sys;
  PetscReal   sigma[3], kin[3];
  PetscFunctionBegin;
  PetscCall(RsCmdLoadSystem(comm, cfg, &pot, &sys));
  PetscCall(RsSystemComputeForces(&sys, RS_FORCE_ALL));
  const RsParticles *p = &sys.p;
  PetscReal          e = sys.last.energy;
  PetscCheck(!isnan(e) && !isinf(e), comm, RS_ERR_SCIENCE, "energy of '%s' is not finite (overlapping atoms?)", cfg->io.in);
  PetscCall(RsSystemStress(&sys, sigma));
  PetscCall(RsSystemKineticTensor(&sys, kin));
  PetscReal  fmax = 0, nghost = (PetscReal)p->nghost;
  PetscInt64 natoms;
  for (PetscInt i = 0; i < p->n; i++) fmax = PetscMax(fmax, PetscSqrtReal(p->f[2 * i] * p->f[2 * i] + p->f[2 * i + 1] * p->f[2 * i + 1]));
  PetscCall(RsDomainMax(&sys.dom, 1, &fmax));
  PetscCall(RsDomainSum(&sys.dom, 1, &nghost));
  PetscCall(RsSystemCountAtoms(&sys, &natoms));
  const PetscReal barScale = RS_NKTV2P / RsBoxArea(&sys.box);
  PetscCall(PetscPrintf(comm, "# rheosweep eval: %s with potential %s (%s)\n", cfg->io.in, pot.name, RsPairForms[pot.form]));
  PetscCall(PetscPrintf(comm, "atoms: %lld\nranks: %d (%d x %d)\nbox: {Lx: %.17g, Ly: %.17g, xy: %.17g, area: %.17g}  # A, A^2\n", (long long)natoms, sys.dom.size, sys.dom.dims[0], sys.dom.dims[1], (double)sys.box.Lx, (double)sys.box.Ly, (double)sys.box.xy, (double)RsBoxArea(&sys.box)));
  PetscCall(PetscPrintf(comm, "pe: %.17g  # eV\npe_per_atom: %.17g  # eV\nke: %.17g  # eV\n", (double)e, (double)(e / natoms), (double)(0.5 * (kin[0] + kin[1]))));
  PetscCall(PetscPrintf(comm, "stress_MPa: {xx: %.17g, yy: %.17g, xy: %.17g}  # sigma = -P, h = %g A\n", (double)sigma[0], (double)sigma[1], (double)sigma[2], (double)sys.thickness));
  PetscCall(PetscPrintf(comm, "pressure_MPa: %.17g\n", (double)(-0.5 * (sigma[0] + sigma[1]))));
  PetscCall(PetscPrintf(comm, "lammps_pressure_bar: {pxx: %.17g, pyy: %.17g, pxy: %.17g}  # LAMMPS 2D convention\n", (double)((kin[0] + sys.last.virial[0]) * barScale), (double)((kin[1] + sys.last.virial[1]) * barScale), (double)((kin[2] + sys.last.virial[2]) * barScale)));
  PetscCall(PetscPrintf(comm, "fmax: %.17g  # eV/A\npairs_in_cutoff: %lld\nghosts: %lld\n", (double)fmax, (long long)sys.last.npairs, (long long)nghost));
  if (cfg->io.forces[0]) PetscCall(WriteForces(cfg->io.forces, &sys));
  if (cfg->io.repeat > 0) {
    PetscLogDouble t0, t1;
    PetscCall(PetscTime(&t0));
    for (PetscInt r = 0; r < cfg->io.repeat; r++) PetscCall(RsSystemComputeForces(&sys, 0));
    PetscCall(PetscTime(&t1));
    const double dt = t1 - t0;
    PetscCall(PetscPrintf(comm, "bench: {evaluations: %" PetscInt_FMT ", seconds: %.6g, pair_evals_per_s: %.6g, atom_evals_per_s: %.6g}\n", cfg->io.repeat, dt, (double)sys.last.npairs * cfg->io.repeat / dt, (double)natoms * cfg->io.repeat / dt));
  }
  PetscCall(RsSystemRelease(&sys));
  PetscFunctionReturn(PETSC_SUCCESS);
}
