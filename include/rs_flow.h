/* rs_flow.h: from stress-strain records to a flow curve and flow laws (PHYSICS.md 5.5, 11):
   steady-state flow stress of one task, averaging over seeds and samples, the MD/ABC rate
   calibration, strain-rate sensitivity m, regime labels, and the two flow-law fits. */
#ifndef RS_FLOW_H
#define RS_FLOW_H
#include "rs_sweep.h"
#include "rs_lsq.h"

typedef int RsVonMisesConv; /* RsVonMises of rs_analysis.h: 0 OVITO (2D), 1 3D formula */

/* Steady-state settings (options with prefix reduce_ and fit_). */
typedef struct {
  PetscReal window[2];   /* strain window of the flow stress */
  PetscInt  blocks;      /* blocks of the block-averaged error */
  PetscReal mRegimeI;    /* m at or above which a point is regime I */
  PetscInt  mPoints;     /* points of the local fit for m (odd, >= 3) */
  PetscReal rangeI[2];   /* rate range of the regime I fit (0,0 = from the labels) */
  PetscReal rangeIII[2]; /* rate range of the regime III fit (0,0 = from the labels) */
  PetscInt  bootstrap;   /* bootstrap resamples over samples (0 = none) */
  PetscInt  seed;        /* bootstrap seed */
} RsFlowConfig;

/* Reduction settings (options with prefixes reduce_ and fit_). */
typedef struct {
  RsFlowConfig flow;
  PetscInt     compress;         /* deflate level of the archive's tables and frames (0 = none) */
  char         out[RS_PATH_MAX]; /* archive ("" = <sweep_dir>/sweep.h5) */
  PetscBool    injectCrash;      /* testing: abort in the middle of writing the archive */
  PetscReal    fitT;             /* K: temperature of a curve given to `fit` */
  PetscBool    analyze;          /* run the paper's analyses on every task */
  PetscReal    dropWindow;       /* strain width of the median filter (0.2 %) */
  PetscReal    dropFloor;        /* MPa: smallest drop counted */
  PetscReal    dropXmin;         /* MPa: lower end of the power-law fit (0 = 20th percentile) */
  PetscInt     subset;           /* atoms of the compact NaDM subset (150) */
  PetscReal    asnadXi;          /* strain width xi of the ASNaD band (1e-3) */
  PetscReal    etaCutoff;        /* A: neighbour cutoff of the local strain (first g(r) minimum) */
  PetscReal    etaActive;        /* local strain of an activated atom (0.10) */
  PetscReal    block;            /* strain of an extreme-value block (0.5 %) */
  PetscInt     top;              /* extremes per block (10) */
  PetscReal    theta;            /* A^2: NaDM threshold of the box counting (0.1) */
  PetscReal    etaStrains[16];   /* strains of the local-strain maps (from the first structure) */
  PetscInt     netaStrains;
  RsVonMisesConv vm;             /* von Mises convention */
} RsReduceConfig;

/* One point of a flow curve: a method at one temperature and rate (MD) or Q0 (ABC). */
typedef struct {
  RsTaskMethod method;
  PetscReal    T, q0;            /* K, eV (ABC) */
  PetscReal    rate, lnRateErr;  /* 1/s (MD: set; ABC: from the calibration, NaN without), error of ln rate */
  PetscReal    tau, tauErr;      /* MPa: mean over samples, its standard error */
  PetscInt     nsamples, ntasks;
  PetscReal    perSample[RS_SWEEP_MAXLIST]; /* MPa: seed means of each sample (for the bootstrap) */
  PetscReal    m, mErr;          /* strain-rate sensitivity (NaN: not enough points) */
  int          regime;           /* 1, 2, 3; 0 = unlabelled */
  PetscReal    capped;           /* ABC: fraction of the flow window's strain steps that stopped at
                                    the penalty cap below Q0 (NaN: MD, or no steps) */
} RsFlowPoint;

/* The MD/ABC rate calibration of one temperature: ln rate = c0 + c1 Q0. */
typedef struct {
  PetscBool ok;
  char      why[256];             /* what was missing when !ok */
  PetscInt  n;                    /* ABC points inside the MD stress range */
  PetscReal c[2], cov[4];         /* ln(1/s), 1/eV and their covariance */
  PetscReal rate0, rate0Err, a, aErr; /* rate0 = exp(c0) (1/s); a = 1 + c1 kB T */
} RsRateCalib;

/* A fitted flow law: asinh (regime I, p = A [MPa], ln B [ln 1/s]) or the regime III law
   (p = tau_c [MPa], C [MPa], ln D [ln 1/s]). */
typedef struct {
  PetscBool ok;
  char      why[512];           /* "insufficient data: ..." or another refusal when !ok */
  PetscInt  n, np;
  PetscReal rateLo, rateHi;     /* 1/s: points used */
  PetscReal p[3], err[3];       /* parameters and standard errors (scaled by sqrt(chi2/dof) when > 1) */
  PetscReal bootErr[3];         /* bootstrap standard errors (NaN: no bootstrap) */
  PetscInt  nboot;
  PetscReal chi2, redChi2;
  PetscReal derived, derivedErr; /* asinh: delta_eta x Omega = kB T / A (A^3 at the -model_thickness h);
                                    regime III: E0 = kB T (tau_c / C)^(3/2) (eV) */
} RsLawFit;

/* Mean shear stress of a record over the strain window and its block-averaged standard error;
   ok = false when the record does not reach the window's end or holds too few points. */
PetscErrorCode RsFlowStress(PetscInt n, const PetscReal *strain, const PetscReal *sxy, const RsFlowConfig *fc, PetscReal *tau, PetscReal *err, PetscBool *ok);
/* Builds the flow points of a plan from per-task flow stresses (NaN = none): seeds averaged
   within each sample, then mean and standard error over samples (over seeds, or the block
   error, when there is one sample); with capped (2 per task: capped and all strain steps in
   the window; may be NULL) each point's capped share over the same tasks. */
PetscErrorCode RsFlowPoints(const RsPlan *plan, const PetscReal *tau, const PetscReal *err, const PetscReal *capped, PetscInt *npoints, RsFlowPoint **points);
/* Calibrates ln rate = c0 + c1 Q0 at temperature T from the ABC points whose stress lies inside
   the MD points' range (interpolated in ln rate), and gives every ABC point at T its rate. */
PetscErrorCode RsFlowCalibrate(PetscInt n, RsFlowPoint *pts, PetscReal T, RsRateCalib *cal);
/* Strain-rate sensitivity by local weighted fits of ln tau on ln rate, and regime labels:
   III above the rate of the smallest m where m has risen again, I below it where
   m >= mRegimeI, II otherwise. */
PetscErrorCode RsFlowSensitivity(PetscInt n, RsFlowPoint *pts, PetscReal T, const RsFlowConfig *fc);
/* Fits tau = A asinh(rate/B) to the points (rate, tau, err); refuses too few points or a
   stress that does not grow with rate. */
PetscErrorCode RsFitAsinh(PetscInt n, const PetscReal *rate, const PetscReal *tau, const PetscReal *err, PetscReal T, RsLawFit *fit);
/* Fits tau = tau_c - C [ln(D/rate)]^(2/3) (rate < D); refuses too few points, a stress that
   does not grow with rate, or data that put D at the largest rate. */
PetscErrorCode RsFitRegimeIII(PetscInt n, const PetscReal *rate, const PetscReal *tau, const PetscReal *err, PetscReal T, RsLawFit *fit);
#endif
