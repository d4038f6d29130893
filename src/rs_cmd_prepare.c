/* rs_cmd_prepare.c: `rheosweep prepare -out sample.data [-prep_* options]`: one glass sample by
   the preparation protocol (rs_prepare.c), with the quench curve (-prep_curve), Tg from energy
   and from area, the P = 0 relaxation statistics and the structure checks printed as YAML. The
   sample is written as a LAMMPS data file that shear tasks start from. A crystallised sample
   ends with exit code 2; with -ckpt_file the run checkpoints and continues when started again
   (exit code 3 after -md_stop_step inside the quench). */
#include "rs_cmd.h"
#include "rs_lammps.h"
#include "rs_version.h"
#include "rs_h5md.h"
#include "rs_plan.h"
#include <string.h>

PetscErrorCode RsCmdPrepare(MPI_Comm comm, const RsConfig *cfg)
{
  RsPotential      pot;
  RsSystem         sys;
  RsPrepareResult *res;
  char             path[RS_PATH_MAX];
  PetscFunctionBegin;
  PetscCheck(cfg->io.out[0], comm, RS_ERR_INPUT, "prepare needs -out <sample.data>");
  PetscCall(RsConfigResolvePath(cfg->model.potential, path, sizeof path));
  PetscCall(RsPotentialLoad(comm, path, &pot));
  PetscCall(PetscMemzero(&sys, sizeof sys));
  PetscCall(RsSystemSetUp(&sys, comm, &pot, cfg->neigh.skin, cfg->model.thickness));
  char *key, *old;
  PetscCall(PetscMalloc2(8192, &key, 8192, &old));
  PetscCall(RsKeySample(cfg, &pot, cfg->prep.seed, key, 8192));
  if (cfg->prepH5[0]) { /* reuse a sample made with the same parameters; refuse to overwrite another */
    PetscBool found;
    PetscCall(RsH5ReadKey(&sys.dom, cfg->prepH5, old, 8192, &found));
    if (found && !strcmp(old, key)) {
      PetscCall(PetscPrintf(comm, "# rheosweep prepare: sample '%s' was made with the same parameters: reused, nothing to do\n", cfg->prepH5));
      PetscCall(PetscFree2(key, old));
      PetscCall(RsSystemRelease(&sys));
      PetscFunctionReturn(PETSC_SUCCESS);
    }
    if (found) {
      char what[512];
      RsKeyFirstDifference(old, key, what, sizeof what);
      PetscCall(PetscFree2(key, old));
      SETERRQ(comm, RS_ERR_INPUT, "sample file '%s' holds a different sample (%s): choose another -prep_h5 or remove it", cfg->prepH5, what);
    }
  }
  PetscCall(RsPrepareInsert(&sys, &cfg->prep));
  PetscCall(PetscPrintf(comm, "# rheosweep prepare: %" PetscInt_FMT " atoms (%g %s), seed %" PetscInt_FMT ", box %.3f A, potential %s\n", cfg->prep.atoms, (double)cfg->prep.fraction, pot.species[0], cfg->prep.seed, (double)sys.box.Lx, pot.name));
  PetscCall(PetscNew(&res));
  RsMDConfig md = cfg->md;
  md.seed       = cfg->prep.seed;
  PetscCall(RsPrepareRun(&sys, &cfg->prep, &md, res));
  if (res->stopped) {
    RsExitCode = RS_EXIT_REQUEUE;
    PetscCall(PetscFree2(key, old));
    PetscCall(RsPrepareResultRelease(res));
    PetscCall(PetscFree(res));
    PetscCall(RsSystemRelease(&sys));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  const RsStructure *st = &res->structure;
  for (int k = 0; k < 2; k++) {
    const RsTgFit  *f   = k ? &res->tgArea : &res->tgEnergy;
    const PetscBool in  = f->tg > cfg->prep.tgGlass[0] && f->tg < cfg->prep.tgLiquid[1];
    const char     *why = !res->tgOk[k] ? "  (fit failed: too few points in a range)" : !in ? "  (unreliable: the lines meet outside the fitted temperatures; quench slower or use more atoms)" : "";
    PetscCall(PetscPrintf(comm, "%s: %.1f  # +- %.1f, fits %g-%g K (glass) and %g-%g K (liquid)%s\n", k ? "tg_area_K" : "tg_energy_K", (double)f->tg, (double)f->tgErr, (double)cfg->prep.tgGlass[0], (double)cfg->prep.tgGlass[1], (double)cfg->prep.tgLiquid[0], (double)cfg->prep.tgLiquid[1], why));
  }
  PetscCall(PetscPrintf(comm, "relax: {P_MPa: %.2f, P_err: %.2f, T_K: %.2f, T_err: %.2f, area_per_atom: %.4f}\n", (double)res->relaxP[0], (double)res->relaxP[1], (double)res->relaxT[0], (double)res->relaxT[1], (double)res->areaPerAtom));
  PetscCall(PetscPrintf(comm, "structure: {psi6_mean: %.4f, psi6_above_0.7: %.4f, psi6_above_0.9: %.4f, unlike_fraction: %.4f, crystallised: %s}\n", (double)st->psi6Mean, (double)st->frac07, (double)st->frac09, (double)st->unlikeFrac, st->crystallised ? "yes" : "no"));
  if (cfg->prepCurve[0] && !sys.dom.rank) {
    FILE *fp = fopen(cfg->prepCurve, "w");
    PetscCheck(fp, PETSC_COMM_SELF, RS_ERR_FILE, "cannot write '%s'", cfg->prepCurve);
    fprintf(fp, "T_K,pe_eV_per_atom,area_A2_per_atom,P_MPa\n");
    for (PetscInt b = 0; b < res->nblock; b++) fprintf(fp, "%.6f,%.10f,%.8f,%.4f\n", (double)res->curve[4 * b], (double)res->curve[4 * b + 1], (double)res->curve[4 * b + 2], (double)res->curve[4 * b + 3]);
    PetscCheck(fclose(fp) == 0, PETSC_COMM_SELF, RS_ERR_FILE, "writing '%s' failed", cfg->prepCurve);
  }
  {
    char title[256];
    PetscCall(PetscSNPrintf(title, sizeof title, "LAMMPS data file from rheosweep %s (%s) prepare, seed %" PetscInt_FMT ", potential %s", RS_VERSION, RsVersionGitHash(), cfg->prep.seed, pot.name));
    PetscCall(RsDataWrite(cfg->io.out, &sys, title));
  }
  if (cfg->prepH5[0]) {
    const PetscReal tg[8]    = {res->tgEnergy.tg, res->tgEnergy.tgErr, cfg->prep.tgGlass[0], cfg->prep.tgGlass[1], res->tgArea.tg, res->tgArea.tgErr, cfg->prep.tgLiquid[0], cfg->prep.tgLiquid[1]};
    const PetscReal relax[5] = {res->relaxP[0], res->relaxP[1], res->relaxT[0], res->relaxT[1], res->areaPerAtom};
    const PetscReal chk[5]   = {st->psi6Mean, st->frac07, st->frac09, st->unlikeFrac, st->crystallised ? 1.0 : 0.0};
    const RsH5Table obs[4]   = {{"quench_curve", res->nblock, 4, res->curve, "T (K), pe (eV/atom), area (A^2/atom), P (MPa); block averages of the NPT quench"},
                                {"tg", 2, 4, tg, "row 0: Tg from energy, its standard error (K), glass fit range (K); row 1: Tg from area, its standard error, liquid fit range (K)"},
                                {"relax", 1, 5, relax, "mean P (MPa), its standard error, mean T (K), its standard error, area per atom (A^2) of the final NPT relaxation"},
                                {"structure", 1, 5, chk, "mean |psi6|, fraction > 0.7, fraction > 0.9, unlike-neighbour fraction, crystallised (1/0)"}};
    PetscCall(RsH5MDWrite(&sys, cfg->prepH5, 0, 0.0, obs, 4, key));
  }
  if (st->crystallised) RsExitCode = RS_EXIT_FAILED_TASKS;
  PetscCall(PetscFree2(key, old));
  PetscCall(RsPrepareResultRelease(res));
  PetscCall(PetscFree(res));
  PetscCall(RsSystemRelease(&sys));
  PetscFunctionReturn(PETSC_SUCCESS);
}
