/* rs_cmd.h: the subcommands of the rheosweep binary. Each takes the validated configuration. */
#ifndef RS_CMD_H
#define RS_CMD_H
#include "rs_config.h"
#include "rs_potential.h"
#include "rs_system.h"

/* Loads the potential and the -in data file into a ready-to-evaluate system. Collective. */
PetscErrorCode RsCmdLoadSystem(MPI_Comm comm, const RsConfig *cfg, RsPotential *pot, RsSystem *sys);
/* `eval`: energy, stress (and per-atom forces) of the -in configuration. */
PetscErrorCode RsCmdEval(MPI_Comm comm, const RsConfig *cfg);
/* `export-lammps`: writes <out>.data and <out>.in that reproduce the state in LAMMPS. */
PetscErrorCode RsCmdExportLammps(MPI_Comm comm, const RsConfig *cfg);
/* `md`: one molecular-dynamics run of the -in configuration. */
PetscErrorCode RsCmdMD(MPI_Comm comm, const RsConfig *cfg);
/* `structure`: hexatic order, unlike-neighbour fraction, crystallinity verdict, g(r). */
PetscErrorCode RsCmdStructure(MPI_Comm comm, const RsConfig *cfg);
/* `prepare`: one glass sample by the melt-quench-relax protocol, Tg and structure checks. */
PetscErrorCode RsCmdPrepare(MPI_Comm comm, const RsConfig *cfg);
/* `minimize`: the energy minimum nearest to -in at fixed box (TAO). */
PetscErrorCode RsCmdMinimize(MPI_Comm comm, const RsConfig *cfg);
/* `quasistatic`: AQS or ABC metadynamics shear of -in to -qs_strain. */
PetscErrorCode RsCmdQuasistatic(MPI_Comm comm, const RsConfig *cfg);
/* `sweep`: plans and runs the sweep section's tasks on a master/worker farm (-dry_run: the plan). */
PetscErrorCode RsCmdSweep(MPI_Comm comm, const RsConfig *cfg);
/* `reduce`: flow curve, calibration, fits and the archive of the sweep section's finished tasks. */
PetscErrorCode RsCmdReduce(MPI_Comm comm, const RsConfig *cfg);
/* `fit curve.csv`: both flow laws on a user's flow curve (rate, tau[, error]). */
PetscErrorCode RsCmdFit(MPI_Comm comm, const RsConfig *cfg);
/* `info file.h5`: what a rheosweep HDF5 file is, its provenance and datasets (archive: states, fits). */
PetscErrorCode RsCmdInfo(MPI_Comm comm, const RsConfig *cfg);
/* `export`: frames of a rheosweep HDF5 file as LAMMPS dump or extended XYZ (for OVITO). */
PetscErrorCode RsCmdExportFrames(MPI_Comm comm, const RsConfig *cfg);
/* The reduction stage on a plan (after the farm, or from `reduce`). Collective. */
PetscErrorCode RsCmdReduceStage(MPI_Comm comm, const RsConfig *cfg, const RsPlan *plan);
#endif
