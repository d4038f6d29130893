/* rs_config.h: the run configuration: a plain struct of per-module sub-structs filled from the
   PETSc options database (YAML files + command line), validated once, then read-only. */
#ifndef RS_CONFIG_H
#define RS_CONFIG_H
#include "rs_md.h"
#include "rs_prepare.h"
#include "rs_minimize.h"
#include "rs_qs.h"
#include "rs_sweep.h"
#include "rs_flow.h"

typedef struct {
  char      potential[RS_PATH_MAX]; /* potential YAML file */
  PetscReal thickness;              /* A: film thickness h for 2D stress */
} RsModelConfig;

typedef struct {
  PetscReal skin; /* A */
} RsNeighConfig;

typedef struct {
  char     in[RS_PATH_MAX];     /* input configuration (LAMMPS data file) */
  char     out[RS_PATH_MAX];    /* output path or prefix */
  char     forces[RS_PATH_MAX]; /* eval: per-atom force file, empty = none */
  char     record[RS_PATH_MAX]; /* md: stress-strain record as CSV, empty = none */
  char     h5[RS_PATH_MAX];     /* md: task output file (H5MD final state + record), empty = none */
  PetscInt repeat;              /* eval: repeat the force evaluation (throughput measurement) */
  const char *key;              /* parameter key stored in task files (set by the sweep; not an option) */
  PetscInt exportFormat;        /* export: 0 LAMMPS dump, 1 extended XYZ */
  char     exportFrames[RS_PATH_MAX]; /* export: comma-separated frame (task) names, "all" */
} RsIOConfig;

typedef struct {
  RsModelConfig model;
  RsNeighConfig neigh;
  RsIOConfig    io;
  RsMDConfig    md;
  RsPrepareConfig prep;
  RsMinConfig   min;
  RsQSConfig    qs;
  RsABCConfig   abc;
  RsSweepConfig sweep;
  RsReduceConfig reduce;
  PetscReal     walltime, walltimeMargin; /* s: stop (exit 3) at walltime - margin; 0 = no limit */
  char          prepCurve[RS_PATH_MAX]; /* prepare: quench curve CSV, empty = none */
  char          prepH5[RS_PATH_MAX];    /* prepare: sample file (H5MD + curve, Tg, checks), empty = none */
} RsConfig;

/* Inserts one YAML file into an options object (NULL = the global database); a missing or
   malformed file is one error naming it. Collective. */
PetscErrorCode RsOptionsInsertFileYAML(MPI_Comm comm, PetscOptions opts, const char *file, const char *what);
/* Inserts YAML option files (-options_file_yaml, in order) and then the command-line options
   again, so later command-line flags win. Collective. */
PetscErrorCode RsOptionsInsert(MPI_Comm comm, int argc, char **argv);
/* Reads every module's options with defaults, units and ranges (prints them under -help). */
PetscErrorCode RsConfigSetFromOptions(MPI_Comm comm, RsConfig *cfg);
/* Error naming the first option that no module queried (a typo must not be ignored). */
PetscErrorCode RsConfigCheckUnused(MPI_Comm comm, int argc, char **argv);
/* Whole loading path on a YAML text (for tests and the fuzzer): clears the options database,
   inserts the text, reads every module and refuses unknown keys. Collective. */
PetscErrorCode RsConfigLoadYAMLString(MPI_Comm comm, const char *yaml, RsConfig *cfg);
/* Resolves a data path: as given if it exists, else relative to the source tree's top. */
PetscErrorCode RsConfigResolvePath(const char *path, char *out, size_t len);
/* Prints the configuration (YAML) to the viewer's stream. */
PetscErrorCode RsConfigView(MPI_Comm comm, const RsConfig *cfg);
#endif
