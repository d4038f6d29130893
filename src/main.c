/* main.c: rheosweep's prolog, dispatch and epilog (CoMD.c shape). The first argument names the
   subcommand; everything after it is options (-name value), from YAML files given with
   -options_file_yaml and from the command line (which wins). */
#include "rs_cmd.h"
#include "rs_error.h"
#include "rs_version.h"
#include "rs_stop.h"
#include <string.h>

static const char usage[] =
  "rheosweep " RS_VERSION ": strain-rate sweeps of a 2D binary Lennard-Jones glass (MD + ABC)\n"
  "usage: rheosweep <command> [-options_file_yaml file.yaml] [-option value ...]\n"
  "commands:\n"
  "  sweep           the sweep section: prepare samples, run MD and ABC shear tasks on a master/worker farm\n"
  "                  (-sweep_dir, -sweep_md_rates, -sweep_abc_q0, ...; -dry_run prints the tasks and their cost)\n"
  "  reduce          flow curve, rate calibration, fits and the archive <sweep_dir>/sweep.h5 of the finished tasks\n"
  "  fit curve.csv   fit tau = A asinh(rate/B) and tau = tau_c - C ln(D/rate)^(2/3) to a flow curve (rate, tau[, error])\n"
  "  info file.h5    what a rheosweep HDF5 file is (archive, task, sample, checkpoint), provenance, datasets\n"
  "  export          frames of an archive or task file as LAMMPS dump or extended XYZ for OVITO (-in, -out, -export_format)\n"
  "  analyze         the same as reduce: the analyses of every task go into the archive (-analyze_* options)\n"
  "  eval            energy, per-atom forces and stress tensor of -in <LAMMPS data file>\n"
  "  md              molecular dynamics of -in: NVE, NVT, or SLLOD shear (-md_deform simple_shear)\n"
  "  prepare         one glass sample: insert, melt, cool, quench (Tg), relax at P = 0 (-out sample.data)\n"
  "  minimize        nearest energy minimum of -in at fixed box (-min_type lbfgs|cg|sd|fire|tao, -min_fmax)\n"
  "  quasistatic     quasistatic shear of -in: AQS (-qs_method aqs) or ABC metadynamics (-qs_method abc, -abc_q0)\n"
  "  structure       hexatic order |psi6|, unlike-neighbour fraction, crystallinity verdict, g(r) (-out csv)\n"
  "  export-lammps   write -out <prefix>.data/.in to reproduce a state in LAMMPS\n"
  "  help            this text and every option with its default and unit (same as -help)\n"
  "units: LAMMPS metal (eV, A, ps, amu, K); 2D stress in MPa with the area convention (h = 1 A)\n";

typedef PetscErrorCode (*RsCommand)(MPI_Comm, const RsConfig *);

static RsCommand FindCommand(const char *name)
{
  if (!strcmp(name, "eval")) return RsCmdEval;
  if (!strcmp(name, "export-lammps")) return RsCmdExportLammps;
  if (!strcmp(name, "md")) return RsCmdMD;
  if (!strcmp(name, "structure")) return RsCmdStructure;
  if (!strcmp(name, "prepare")) return RsCmdPrepare;
  if (!strcmp(name, "minimize")) return RsCmdMinimize;
  if (!strcmp(name, "quasistatic")) return RsCmdQuasistatic;
  if (!strcmp(name, "sweep")) return RsCmdSweep;
  if (!strcmp(name, "reduce") || !strcmp(name, "analyze")) return RsCmdReduce;
  if (!strcmp(name, "fit")) return RsCmdFit;
  if (!strcmp(name, "info")) return RsCmdInfo;
  if (!strcmp(name, "export")) return RsCmdExportFrames;
  return NULL;
}

/* Reads the configuration, refuses unknown options, and runs the command (or prints help). */
static PetscErrorCode Run(const char *cmd, int argc, char **argv, PetscBool help)
{
  RsConfig  cfg;
  RsCommand fn = NULL;
  PetscFunctionBeginUser;
  PetscCall(RsErrorInstall());
  if (!help) {
    PetscCheck(cmd, PETSC_COMM_WORLD, RS_ERR_INPUT, "no command given; try `rheosweep help`");
    fn = FindCommand(cmd);
    PetscCheck(fn, PETSC_COMM_WORLD, RS_ERR_INPUT, "unknown command '%s'; try `rheosweep help`", cmd);
  } else {
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s\n", usage));
    PetscCall(PetscOptionsSetValue(NULL, "-help", NULL));
  }
  PetscCall(RsOptionsInsert(PETSC_COMM_WORLD, argc, argv));
  {
    PetscBool logView; /* PETSc's profiling report (PetscInitialize did not see the option) */
    PetscCall(PetscOptionsHasName(NULL, NULL, "-log_view", &logView));
    if (logView) PetscCall(PetscLogDefaultBegin());
  }
  PetscCall(RsConfigSetFromOptions(PETSC_COMM_WORLD, &cfg));
  if (help) {
    PetscCall(PetscOptionsClearValue(NULL, "-help"));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(RsConfigCheckUnused(PETSC_COMM_WORLD, argc, argv));
  /* stop at a safe point on a signal only where there is one (a sweep's tasks always checkpoint);
     without a checkpoint file SIGTERM keeps its default action and ends the run at once */
  if (!strcmp(cmd, "sweep") || cfg.md.ckptFile[0]) PetscCall(RsStopInstall(cfg.sweep.walltime, cfg.sweep.walltimeMargin));
  PetscCall(fn(PETSC_COMM_WORLD, &cfg));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  const char *cmd  = argc > 1 && argv[1][0] != '-' ? argv[1] : NULL;
  PetscBool   help = PETSC_FALSE;
  int         first = cmd ? 2 : 1;
  /* PETSc sees only the program name: our options are inserted by RsOptionsInsert so that YAML
     errors get our messages and the command line wins over files. */
  int   pargc   = 1;
  char *pargv[] = {argv[0], NULL};
  char **pp     = pargv;
  for (int i = first; i < argc; i++)
    if (!strcmp(argv[i], "-help") || !strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) help = PETSC_TRUE;
  if (cmd && !strcmp(cmd, "help")) help = PETSC_TRUE;
  /* signals belong to rheosweep (a closed pipe must not turn into an MPI_Abort) */
  if (PetscOptionsSetValue(NULL, "-no_signal_handler", NULL)) return RS_EXIT_USAGE;
  PetscErrorCode ierr = PetscInitialize(&pargc, &pp, NULL, NULL);
  if (ierr) return RS_EXIT_USAGE;
  /* drop -help itself from the options we insert (it is set explicitly) */
  char **rest;
  int    nrest = 0;
  if (PetscMalloc1(argc + 2, &rest)) return RS_EXIT_USAGE;
  static char in[] = "-in"; /* `fit curve.csv`, `info file.h5`: a leading file name is -in */
  if (cmd && (!strcmp(cmd, "fit") || !strcmp(cmd, "info")) && first < argc && argv[first][0] != '-') rest[nrest++] = in;
  for (int i = first; i < argc; i++)
    if (strcmp(argv[i], "-help") && strcmp(argv[i], "--help") && strcmp(argv[i], "-h")) rest[nrest++] = argv[i];
  ierr = Run(cmd, nrest, rest, help);
  PetscFree(rest);
  PetscFinalize();
  if (ierr == RS_ERR_SCIENCE) return RS_EXIT_FAILED_TASKS;
  return ierr ? RS_EXIT_USAGE : RsExitCode;
}
