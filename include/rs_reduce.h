/* rs_reduce.h: the reduction stage of a sweep: every rank reads its share of the finished task
   files, the flow curve, rate calibration, sensitivity and flow-law fits are computed (the same
   on every rank), and the archive sweep.h5 (+ sweep.xmf) is written collectively with parallel
   HDF5 (rs_archive.c). */
#ifndef RS_REDUCE_H
#define RS_REDUCE_H
#include "rs_flow.h"
#include "rs_plan.h"

/* Tables of one task file that the archive copies (index into RsReduceTables). */
#define RS_REDUCE_NTABLES 6
extern const char *const RsReduceTables[RS_REDUCE_NTABLES];

/* The paper's analyses of one task (rs_analyze.c; sizes known on every rank, arrays on the
   reading rank). */
#define RS_AN_TOP  7
#define RS_AN_BINS 40
#define RS_AN_SCAN 5
typedef struct {
  PetscInt   ndrops;            /* stress drops over the plastic range */
  PetscReal *drops;             /* MPa */
  PetscReal  dropFit[5];        /* drops >= xmin, xmin (MPa), PDF exponent tau, its error, median-filter points */
  PetscInt   nf;                /* inherent structures read (ABC with -qs_is_every), 0 = none */
  PetscReal *strain;            /* nf */
  PetscReal *nadmSub, *nadmAll; /* nf x nf (A^2): compact subset and all atoms */
  PetscInt   nasnad;
  PetscReal *asnad;             /* nasnad x 2: strain, delta^2 (A^2) */
  PetscInt   natoms;
  PetscReal *etaFinal;          /* von Mises local strain of every atom, first -> last inherent structure */
  PetscInt   nextremes;
  PetscReal *extremes;          /* top eta per block / block mean */
  PetscReal  gev[8];            /* mu, s, xi, their errors, mode, values (NaN: no fit) */
  PetscReal  clusters[6 + RS_AN_TOP]; /* around the largest event: strain before, after, activated fraction, clusters, largest wraps (1/0), atoms, then the largest sizes */
  PetscReal  nadmDim[5];        /* threshold theta (A^2), image side (pixels), box-counting D, its error, subset atoms */
  PetscReal  asnadDim[3];       /* image side (pixels), box-counting D of the ASNaD graph, its error */
  PetscReal  dimScan[3 * RS_AN_SCAN]; /* NaDM box counting at theta x (1/4, 1/2, 1, 2, 4): theta, D, error */
  PetscReal *cacheR, *cacheBox, *cacheStrain; /* the owner's stored structures, kept for the NaDM phase */
  PetscInt  *cacheIdx, cacheNs;
  PetscInt   nmaps;             /* local-strain maps at chosen strains */
  PetscReal *maps;              /* nmaps x (1 + natoms): strain reached, then the von Mises local strain of each atom from the first structure */
  PetscReal  profile[2 * RS_AN_BINS]; /* flow profile start -> end: bin centre y (A), mean dx (A) */
  PetscReal  nonaffine[6];      /* strain, localisation index, Gaussian core width (A), alpha2, participation ratio, atoms (NaN: none) */
} RsTaskAnalysis;

/* What the archive needs from one finished task (filled on the rank that read it). */
typedef struct {
  RsTaskAnalysis an;
  PetscBool  done;                          /* task file present with the plan's key */
  PetscInt   rows[RS_REDUCE_NTABLES], cols[RS_REDUCE_NTABLES]; /* -1 = table absent */
  PetscReal *table[RS_REDUCE_NTABLES];
  char      *columns[RS_REDUCE_NTABLES];
  PetscInt64 natoms;
  PetscReal  edges[4];                      /* Lx, 0, xy, Ly (A) */
  PetscReal  origin[2];                     /* A: lower corner of the cell */
  PetscReal *pos;                           /* natoms x 2, by id */
  int       *species, *image;               /* natoms, natoms x 2 */
  long long *ids;
  PetscReal  tau, tauErr;                   /* flow stress (NaN: not in the window) */
  PetscReal  capped[2];                     /* ABC: strain steps in the flow window stopped at the
                                               penalty cap, and all steps in the window */
} RsTaskData;

/* Share of capped strain steps above which the reduction warns that an ABC point's Q0 overstates
   its barriers. */
#define RS_REDUCE_CAPPED_WARN 0.05

/* Everything the reduction computed. */
typedef struct {
  const RsPlan *plan;
  RsTaskData   *data;       /* [plan->n]; tables only on the reading rank */
  PetscInt      owner0;     /* task t is read by rank t % size (t >= owner0 ...) */
  PetscInt      npoints;
  RsFlowPoint  *points;
  PetscInt      ntemps;
  PetscReal     temps[RS_SWEEP_MAXLIST];
  RsRateCalib   calib[RS_SWEEP_MAXLIST];
  RsLawFit      fitI[RS_SWEEP_MAXLIST], fitIII[RS_SWEEP_MAXLIST];
  PetscReal     cross[RS_SWEEP_MAXLIST][2]; /* 1/s: I/II and II/III crossover rates (NaN: none) */
  PetscInt      ndone;
} RsReduction;

/* The analyses of task t (read by this rank): stress drops of its record; for ABC tasks with
   stored inherent structures the NaDM (compact subset and all atoms), ASNaD, local strain, block
   extremes with a GEV fit, plastic clusters around the largest event, NaDM box counting. */
PetscErrorCode RsAnalyzeTask(const RsConfig *cfg, const RsPlan *plan, PetscInt t, RsTaskData *d);
/* The full NaDM matrices (subset, all atoms) of task t, rows shared among the ranks of dom (each
   reads the stored structures), summed; the owner keeps them and box-counts the subset's boundary
   at theta x 1/4 ... 4. Collective. */
PetscErrorCode RsAnalyzeNaDM(const RsDomain *dom, const RsConfig *cfg, const RsPlan *plan, PetscInt t, RsTaskData *d, PetscBool owner);
/* Frees one task's analyses. */
void RsAnalyzeFree(RsTaskAnalysis *an);
/* Reads the finished tasks of the plan (rank t % size reads task t), computes flow stresses,
   points, calibration, sensitivity and fits (bootstrap over samples when there are >= 3).
   Collective. */
PetscErrorCode RsReduceCompute(MPI_Comm comm, const RsConfig *cfg, const RsPlan *plan, RsReduction *red);
/* Calibration (when there are ABC points), sensitivity, labels and both fits at every
   temperature of red->points. */
PetscErrorCode RsReduceFit(RsReduction *red, const RsFlowConfig *fc);
/* Prints the flow curve, the calibration and the fit table (rank 0). */
PetscErrorCode RsReduceView(MPI_Comm comm, const RsReduction *red);
/* Writes the archive collectively (parallel HDF5 through MPI-IO) to <file>.tmp, then renames it,
   and writes the ParaView sidecar <file without .h5>.xmf. Collective. */
PetscErrorCode RsArchiveWrite(MPI_Comm comm, const RsConfig *cfg, const RsReduction *red, const char *file);
/* Frees the reduction. */
PetscErrorCode RsReduceDestroy(RsReduction *red);
#endif
