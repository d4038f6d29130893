/* rs_cmd_eval.c: `rheosweep eval -in state.data`: total and per-atom energy, forces and the
   stress tensor of one configuration, printed as YAML with full precision (%.17g) so scripts
   and tests can compare them with LAMMPS. Stress: sigma = -P in MPa (h = -model_thickness);
   the LAMMPS pressure tensor in bar is printed beside it. With -eval_repeat N the force
   evaluation is repeated N times at fixed positions and the throughput reported. */
#include "rs_cmd.h"
#include "rs_units.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int CmpPair(const void *a, const void *b)
{
  PetscInt64 x = *(const PetscInt64 *)a, y = *(const PetscInt64 *)b;
  return x < y ? -1 : x > y;
}

static PetscErrorCode WriteForces(const char *file, const RsSystem *sys)
{
  const RsParticles *p = &sys->p;
  PetscInt64        *order;
  char               tmp[RS_PATH_MAX + 8];
  FILE              *fp;
  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(tmp, sizeof tmp, "%s.tmp", file));
  fp = fopen(tmp, "w");
  PetscCheck(fp, PETSC_COMM_SELF, RS_ERR_FILE, "cannot write forces file '%s'", tmp);
  PetscCall(PetscMalloc1(2 * p->n, &order));
  for (PetscInt i = 0; i < p->n; i++) {
    order[2 * i]     = p->id[i];
    order[2 * i + 1] = i;
  }
  qsort(order, (size_t)p->n, 2 * sizeof *order, CmpPair);
  fprintf(fp, "# id type fx fy e   (eV/A, eV; rheosweep eval)\n");
  for (PetscInt k = 0; k < p->n; k++) {
    PetscInt i = (PetscInt)order[2 * k + 1];
    fprintf(fp, "%lld %d %.17g %.17g %.17g\n", (long long)p->id[i], (int)p->type[i] + 1, (double)p->f[2 * i], (double)p->f[2 * i + 1], (double)p->eatom[i]);
  }
  PetscCall(PetscFree(order));
  int bad = ferror(fp) | (fclose(fp) != 0);
  if (bad) remove(tmp);
  PetscCheck(!bad, PETSC_COMM_SELF, RS_ERR_FILE, "writing forces file '%s' failed (disk full?)", file);
  PetscCheck(rename(tmp, file) == 0, PETSC_COMM_SELF, RS_ERR_FILE, "cannot rename '%s' to '%s'", tmp, file);
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
  RsSystemStress(&sys, sigma);
  RsSystemKineticTensor(&sys, kin);
  PetscReal fmax = 0;
  for (PetscInt i = 0; i < p->n; i++) fmax = PetscMax(fmax, PetscSqrtReal(p->f[2 * i] * p->f[2 * i] + p->f[2 * i + 1] * p->f[2 * i + 1]));
  const PetscReal barScale = RS_NKTV2P / RsBoxArea(&sys.box);
  PetscCall(PetscPrintf(comm, "# rheosweep eval: %s with potential %s (%s)\n", cfg->io.in, pot.name, RsPairForms[pot.form]));
  PetscCall(PetscPrintf(comm, "atoms: %" PetscInt_FMT "\nbox: {Lx: %.17g, Ly: %.17g, xy: %.17g, area: %.17g}  # A, A^2\n", p->n, (double)sys.box.Lx, (double)sys.box.Ly, (double)sys.box.xy, (double)RsBoxArea(&sys.box)));
  PetscCall(PetscPrintf(comm, "pe: %.17g  # eV\npe_per_atom: %.17g  # eV\nke: %.17g  # eV\n", (double)e, (double)(e / p->n), (double)(0.5 * (kin[0] + kin[1]))));
  PetscCall(PetscPrintf(comm, "stress_MPa: {xx: %.17g, yy: %.17g, xy: %.17g}  # sigma = -P, h = %g A\n", (double)sigma[0], (double)sigma[1], (double)sigma[2], (double)sys.thickness));
  PetscCall(PetscPrintf(comm, "pressure_MPa: %.17g\n", (double)(-0.5 * (sigma[0] + sigma[1]))));
  PetscCall(PetscPrintf(comm, "lammps_pressure_bar: {pxx: %.17g, pyy: %.17g, pxy: %.17g}  # LAMMPS 2D convention\n", (double)((kin[0] + sys.last.virial[0]) * barScale), (double)((kin[1] + sys.last.virial[1]) * barScale), (double)((kin[2] + sys.last.virial[2]) * barScale)));
  PetscCall(PetscPrintf(comm, "fmax: %.17g  # eV/A\npairs_in_cutoff: %lld\nghosts: %" PetscInt_FMT "\n", (double)fmax, (long long)sys.last.npairs, p->nghost));
  if (cfg->io.forces[0]) PetscCall(WriteForces(cfg->io.forces, &sys));
  if (cfg->io.repeat > 0) {
    PetscLogDouble t0, t1;
    PetscCall(PetscTime(&t0));
    for (PetscInt r = 0; r < cfg->io.repeat; r++) PetscCall(RsSystemComputeForces(&sys, 0));
    PetscCall(PetscTime(&t1));
    const double dt = t1 - t0;
    PetscCall(PetscPrintf(comm, "bench: {evaluations: %" PetscInt_FMT ", seconds: %.6g, pair_evals_per_s: %.6g, atom_evals_per_s: %.6g}\n", cfg->io.repeat, dt, (double)sys.last.npairs * cfg->io.repeat / dt, (double)p->n * cfg->io.repeat / dt));
  }
  PetscCall(RsSystemRelease(&sys));
  PetscFunctionReturn(PETSC_SUCCESS);
}
