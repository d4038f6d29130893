/* rs_config.c: options database -> RsConfig.

   Every option has one home: a PetscOptionsBegin block with the module's prefix (model_, neigh_,
   eval_ and the unprefixed -in/-out), its default and a help text that ends with the unit, so
   `rheosweep -help` documents all of them. YAML files map nested keys to prefixed options
   (model: {thickness: 1} -> -model_thickness 1). rheosweep inserts the YAML files itself and then
   re-applies the command line, so a flag given on the command line always wins, and a broken
   or missing YAML file gets our one-line error. After all modules have queried their options,
   any option left unqueried is an error naming it and where it came from. */
#include "rs_config.h"
#include "rs_stop.h"
#include <petsctao.h>
#include <math.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* A token is an option value (not a new option) when it does not start with '-' or is a number. */
static PetscBool IsValue(const char *t)
{
  char *end;
  if (t[0] != '-') return PETSC_TRUE;
  (void)strtod(t, &end);
  return (end != t && *end == 0) ? PETSC_TRUE : PETSC_FALSE;
}

PetscErrorCode RsOptionsInsertFileYAML(MPI_Comm comm, PetscOptions opts, const char *file, const char *what)
{
  PetscErrorCode ierr;
  PetscFunctionBegin;
  PetscCheck(access(file, R_OK) == 0, comm, RS_ERR_FILE, "cannot read %s '%s'", what, file);
  /* PETSc's YAML errors do not name the file: silence them and raise our own */
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = PetscOptionsInsertFileYAML(comm, opts, file, PETSC_TRUE);
  PetscCall(PetscPopErrorHandler());
  PetscCheck(!ierr, comm, RS_ERR_INPUT, "%s '%s' is not valid YAML (a mapping of keys to values, lists or mappings)", what, file);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsOptionsInsert(MPI_Comm comm, int argc, char **argv)
{
  PetscFunctionBegin;
  for (int i = 0; i < argc; i++)
    if (!strcmp(argv[i], "-options_file_yaml")) {
      PetscCheck(i + 1 < argc, comm, RS_ERR_INPUT, "-options_file_yaml needs a file name");
      PetscCall(RsOptionsInsertFileYAML(comm, NULL, argv[i + 1], "options file"));
      i++;
    }
  for (int i = 0; i < argc; i++) {
    if (argv[i][0] != '-' || IsValue(argv[i])) {
      PetscCheck(i > 0 && argv[i - 1][0] == '-' && !IsValue(argv[i - 1]), comm, RS_ERR_INPUT, "unexpected argument '%s' (options are -name value)", argv[i]);
      continue;
    }
    const char *val = i + 1 < argc && IsValue(argv[i + 1]) ? argv[i + 1] : NULL;
    if (!strcmp(argv[i], "-options_file_yaml")) continue;
    PetscCall(PetscOptionsSetValue(NULL, argv[i], val));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsConfigResolvePath(const char *path, char *out, size_t len)
{
  PetscFunctionBegin;
  if (path[0] == '/' || access(path, F_OK) == 0) PetscCall(PetscStrncpy(out, path, len));
  else {
    char alt[RS_PATH_MAX];
    PetscCall(PetscSNPrintf(alt, sizeof alt, "%s/%s", RS_SOURCE_DIR, path));
    PetscCall(PetscStrncpy(out, access(alt, F_OK) == 0 ? alt : path, len));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode ModelSetFromOptions(MPI_Comm comm, RsModelConfig *m)
{
  PetscFunctionBegin;
  PetscCall(PetscStrncpy(m->potential, "configs/potentials/p2.yaml", sizeof m->potential));
  m->thickness = 1.0;
  PetscOptionsBegin(comm, "model_", "Model: potential and stress convention", NULL);
  PetscCall(PetscOptionsString("-potential", "pair potential file (YAML; relative paths also searched in the source tree)", NULL, m->potential, m->potential, sizeof m->potential, NULL));
  PetscCall(PetscOptionsReal("-thickness", "film thickness h dividing the 2D stress; 1 = LAMMPS area convention [A]", NULL, m->thickness, &m->thickness, NULL));
  PetscOptionsEnd();
  PetscCheck(m->thickness > 0 && PetscIsNormalReal(m->thickness), comm, RS_ERR_INPUT, "-model_thickness must be positive, got %g", (double)m->thickness);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode NeighSetFromOptions(MPI_Comm comm, RsNeighConfig *n)
{
  PetscFunctionBegin;
  n->skin = 0.6;
  PetscOptionsBegin(comm, "neigh_", "Neighbour lists", NULL);
  PetscCall(PetscOptionsReal("-skin", "Verlet skin added to every pair cutoff [A]", NULL, n->skin, &n->skin, NULL));
  PetscOptionsEnd();
  PetscCheck(n->skin >= 0 && n->skin < 100 && !isnan(n->skin), comm, RS_ERR_INPUT, "-neigh_skin must be in [0, 100) A, got %g", (double)n->skin);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode IOSetFromOptions(MPI_Comm comm, RsIOConfig *io)
{
  PetscFunctionBegin;
  io->in[0] = io->out[0] = io->forces[0] = 0;
  io->repeat = 0;
  PetscOptionsBegin(comm, NULL, "Input and output", NULL);
  PetscCall(PetscOptionsString("-in", "input configuration: LAMMPS data file (2D, atom_style atomic)", NULL, io->in, io->in, sizeof io->in, NULL));
  PetscCall(PetscOptionsString("-out", "output file or prefix (export-lammps: <out>.data, <out>.in)", NULL, io->out, io->out, sizeof io->out, NULL));
  PetscOptionsEnd();
  {
    const char *const fmts[] = {"lammps-dump", "xyz", NULL};
    PetscInt          fmt    = 0;
    PetscCall(PetscStrncpy(io->exportFrames, "all", sizeof io->exportFrames));
    PetscOptionsBegin(comm, "export_", "export: particle frames for OVITO", NULL);
    PetscCall(PetscOptionsEList("-format", "lammps-dump (triclinic, image flags) or xyz (extended XYZ)", NULL, fmts, 2, fmts[0], &fmt, NULL));
    PetscCall(PetscOptionsString("-frames", "comma-separated task names under /particles, or all", NULL, io->exportFrames, io->exportFrames, sizeof io->exportFrames, NULL));
    PetscOptionsEnd();
    io->exportFormat = fmt;
  }
  PetscOptionsBegin(comm, "eval_", "eval: energy, forces and stress of a configuration", NULL);
  PetscCall(PetscOptionsString("-forces", "write per-atom forces and energies to this file (id type fx fy e) [eV/A, eV]", NULL, io->forces, io->forces, sizeof io->forces, NULL));
  PetscCall(PetscOptionsInt("-repeat", "repeat the force evaluation N times and report throughput (benchmark) [count]", NULL, io->repeat, &io->repeat, NULL));
  PetscOptionsEnd();
  PetscCheck(io->repeat >= 0, comm, RS_ERR_INPUT, "-eval_repeat must be >= 0, got %" PetscInt_FMT, io->repeat);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode MDSetFromOptions(MPI_Comm comm, RsMDConfig *md, RsIOConfig *io)
{
  PetscBool set;
  PetscInt  e = RS_ENSEMBLE_NVT, d = RS_DEFORM_NONE;
  PetscFunctionBegin;
  md->dt           = 0.002;
  md->steps        = 0;
  md->tstart       = 315.0;
  md->tdamp        = 0.2;
  md->tchain       = 3;
  md->rate         = 1e10;
  md->strain       = 0.5;
  md->velocityT    = -1;
  md->seed         = 1;
  md->thermoEvery  = 1000;
  md->recordStrain = 1e-4;
  io->record[0]    = 0;
  PetscOptionsBegin(comm, "md_", "Molecular dynamics (LAMMPS metal units)", NULL);
  PetscInt cp = RS_COUPLE_ISO;
  md->pressure = 0.0;
  md->pdamp    = 2.0;
  md->pchain   = 3;
  PetscCall(PetscOptionsEList("-ensemble", "nve; nvt (Nose-Hoover chain; SLLOD under deformation); npt (MTK barostat + Nose-Hoover)", NULL, RsEnsembles, 3, RsEnsembles[e], &e, NULL));
  PetscCall(PetscOptionsReal("-pressure", "NPT target pressure (same thickness convention as the reported stress) [MPa]", NULL, md->pressure, &md->pressure, NULL));
  PetscCall(PetscOptionsReal("-pdamp", "barostat damping time [ps]", NULL, md->pdamp, &md->pdamp, NULL));
  PetscCall(PetscOptionsEList("-couple", "NPT box: iso (x, y together), aniso (separately), tri (also the tilt, to zero shear stress)", NULL, RsCouples, 3, RsCouples[cp], &cp, NULL));
  PetscCall(PetscOptionsInt("-pchain", "barostat Nose-Hoover chain length [count]", NULL, md->pchain, &md->pchain, NULL));
  md->couple = (RsCouple)cp;
  PetscCall(PetscOptionsReal("-dt", "timestep [ps]", NULL, md->dt, &md->dt, NULL));
  PetscCall(PetscOptionsInt("-steps", "steps to run; 0 = until -md_strain under deformation [count]", NULL, md->steps, &md->steps, NULL));
  PetscCall(PetscOptionsReal("-temperature", "thermostat target at the start of the run [K]", NULL, md->tstart, &md->tstart, NULL));
  md->tstop = md->tstart;
  PetscCall(PetscOptionsReal("-temperature_stop", "thermostat target at the end (linear ramp); default = -md_temperature [K]", NULL, md->tstop, &md->tstop, &set));
  PetscCall(PetscOptionsReal("-tdamp", "thermostat damping time [ps]", NULL, md->tdamp, &md->tdamp, NULL));
  PetscCall(PetscOptionsInt("-tchain", "Nose-Hoover chain length [count]", NULL, md->tchain, &md->tchain, NULL));
  PetscCall(PetscOptionsEList("-deform", "box deformation: none, simple_shear (xy tilts, LAMMPS fix deform xy erate + remap v), pure_shear (x stretches, y shrinks, constant area)", NULL, RsDeforms, 3, RsDeforms[d], &d, NULL));
  PetscCall(PetscOptionsReal("-rate", "engineering strain rate of the deformation [1/s]", NULL, md->rate, &md->rate, NULL));
  PetscCall(PetscOptionsReal("-strain", "strain at which a deformation run ends (with -md_steps 0) [-]", NULL, md->strain, &md->strain, NULL));
  PetscCall(PetscOptionsReal("-velocity_temperature", "draw Maxwell-Boltzmann velocities at this temperature first; < 0 keeps the file's [K]", NULL, md->velocityT, &md->velocityT, NULL));
  md->streamProfile = PETSC_TRUE;
  PetscCall(PetscOptionsBool("-stream_profile", "under deformation, add the linear streaming profile to the start velocities (which are taken as thermal) [bool]", NULL, md->streamProfile, &md->streamProfile, NULL));
  PetscCall(PetscOptionsInt("-seed", "random seed (velocities) [integer]", NULL, md->seed, &md->seed, NULL));
  PetscCall(PetscOptionsInt("-thermo", "steps between thermo lines; 0 = first and last only [count]", NULL, md->thermoEvery, &md->thermoEvery, NULL));
  PetscCall(PetscOptionsReal("-record_strain", "strain interval of the stress-strain record [-]", NULL, md->recordStrain, &md->recordStrain, NULL));
  md->stopStep = 0;
  PetscCall(PetscOptionsInt("-stop_step", "stop at this step (after writing a checkpoint), exit code 3; 0 = run to the end [count]", NULL, md->stopStep, &md->stopStep, NULL));
  PetscCall(PetscOptionsString("-record", "write the stress-strain record to this CSV file", NULL, io->record, io->record, sizeof io->record, NULL));
  md->isStrain = 0;
  md->isDir[0] = 0;
  PetscCall(PetscOptionsReal("-is_strain", "under deformation, minimise a copy of the state every this much strain and store it as <md_is_dir>/is_<k>.h5 (NaDM input); the run itself is untouched; 0 = none [-]", NULL, md->isStrain, &md->isStrain, NULL));
  PetscCall(PetscOptionsString("-is_dir", "directory (must exist) of the minimised snapshots", NULL, md->isDir, md->isDir, sizeof md->isDir, NULL));
  io->h5[0] = 0;
  PetscCall(PetscOptionsString("-h5", "write the task file: final state (H5MD) and stress-strain record (HDF5)", NULL, io->h5, io->h5, sizeof io->h5, NULL));
  PetscOptionsEnd();
  md->ckptFile[0] = 0;
  md->ckptEvery   = 0;
  md->ckptResume  = PETSC_TRUE;
  PetscOptionsBegin(comm, "ckpt_", "Checkpoints (HDF5; <file>.prev keeps the previous generation)", NULL);
  PetscCall(PetscOptionsString("-file", "checkpoint file; empty = no checkpoints", NULL, md->ckptFile, md->ckptFile, sizeof md->ckptFile, NULL));
  PetscCall(PetscOptionsInt("-every", "steps between checkpoints; 0 = none [count]", NULL, md->ckptEvery, &md->ckptEvery, NULL));
  PetscCall(PetscOptionsBool("-resume", "continue from -ckpt_file when it exists [bool]", NULL, md->ckptResume, &md->ckptResume, NULL));
  PetscOptionsEnd();
  PetscCheck(md->ckptEvery >= 0, comm, RS_ERR_INPUT, "-ckpt_every must be >= 0");
  md->ensemble = (RsEnsemble)e;
  md->deform   = (RsDeform)d;
  PetscCheck(md->dt > 0 && md->dt < 0.1, comm, RS_ERR_INPUT, "-md_dt must be in (0, 0.1) ps, got %g", (double)md->dt);
  PetscCheck(md->steps >= 0, comm, RS_ERR_INPUT, "-md_steps must be >= 0");
  PetscCheck(md->tstart >= 0 && md->tstop >= 0, comm, RS_ERR_INPUT, "-md_temperature and -md_temperature_stop must be >= 0 K");
  PetscCheck(md->pdamp > 0, comm, RS_ERR_INPUT, "-md_pdamp must be positive, got %g", (double)md->pdamp);
  PetscCheck(md->pchain >= 1 && md->pchain <= RS_MAX_CHAIN, comm, RS_ERR_INPUT, "-md_pchain must be in 1..%d", RS_MAX_CHAIN);
  PetscCheck(isfinite(md->pressure), comm, RS_ERR_INPUT, "-md_pressure must be finite");
  PetscCheck(md->tdamp > 0, comm, RS_ERR_INPUT, "-md_tdamp must be positive, got %g", (double)md->tdamp);
  PetscCheck(md->tchain >= 1 && md->tchain <= RS_MAX_CHAIN, comm, RS_ERR_INPUT, "-md_tchain must be in 1..%d", RS_MAX_CHAIN);
  PetscCheck(md->rate >= 0 && PetscIsNormalReal(md->rate + 1), comm, RS_ERR_INPUT, "-md_rate must be >= 0 1/s, got %g", (double)md->rate);
  PetscCheck(md->strain > 0, comm, RS_ERR_INPUT, "-md_strain must be positive");
  PetscCheck(md->recordStrain > 0, comm, RS_ERR_INPUT, "-md_record_strain must be positive");
  PetscCheck(md->thermoEvery >= 0, comm, RS_ERR_INPUT, "-md_thermo must be >= 0");
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode PrepareSetFromOptions(MPI_Comm comm, RsPrepareConfig *p, char *curve, char *h5, size_t len)
{
  PetscInt n = 2;
  PetscFunctionBegin;
  *p = (RsPrepareConfig){.atoms = 5000, .area = 8.8, .fraction = 0.5, .minDist = 0.8, .seed = 1, .meltT = 1000, .meltTime = 100, .coolT = 640, .coolRate = 2, .holdTime = 100, .quenchRate = 1, .quenchStop = 50, .block = 5, .relaxT = 315, .heatRate = 10, .relaxTime = 100, .tgGlass = {60, 335}, .tgLiquid = {500, 625}};
  curve[0] = h5[0] = 0;
  PetscOptionsBegin(comm, "prep_", "Glass preparation (rheosweep prepare; CALIBRATION.md protocol)", NULL);
  PetscCall(PetscOptionsInt("-atoms", "number of atoms [count]", NULL, p->atoms, &p->atoms, NULL));
  PetscCall(PetscOptionsReal("-area", "area per atom of the random insertion and the fixed-area melt [A^2]", NULL, p->area, &p->area, NULL));
  PetscCall(PetscOptionsReal("-fraction", "fraction of the first species (Cu) [-]", NULL, p->fraction, &p->fraction, NULL));
  PetscCall(PetscOptionsReal("-min_distance", "insertion minimum distance in units of sigma_ab [-]", NULL, p->minDist, &p->minDist, NULL));
  PetscCall(PetscOptionsInt("-seed", "sample seed (insertion and velocities) [integer]", NULL, p->seed, &p->seed, NULL));
  PetscCall(PetscOptionsReal("-melt_temperature", "liquid equilibration temperature, fixed area [K]", NULL, p->meltT, &p->meltT, NULL));
  PetscCall(PetscOptionsReal("-melt_time", "liquid equilibration time [ps]", NULL, p->meltTime, &p->meltTime, NULL));
  PetscCall(PetscOptionsReal("-cool_temperature", "end of the fixed-area cooling, start of P = 0 (about 1.5 Tg) [K]", NULL, p->coolT, &p->coolT, NULL));
  PetscCall(PetscOptionsReal("-cool_rate", "fixed-area cooling rate [K/ps]", NULL, p->coolRate, &p->coolRate, NULL));
  PetscCall(PetscOptionsReal("-hold_time", "NPT (P = 0) hold at -prep_cool_temperature [ps]", NULL, p->holdTime, &p->holdTime, NULL));
  PetscCall(PetscOptionsReal("-quench_rate", "NPT (P = 0) quench rate; the paper used 0.005 [K/ps]", NULL, p->quenchRate, &p->quenchRate, NULL));
  PetscCall(PetscOptionsReal("-quench_stop", "temperature where the quench ends [K]", NULL, p->quenchStop, &p->quenchStop, NULL));
  PetscCall(PetscOptionsReal("-block", "temperature block of the recorded quench curve [K]", NULL, p->block, &p->block, NULL));
  PetscCall(PetscOptionsReal("-relax_temperature", "final NPT relaxation temperature, 0.75 Tg of the paper [K]", NULL, p->relaxT, &p->relaxT, NULL));
  PetscCall(PetscOptionsReal("-heat_rate", "heating rate from the quench end to the relaxation temperature [K/ps]", NULL, p->heatRate, &p->heatRate, NULL));
  PetscCall(PetscOptionsReal("-relax_time", "NPT relaxation time with a flexible cell [ps]", NULL, p->relaxTime, &p->relaxTime, NULL));
  PetscCall(PetscOptionsRealArray("-tg_glass", "glass-branch fit range of the Tg fits [K,K]", NULL, p->tgGlass, &n, NULL));
  n = 2;
  PetscCall(PetscOptionsRealArray("-tg_liquid", "liquid-branch fit range of the Tg fits [K,K]", NULL, p->tgLiquid, &n, NULL));
  PetscCall(PetscOptionsString("-curve", "write the quench curve (T, pe/atom, area/atom, P) to this CSV file", NULL, curve, curve, len, NULL));
  PetscCall(PetscOptionsString("-h5", "write the sample file: final state (H5MD), quench curve, Tg, relaxation and structure checks", NULL, h5, h5, len, NULL));
  PetscOptionsEnd();
  PetscCheck(p->atoms >= 2, comm, RS_ERR_INPUT, "-prep_atoms must be at least 2");
  PetscCheck(p->area > 0 && p->fraction >= 0 && p->fraction <= 1 && p->minDist >= 0, comm, RS_ERR_INPUT, "-prep_area must be positive, -prep_fraction in [0, 1], -prep_min_distance >= 0");
  PetscCheck(p->meltT > p->coolT && p->coolT > p->quenchStop && p->quenchStop >= 0, comm, RS_ERR_INPUT, "temperatures must satisfy -prep_melt_temperature > -prep_cool_temperature > -prep_quench_stop >= 0");
  PetscCheck(p->coolRate > 0 && p->quenchRate > 0 && p->heatRate > 0 && p->block > 0, comm, RS_ERR_INPUT, "-prep_cool_rate, -prep_quench_rate, -prep_heat_rate and -prep_block must be positive");
  PetscCheck(p->meltTime >= 0 && p->holdTime >= 0 && p->relaxTime > 0, comm, RS_ERR_INPUT, "-prep_melt_time and -prep_hold_time must be >= 0, -prep_relax_time > 0");
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode MinSetFromOptions(MPI_Comm comm, RsMinConfig *m)
{
  Tao       tao;
  PetscEnum type;
  PetscFunctionBegin;
  RsMinConfigDefault(m);
  type = (PetscEnum)m->type;
  PetscOptionsBegin(comm, "min_", "Minimisation (TAO's own options take the prefix -min_tao_)", NULL);
  PetscCall(PetscOptionsEnum("-type", "minimiser: lbfgs, cg (Polak-Ribiere+), sd (steepest descent), fire (FIRE 2.0), tao (PETSc TAO, -min_tao_type)", NULL, RsMinTypes, type, &type, NULL));
  PetscCall(PetscOptionsReal("-fmax", "stop when the largest atomic force is below [eV/A]", NULL, m->fmaxTol, &m->fmaxTol, NULL));
  PetscCall(PetscOptionsReal("-etol", "stop when |dE| of an iteration is below etol |E| (0 = off) [-]", NULL, m->etol, &m->etol, NULL));
  PetscCall(PetscOptionsInt("-max_iterations", "iteration cap [count]", NULL, m->maxIter, &m->maxIter, NULL));
  PetscCall(PetscOptionsInt("-max_evaluations", "force-evaluation cap [count]", NULL, m->maxEvals, &m->maxEvals, NULL));
  PetscCall(PetscOptionsReal("-dmax", "largest displacement of one atom in one step [A]", NULL, m->dmax, &m->dmax, NULL));
  PetscCall(PetscOptionsInt("-memory", "L-BFGS history pairs [count]", NULL, m->memory, &m->memory, NULL));
  PetscCall(PetscOptionsReal("-fire_dt", "FIRE start time step with unit fictitious masses (x += dt v, v += dt F; docs/ABC.md) [A/sqrt(eV)]", NULL, m->fireDt, &m->fireDt, NULL));
  PetscCall(PetscOptionsReal("-fire_dtmax", "FIRE largest time step [A/sqrt(eV)]", NULL, m->fireDtMax, &m->fireDtMax, NULL));
  PetscOptionsEnd();
  m->type = (RsMinType)type;
  PetscCheck(m->fmaxTol > 0 && m->maxIter > 0 && m->maxEvals > 0, comm, RS_ERR_INPUT, "-min_fmax, -min_max_iterations and -min_max_evaluations must be positive");
  PetscCheck(m->etol >= 0 && m->etol < 1, comm, RS_ERR_INPUT, "-min_etol must be in [0, 1), got %g", (double)m->etol);
  PetscCheck(m->dmax > 0 && m->memory > 0 && m->memory <= 1000, comm, RS_ERR_INPUT, "-min_dmax must be positive and -min_memory in 1..1000");
  PetscCheck(m->fireDt > 0 && m->fireDtMax >= m->fireDt, comm, RS_ERR_INPUT, "-min_fire_dt must be positive and <= -min_fire_dtmax");
  /* let TAO read (and -help list) its -min_tao_* options now, so they count as used */
  PetscCall(TaoCreate(comm, &tao));
  PetscCall(TaoSetType(tao, TAOLMVM));
  PetscCall(TaoSetOptionsPrefix(tao, "min_"));
  { /* a bad TAO option value must not leak the solver (found by the config fuzzer) */
    const PetscErrorCode bad = TaoSetFromOptions(tao);
    PetscCall(TaoDestroy(&tao));
    PetscCall(bad);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode QSSetFromOptions(MPI_Comm comm, RsQSConfig *q)
{
  PetscEnum m;
  PetscFunctionBegin;
  *q = (RsQSConfig){.method = RS_QS_AQS, .dgamma = 1e-4, .strain = 0.5, .progressEvery = 100, .predict = PETSC_TRUE, .predictMax = 0.05};
  m  = (PetscEnum)q->method;
  PetscOptionsBegin(comm, "qs_", "Quasistatic shear (quasistatic command): AQS or ABC metadynamics", NULL);
  PetscCall(PetscOptionsEnum("-method", "aqs (strain increment + minimisation) or abc (ABC sampling, Metropolis choice, increment, minimisation)", NULL, RsQSMethods, m, &m, NULL));
  PetscCall(PetscOptionsReal("-dgamma", "shear strain increment per step [-]", NULL, q->dgamma, &q->dgamma, NULL));
  PetscCall(PetscOptionsReal("-strain", "target shear strain [-]", NULL, q->strain, &q->strain, NULL));
  PetscCall(PetscOptionsInt("-progress", "strain steps between progress lines [count]", NULL, q->progressEvery, &q->progressEvery, NULL));
  PetscCall(PetscOptionsString("-record", "stress-strain record of the inherent structures (CSV); empty = none", NULL, q->record, q->record, sizeof q->record, NULL));
  PetscCall(PetscOptionsString("-h5", "task file: final state (H5MD), record, ABC step statistics; empty = none", NULL, q->h5, q->h5, sizeof q->h5, NULL));
  PetscCall(PetscOptionsString("-is_dir", "directory (must exist) for stored inherent structures is_<step>.h5 (H5MD; NaDM input); empty = none", NULL, q->isDir, q->isDir, sizeof q->isDir, NULL));
  PetscCall(PetscOptionsInt("-is_every", "store every k-th inherent structure, step 0 included (0 = none) [count]", NULL, q->isEvery, &q->isEvery, NULL));
  PetscCall(PetscOptionsBool("-predict", "start each minimisation from the affine increment plus the previous step's non-affine displacement", NULL, q->predict, &q->predict, NULL));
  PetscCall(PetscOptionsReal("-predict_max", "no prediction after a step whose non-affine displacement moved an atom farther than this (a plastic event) [A]", NULL, q->predictMax, &q->predictMax, NULL));
  PetscOptionsEnd();
  q->method = (RsQSMethod)m;
  PetscCheck(q->dgamma > 0 && q->dgamma < 0.1 && q->strain > 0 && q->progressEvery >= 0 && q->isEvery >= 0, comm, RS_ERR_INPUT, "-qs_dgamma must be in (0, 0.1), -qs_strain positive, -qs_progress and -qs_is_every >= 0");
  PetscCheck(q->predictMax > 0, comm, RS_ERR_INPUT, "-qs_predict_max must be positive (A), got %g", (double)q->predictMax);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode ABCSetFromOptions(MPI_Comm comm, RsABCConfig *a)
{
  PetscEnum form, rule, site;
  PetscFunctionBegin;
  RsABCConfigDefault(a);
  form = (PetscEnum)a->form;
  rule = (PetscEnum)a->rule;
  site = (PetscEnum)a->site;
  PetscOptionsBegin(comm, "abc_", "ABC metadynamics (autonomous basin climbing) for -qs_method abc", NULL);
  PetscCall(PetscOptionsReal("-q0", "escape barrier that ends a strain step's sampling [eV]", NULL, a->q0, &a->q0, NULL));
  PetscCall(PetscOptionsReal("-w", "penalty height W [eV]", NULL, a->w, &a->w, NULL));
  PetscCall(PetscOptionsReal("-sigma", "penalty width in the 2N norm; 0 = from W/sigma^2 = c lambda_min [A]", NULL, a->sigma, &a->sigma, NULL));
  PetscCall(PetscOptionsReal("-c", "width rule constant c in W/sigma^2 = c lambda_min [-]", NULL, a->c, &a->c, NULL));
  PetscCall(PetscOptionsEnum("-form", "penalty form: gaussian (force-shifted, zero at 3 sigma) or quartic (compact, zero at sigma)", NULL, RsPenaltyForms, form, &form, NULL));
  PetscCall(PetscOptionsReal("-kick", "2N norm of the random, COM-free displacement after each penalty (its energy must stay << W) [A]", NULL, a->kick, &a->kick, NULL));
  PetscCall(PetscOptionsInt("-max_penalties", "penalties per strain step (capped steps are logged) [count]", NULL, a->maxPenalties, &a->maxPenalties, NULL));
  PetscCall(PetscOptionsReal("-fmax_biased", "force tolerance of biased relaxations [eV/A]", NULL, a->fmaxBiased, &a->fmaxBiased, NULL));
  PetscCall(PetscOptionsInt("-max_biased_iterations", "iteration cap of one biased relaxation [count]", NULL, a->maxBiasedIter, &a->maxBiasedIter, NULL));
  PetscCall(PetscOptionsReal("-dmax_biased", "largest displacement of one atom per biased step [A]", NULL, a->dmaxBiased, &a->dmaxBiased, NULL));
  PetscCall(PetscOptionsInt("-memory", "L-BFGS history pairs of the biased relaxations (20 instead of 10 at 5000 atoms, held width: 87.7 against 88.2 evaluations per relaxation, 15 percent more time per evaluation) [count]", NULL, a->memory, &a->memory, NULL));
  PetscCall(PetscOptionsReal("-fmax", "force tolerance of the unbiased polish of new minima [eV/A]", NULL, a->fmax, &a->fmax, NULL));
  PetscCall(PetscOptionsReal("-dnew", "a minimum is new if farther than this from every stored one (COM-free 2N norm) [A]", NULL, a->dnew, &a->dnew, NULL));
  PetscCall(PetscOptionsReal("-candidate", "polish a biased end point without penalties when its penalty energy is below this fraction of W [-]", NULL, a->candidate, &a->candidate, NULL));
  PetscCall(PetscOptionsReal("-temperature", "Metropolis temperature [K]", NULL, a->temperature, &a->temperature, NULL));
  PetscCall(PetscOptionsEnum("-metropolis", "sequential (along the ABC path, PHYSICS.md 5.3) or random (10 K uniform trials)", NULL, RsMetropolisRules, rule, &rule, NULL));
  PetscCall(PetscOptionsInt("-seed", "random seed of kicks and Metropolis choices [-]", NULL, a->seed, &a->seed, NULL));
  PetscCall(PetscOptionsReal("-region_radius", "regional ABC: penalise only the atoms within this distance of the atom of highest shear stress (chosen each strain step; 25 A holds ~235 atoms); 0 = full space (misses events at 5000 atoms, docs/ABC.md) [A]", NULL, a->regionRadius, &a->regionRadius, NULL));
  PetscCall(PetscOptionsBool("-region_relaxed", "regional width rule from lambda_min of the region's Hessian with every other atom relaxed (Schur complement) instead of held (the block, default): 2.44 instead of 1.48 A at 5000 atoms, ~60x cheaper per step, but it steps over escapes below Q0 that the held width finds (docs/ABC.md)", NULL, a->regionRelaxed, &a->regionRelaxed, NULL));
  PetscCall(PetscOptionsEnum("-site", "regional site: stress (atom of highest shear stress) or nonaffine (atom of largest non-affine displacement in the last strain increment; the first step uses stress)", NULL, RsABCSites, site, &site, NULL));
  PetscCall(PetscOptionsInt("-width_sites", "regional width rule: the median of lambda_min over M regions centred on a regular grid of the box, a width of the state (default 16); 1 = the region around the first site (the atom of highest stress), whose sigma scatters by ~15 percent between samples and made the flow stress scatter with it (docs/ABC.md) [count]", NULL, a->widthSites, &a->widthSites, NULL));
  PetscCall(PetscOptionsInt("-regions", "regional ABC: disjoint regions sampled one after the other in each strain step, sites ranked by the -abc_site score and at least 2 x -abc_region_radius apart; each climbs to Q0 and makes its own Metropolis choice (the sampled fraction of a large sample grows with it; docs/ABC.md) [count]", NULL, a->regions, &a->regions, NULL));
  PetscCall(PetscOptionsInt("-lanczos_iterations", "Lanczos iterations for lambda_min [count]", NULL, a->lanczosIter, &a->lanczosIter, NULL));
  PetscCall(PetscOptionsBool("-reuse_curvature", "biased relaxations of a strain step start from the L-BFGS pairs of the previous one (measured: more evaluations per relaxation, 57-67 against 46-47 at 5000 atoms, docs/ABC.md; off = each starts fresh)", NULL, a->reuseCurvature, &a->reuseCurvature, NULL));
  PetscCall(PetscOptionsInt("-progress", "penalties between progress lines inside a long strain step (output only, not in the task key); 0 = none [count]", NULL, a->progress, &a->progress, NULL));
  PetscCall(PetscOptionsInt("-neb_images", "refine the saddle of every hop between consecutive minima by a climbing-image NEB with this many images (barriers then from NEB saddles); 0 = the walker's upper bound [count]", NULL, a->nebImages, &a->nebImages, NULL));
  PetscCall(PetscOptionsInt("-neb_max_iterations", "iteration cap of each hop's NEB; an unconverged NEB leaves the walker's level as the hop's saddle and is logged (a 32 A hop of a 300-atom glass needed more than 5000) [count]", NULL, a->nebMaxIter, &a->nebMaxIter, NULL));
  PetscOptionsEnd();
  a->form = (RsPenaltyForm)form;
  a->rule = (RsMetropolisRule)rule;
  a->site = (RsABCSite)site;
  PetscCheck(a->q0 > 0 && a->w > 0 && a->sigma >= 0 && a->c > 0 && a->regionRadius >= 0, comm, RS_ERR_INPUT, "-abc_q0, -abc_w and -abc_c must be positive, -abc_sigma and -abc_region_radius >= 0");
  PetscCheck(a->regions >= 1 && a->regions <= RS_ABC_MAX_REGIONS, comm, RS_ERR_INPUT, "-abc_regions %d is out of range 1..%d", (int)a->regions, RS_ABC_MAX_REGIONS);
  PetscCheck(a->widthSites >= 1 && a->widthSites <= 1024, comm, RS_ERR_INPUT, "-abc_width_sites %d is out of range 1..1024", (int)a->widthSites);
  PetscCheck(a->regions == 1 || a->regionRadius > 0, comm, RS_ERR_INPUT, "-abc_regions %d needs regional ABC (-abc_region_radius > 0)", (int)a->regions);
  PetscCheck(a->w <= a->q0, comm, RS_ERR_INPUT, "-abc_w %g eV is larger than -abc_q0 %g eV: the barrier resolution is about W (keep W <= Q0 / 6)", (double)a->w, (double)a->q0);
  PetscCheck(a->kick >= 0 && a->maxPenalties > 0 && a->fmaxBiased > 0 && a->maxBiasedIter > 0 && a->dmaxBiased > 0 && a->memory > 0 && a->memory <= 1000 && a->fmax > 0 && a->dnew > 0 && a->candidate > 0 && a->temperature > 0 && a->lanczosIter > 1 && a->nebImages >= 0 && a->nebMaxIter > 0 && a->progress >= 0, comm, RS_ERR_INPUT, "ABC settings out of range: -abc_kick, -abc_progress >= 0; -abc_max_penalties, -abc_fmax_biased, -abc_max_biased_iterations, -abc_dmax_biased, -abc_fmax, -abc_dnew, -abc_candidate, -abc_temperature positive; -abc_memory 1..1000; -abc_lanczos_iterations > 1; -abc_neb_max_iterations positive");
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode SweepSetFromOptions(MPI_Comm comm, RsSweepConfig *w)
{
  PetscBool set[6];
  PetscInt  n, ibuf[RS_SWEEP_MAXLIST + 1];
  PetscReal rbuf[RS_SWEEP_MAXLIST + 1];
  PetscReal range[3] = {0, 0, 0};
  PetscFunctionBegin;
  *w = (RsSweepConfig){.samples = 1, .temps = {315}, .ntemps = 1, .seeds = {1}, .nseeds = 1, .strain = 0.5, .ranksPerTask = 1, .retries = 2, .progress = 30, .mdCkptEvery = 10000, .qsCkptEvery = 1};
  PetscCall(PetscStrncpy(w->dir, "run/sweep", sizeof w->dir));
  PetscOptionsBegin(comm, "sweep_", "Sweep (rheosweep sweep): samples x temperatures x (MD rates + ABC Q0 values) x seeds, run by a master/worker farm", NULL);
  PetscCall(PetscOptionsString("-dir", "run directory (journal, samples/, tasks/); a new directory starts a new run", NULL, w->dir, w->dir, sizeof w->dir, NULL));
  PetscCall(PetscOptionsInt("-samples", "glass samples to prepare (seeds -prep_seed, -prep_seed + 1, ...) [count]", NULL, w->samples, &w->samples, NULL));
  n = RS_SWEEP_MAXLIST + 1; /* one more than fits: a longer list is an error, not a silent cut */
  PetscCall(PetscOptionsRealArray("-temperatures", "shear temperatures (MD thermostat and ABC Metropolis) [K]", NULL, rbuf, &n, &set[0]));
  PetscCheck(n <= RS_SWEEP_MAXLIST, comm, RS_ERR_INPUT, "-sweep_temperatures: more than %d values", RS_SWEEP_MAXLIST);
  if (set[0]) w->ntemps = n, PetscArraycpy(w->temps, rbuf, n);
  n = RS_SWEEP_MAXLIST + 1;
  PetscCall(PetscOptionsRealArray("-md_rates", "MD engineering shear rates [1/s]", NULL, rbuf, &n, &set[1]));
  PetscCheck(n <= RS_SWEEP_MAXLIST, comm, RS_ERR_INPUT, "-sweep_md_rates: more than %d values", RS_SWEEP_MAXLIST);
  w->nrates = set[1] ? n : 0;
  if (set[1]) PetscArraycpy(w->rates, rbuf, n);
  n = 3;
  PetscCall(PetscOptionsRealArray("-md_rate_range", "log-spaced MD rates: lowest,highest,count (added to -sweep_md_rates) [1/s, 1/s, count]", NULL, range, &n, &set[2]));
  PetscCheck(!set[2] || (n == 3 && range[0] > 0 && range[1] >= range[0] && range[2] >= 1 && range[2] <= RS_SWEEP_MAXLIST && range[2] == PetscFloorReal(range[2])), comm, RS_ERR_INPUT, "-sweep_md_rate_range needs lowest,highest,count with 0 < lowest <= highest and a count from 1 to %d", RS_SWEEP_MAXLIST);
  n = RS_SWEEP_MAXLIST + 1;
  PetscCall(PetscOptionsRealArray("-abc_q0", "ABC escape barriers Q0, one ABC task each (some should map into the MD window) [eV]", NULL, rbuf, &n, &set[3]));
  PetscCheck(n <= RS_SWEEP_MAXLIST, comm, RS_ERR_INPUT, "-sweep_abc_q0: more than %d values", RS_SWEEP_MAXLIST);
  w->nq0 = set[3] ? n : 0;
  if (set[3]) PetscArraycpy(w->q0, rbuf, n);
  n = RS_SWEEP_MAXLIST + 1;
  PetscCall(PetscOptionsIntArray("-seeds", "task seeds (MD velocities, ABC kicks and Metropolis) [integers]", NULL, ibuf, &n, &set[4]));
  PetscCheck(n <= RS_SWEEP_MAXLIST, comm, RS_ERR_INPUT, "-sweep_seeds: more than %d values", RS_SWEEP_MAXLIST);
  if (set[4]) w->nseeds = n, PetscArraycpy(w->seeds, ibuf, n);
  PetscCall(PetscOptionsReal("-strain", "target shear strain of every shear task [-]", NULL, w->strain, &w->strain, NULL));
  PetscCall(PetscOptionsInt("-ranks_per_task", "ranks of one worker group (domain decomposition of one task) [count]", NULL, w->ranksPerTask, &w->ranksPerTask, NULL));
  PetscCall(PetscOptionsInt("-retries", "reruns of a task whose process died (kill, crash) before it is marked failed [count]", NULL, w->retries, &w->retries, NULL));
  PetscCall(PetscOptionsReal("-progress", "seconds between progress summaries of the master [s]", NULL, w->progress, &w->progress, NULL));
  PetscCall(PetscOptionsInt("-md_checkpoint_every", "MD steps between task checkpoints [count]", NULL, w->mdCkptEvery, &w->mdCkptEvery, NULL));
  PetscCall(PetscOptionsInt("-qs_checkpoint_every", "ABC strain steps between task checkpoints [count]", NULL, w->qsCkptEvery, &w->qsCkptEvery, NULL));
  PetscCall(PetscOptionsString("-inject_failure", "testing: the task with this name fails scientifically", NULL, w->injectFailure, w->injectFailure, sizeof w->injectFailure, NULL));
  PetscCall(PetscOptionsString("-inject_crash", "testing: the task with this name aborts its process", NULL, w->injectCrash, w->injectCrash, sizeof w->injectCrash, NULL));
  PetscOptionsEnd();
  PetscOptionsBegin(comm, NULL, "Sweep", NULL);
  {
    char wt[64] = "";
    PetscCall(PetscOptionsString("-walltime", "wall-time limit [D-]HH:MM:SS: stop cleanly (checkpoints, exit code 3) -walltime_margin before it", NULL, wt, wt, sizeof wt, NULL));
    w->walltime = RsStopParseDuration(wt);
    PetscCheck(w->walltime >= 0, comm, RS_ERR_INPUT, "-walltime '%s' is not a duration ([D-]HH:MM:SS, MM:SS or minutes)", wt);
    w->walltimeMargin = 300;
    PetscCall(PetscOptionsReal("-walltime_margin", "stop this long before -walltime: more than the longest stretch between checkpoints [s]", NULL, w->walltimeMargin, &w->walltimeMargin, NULL));
    PetscCheck(w->walltimeMargin >= 0 && (w->walltime == 0 || w->walltime > w->walltimeMargin), comm, RS_ERR_INPUT, "-walltime_margin %g s must be >= 0 and shorter than -walltime", (double)w->walltimeMargin);
  }
  PetscCall(PetscOptionsBool("-dry_run", "sweep: print the task table with expected cost and disk use, run nothing [bool]", NULL, w->dryRun, &w->dryRun, NULL));
  PetscOptionsEnd();
  PetscCheck(!set[0] || w->ntemps > 0, comm, RS_ERR_INPUT, "-sweep_temperatures is empty");
  PetscCheck(!set[1] || w->nrates > 0, comm, RS_ERR_INPUT, "-sweep_md_rates is empty: give at least one rate or leave the key out");
  PetscCheck(!set[3] || w->nq0 > 0, comm, RS_ERR_INPUT, "-sweep_abc_q0 is empty: give at least one Q0 or leave the key out");
  PetscCheck(!set[4] || w->nseeds > 0, comm, RS_ERR_INPUT, "-sweep_seeds is empty");
  for (PetscInt k = 0; k < w->ntemps; k++) PetscCheck(w->temps[k] > 0, comm, RS_ERR_INPUT, "-sweep_temperatures: %g K is not positive", (double)w->temps[k]);
  for (PetscInt k = 0; k < w->nrates; k++) PetscCheck(w->rates[k] > 0, comm, RS_ERR_INPUT, "-sweep_md_rates: rate %g /s is not positive", (double)w->rates[k]);
  for (PetscInt k = 0; k < w->nq0; k++) PetscCheck(w->q0[k] > 0, comm, RS_ERR_INPUT, "-sweep_abc_q0: Q0 %g eV is not positive", (double)w->q0[k]);
  if (set[2])
    for (PetscInt k = 0; k < (PetscInt)range[2]; k++) w->rates[w->nrates++] = range[2] > 1 ? range[0] * PetscPowReal(range[1] / range[0], k / (range[2] - 1)) : range[0];
  PetscCheck(w->samples >= 1, comm, RS_ERR_INPUT, "-sweep_samples must be >= 1, got %" PetscInt_FMT, w->samples);
  PetscCheck(w->strain > 0, comm, RS_ERR_INPUT, "-sweep_strain must be positive, got %g", (double)w->strain);
  PetscCheck(w->ranksPerTask >= 1, comm, RS_ERR_INPUT, "-sweep_ranks_per_task must be >= 1, got %" PetscInt_FMT, w->ranksPerTask);
  PetscCheck(w->retries >= 0 && w->progress > 0 && w->mdCkptEvery > 0 && w->qsCkptEvery > 0, comm, RS_ERR_INPUT, "-sweep_retries must be >= 0; -sweep_progress, -sweep_md_checkpoint_every and -sweep_qs_checkpoint_every positive");
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode ReduceSetFromOptions(MPI_Comm comm, RsReduceConfig *r)
{
  PetscInt  n;
  char      out[RS_PATH_MAX];
  PetscBool set;
  PetscFunctionBegin;
  *r = (RsReduceConfig){.flow = {.window = {0.2, 0.5}, .blocks = 5, .mRegimeI = 0.4, .mPoints = 3, .bootstrap = 200, .seed = 1}, .compress = 4};
  PetscOptionsBegin(comm, "reduce_", "Reduction: flow stress, flow curve and the archive (sweep, reduce)", NULL);
  n = 2;
  PetscCall(PetscOptionsRealArray("-window", "strain window of the steady-state flow stress: from,to [-]", NULL, r->flow.window, &n, NULL));
  PetscCall(PetscOptionsInt("-blocks", "blocks of the block-averaged error of a flow stress [count]", NULL, r->flow.blocks, &r->flow.blocks, NULL));
  PetscCall(PetscOptionsInt("-compress", "deflate level of the archive's datasets, 0 = none [0-9]", NULL, r->compress, &r->compress, NULL));
  PetscCall(PetscOptionsString("-out", "archive file; empty = <sweep_dir>/sweep.h5", NULL, r->out, r->out, sizeof r->out, NULL));
  PetscCall(PetscOptionsBool("-inject_crash", "testing: abort while the archive is being written [bool]", NULL, r->injectCrash, &r->injectCrash, NULL));
  PetscOptionsEnd();
  PetscCall(PetscStrncpy(out, r->out, sizeof out));
  *r = (RsReduceConfig){.flow = r->flow, .compress = r->compress, .injectCrash = r->injectCrash, .analyze = PETSC_TRUE, .dropWindow = 0.002, .dropFloor = 2, .subset = 150, .asnadXi = 1e-3, .etaCutoff = 4.0, .etaActive = 0.1, .block = 0.005, .top = 10, .theta = 0.1};
  PetscCall(PetscStrncpy(r->out, out, sizeof r->out));
  PetscOptionsBegin(comm, "analyze_", "The paper's analyses of every task, written into the archive (reduce, analyze)", NULL);
  {
    PetscInt conv = 0;
    const char *const convs[] = {"ovito", "3d", NULL};
    PetscCall(PetscOptionsBool("-enable", "compute the analyses [bool]", NULL, r->analyze, &r->analyze, NULL));
    PetscCall(PetscOptionsReal("-drop_window", "strain width of the median filter of the stress drops [-]", NULL, r->dropWindow, &r->dropWindow, NULL));
    PetscCall(PetscOptionsReal("-drop_floor", "smallest stress drop counted [MPa]", NULL, r->dropFloor, &r->dropFloor, NULL));
    PetscCall(PetscOptionsReal("-drop_xmin", "lower end of the power-law fit of the drops; 0 = their 20th percentile [MPa]", NULL, r->dropXmin, &r->dropXmin, NULL));
    PetscCall(PetscOptionsInt("-subset", "atoms of the compact subset of the NaDM [count]", NULL, r->subset, &r->subset, NULL));
    PetscCall(PetscOptionsReal("-asnad_xi", "strain width xi of the ASNaD band [-]", NULL, r->asnadXi, &r->asnadXi, NULL));
    PetscCall(PetscOptionsReal("-eta_cutoff", "neighbour cutoff of the local strain (first minimum of g(r)) [A]", NULL, r->etaCutoff, &r->etaCutoff, NULL));
    PetscCall(PetscOptionsReal("-eta_active", "local strain above which an atom is activated (clusters) [-]", NULL, r->etaActive, &r->etaActive, NULL));
    PetscCall(PetscOptionsReal("-block", "strain of an extreme-value block [-]", NULL, r->block, &r->block, NULL));
    PetscCall(PetscOptionsInt("-top", "largest local strains taken per block [count]", NULL, r->top, &r->top, NULL));
    PetscCall(PetscOptionsReal("-theta", "NaDM threshold of the box counting (also scanned over theta x 1/4 ... 4) [A^2]", NULL, r->theta, &r->theta, NULL));
    r->netaStrains = 16;
    PetscCall(PetscOptionsRealArray("-eta_strains", "strains at which local-strain maps (from the first structure) are stored; default 0.1,0.2,0.3,0.4,0.5 [-]", NULL, r->etaStrains, &r->netaStrains, &set));
    if (!set) {
      r->netaStrains = 5;
      for (int k = 0; k < 5; k++) r->etaStrains[k] = 0.1 * (k + 1);
    }
    PetscCall(PetscOptionsEList("-von_mises", "2D von Mises invariant: ovito (OVITO 3) or 3d (the 3D formula, OVITO <= 2.9)", NULL, convs, 2, convs[0], &conv, NULL));
    r->vm = (RsVonMisesConv)conv;
  }
  PetscOptionsEnd();
  PetscCheck(r->dropWindow > 0 && r->dropFloor >= 0 && r->dropXmin >= 0 && r->subset >= 2 && r->asnadXi > 0 && r->etaCutoff > 0 && r->etaActive > 0 && r->block > 0 && r->top >= 1 && r->theta > 0, comm, RS_ERR_INPUT, "analysis settings out of range: -analyze_drop_window, -analyze_asnad_xi, -analyze_eta_cutoff, -analyze_eta_active, -analyze_block, -analyze_theta positive; -analyze_subset >= 2, -analyze_top >= 1");
  PetscOptionsBegin(comm, "fit_", "Flow-law fits and strain-rate sensitivity (sweep, reduce, fit)", NULL);
  PetscCall(PetscOptionsReal("-m_regime_i", "strain-rate sensitivity at or above which a point is regime I [-]", NULL, r->flow.mRegimeI, &r->flow.mRegimeI, NULL));
  PetscCall(PetscOptionsInt("-m_points", "points of the local fit for m (odd, >= 3) [count]", NULL, r->flow.mPoints, &r->flow.mPoints, NULL));
  n = 2;
  PetscCall(PetscOptionsRealArray("-range_i", "rates of the regime I (asinh) fit: lowest,highest; default from the regime labels [1/s]", NULL, r->flow.rangeI, &n, NULL));
  n = 2;
  PetscCall(PetscOptionsRealArray("-range_iii", "rates of the regime III fit: lowest,highest; default from the regime labels [1/s]", NULL, r->flow.rangeIII, &n, NULL));
  PetscCall(PetscOptionsInt("-bootstrap", "bootstrap resamples over samples for the fit errors (needs >= 3 samples; 0 = none) [count]", NULL, r->flow.bootstrap, &r->flow.bootstrap, NULL));
  PetscCall(PetscOptionsInt("-seed", "bootstrap seed [integer]", NULL, r->flow.seed, &r->flow.seed, NULL));
  r->fitT = 315;
  PetscCall(PetscOptionsReal("-temperature", "fit: temperature of the curve (derived quantities) [K]", NULL, r->fitT, &r->fitT, NULL));
  PetscOptionsEnd();
  PetscCheck(r->flow.window[0] >= 0 && r->flow.window[1] > r->flow.window[0], comm, RS_ERR_INPUT, "-reduce_window needs from,to with 0 <= from < to, got %g,%g", (double)r->flow.window[0], (double)r->flow.window[1]);
  PetscCheck(r->flow.blocks >= 2, comm, RS_ERR_INPUT, "-reduce_blocks must be >= 2, got %" PetscInt_FMT, r->flow.blocks);
  PetscCheck(r->compress >= 0 && r->compress <= 9, comm, RS_ERR_INPUT, "-reduce_compress must be 0-9, got %" PetscInt_FMT, r->compress);
  PetscCheck(r->flow.mPoints >= 3 && r->flow.mPoints % 2 == 1, comm, RS_ERR_INPUT, "-fit_m_points must be odd and >= 3, got %" PetscInt_FMT, r->flow.mPoints);
  PetscCheck(r->flow.bootstrap >= 0, comm, RS_ERR_INPUT, "-fit_bootstrap must be >= 0");
  for (int k = 0; k < 2; k++) {
    const PetscReal *g = k ? r->flow.rangeIII : r->flow.rangeI;
    PetscCheck((g[0] == 0 && g[1] == 0) || (g[0] > 0 && g[1] > g[0]), comm, RS_ERR_INPUT, "-fit_range_%s needs lowest,highest with 0 < lowest < highest [1/s]", k ? "iii" : "i");
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsConfigSetFromOptions(MPI_Comm comm, RsConfig *cfg)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(cfg, sizeof *cfg));
  PetscCall(ModelSetFromOptions(comm, &cfg->model));
  PetscCall(NeighSetFromOptions(comm, &cfg->neigh));
  PetscCall(IOSetFromOptions(comm, &cfg->io));
  PetscCall(MDSetFromOptions(comm, &cfg->md, &cfg->io));
  PetscCall(PrepareSetFromOptions(comm, &cfg->prep, cfg->prepCurve, cfg->prepH5, sizeof cfg->prepCurve));
  PetscCall(MinSetFromOptions(comm, &cfg->min));
  PetscCall(QSSetFromOptions(comm, &cfg->qs));
  PetscCall(ABCSetFromOptions(comm, &cfg->abc));
  PetscCall(SweepSetFromOptions(comm, &cfg->sweep));
  PetscCall(ReduceSetFromOptions(comm, &cfg->reduce));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsConfigCheckUnused(MPI_Comm comm, int argc, char **argv)
{
  PetscInt n, nleft;
  char   **names, **values;
  char     first[256] = "";
  PetscFunctionBegin;
  PetscCall(PetscOptionsLeftGet(NULL, &n, &names, &values));
  nleft = n; /* LeftRestore zeroes n */
  if (n > 0) PetscCall(PetscStrncpy(first, names[0], sizeof first));
  PetscCall(PetscOptionsLeftRestore(NULL, &n, &names, &values));
  if (nleft == 0) PetscFunctionReturn(PETSC_SUCCESS);
  PetscBool oncmd = PETSC_FALSE;
  for (int i = 0; i < argc; i++)
    if (argv[i][0] == '-' && !strcasecmp(argv[i] + 1, first)) oncmd = PETSC_TRUE;
  SETERRQ(comm, RS_ERR_INPUT, "unknown option '-%s' (from %s); `rheosweep -help` lists every option", first, oncmd ? "the command line" : "an options file");
}

PetscErrorCode RsConfigView(MPI_Comm comm, const RsConfig *cfg)
{
  PetscFunctionBegin;
  PetscCall(PetscPrintf(comm, "model:\n  potential: %s\n  thickness: %g\nneigh:\n  skin: %g\n", cfg->model.potential, (double)cfg->model.thickness, (double)cfg->neigh.skin));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsConfigLoadYAMLString(MPI_Comm comm, const char *yaml, RsConfig *cfg)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsClear(NULL));
  PetscCall(PetscOptionsInsertStringYAML(NULL, yaml));
  PetscCall(RsConfigSetFromOptions(comm, cfg));
  PetscCall(RsConfigCheckUnused(comm, 0, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}
