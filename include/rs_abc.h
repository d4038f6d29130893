/* rs_abc.h: autonomous basin climbing (ABC) on the potential energy landscape of one task: from
   the current minimum, penalty functions are stacked at the walker's position and the walker is
   relaxed on the biased landscape until an escape barrier above Q0 has been climbed; the minima
   found on the way are the candidates of the Metropolis choice (PHYSICS.md 5.2-5.3,
   ABC-MEASUREMENTS.md). One call is one strain step's sampling. */
#ifndef RS_ABC_H
#define RS_ABC_H
#include "rs_minimize.h"

typedef enum { RS_PENALTY_GAUSSIAN, RS_PENALTY_QUARTIC } RsPenaltyForm;
extern const char *const RsPenaltyForms[];
typedef enum { RS_METROPOLIS_SEQUENTIAL, RS_METROPOLIS_RANDOM } RsMetropolisRule;
extern const char *const RsMetropolisRules[];
typedef enum { RS_SITE_STRESS, RS_SITE_NONAFFINE } RsABCSite;
extern const char *const RsABCSites[];

/* ABC settings (options with prefix abc_). */
typedef struct {
  PetscReal        q0;           /* eV: escape barrier that ends a step's sampling */
  PetscReal        w;            /* eV: penalty height */
  PetscReal        sigma;        /* A: penalty width in the 2N norm (0: from c lambda_min) */
  PetscReal        c;            /* W / sigma^2 = c lambda_min when sigma is 0 */
  RsPenaltyForm    form;
  PetscReal        kick;         /* A: 2N norm of the random displacement after each penalty */
  PetscInt         maxPenalties; /* per strain step (capped steps are logged) */
  PetscReal        fmaxBiased;   /* eV/A: biased relaxations */
  PetscInt         maxBiasedIter;
  PetscReal        dmaxBiased;   /* A: largest displacement of one atom per biased step */
  PetscInt         memory;       /* L-BFGS pairs of the biased relaxations */
  PetscReal        fmax;         /* eV/A: unbiased minimisations (polish of new minima) */
  PetscReal        dnew;         /* A: a minimum is new if farther than this (2N norm) from all stored */
  PetscReal        candidate;    /* a biased end point is polished when its penalty energy is below
                                    candidate x W (1e-3: only outside the penalties) */
  PetscReal        temperature;  /* K: Metropolis choice */
  RsMetropolisRule rule;
  PetscInt         seed;
  PetscInt         lanczosIter;  /* Lanczos iterations for lambda_min */
  PetscBool        reuseCurvature; /* biased relaxations of a strain step share their L-BFGS pairs */
  PetscInt         nebImages;    /* refine the saddle of every hop by a CI-NEB with this many images (0 = off) */
  PetscInt         nebMaxIter;   /* iteration cap of one such NEB (unconverged: the walker's level is kept) */
  PetscInt         progress;     /* penalties between progress lines inside a strain step (0 = none; output only) */
  PetscBool        regionRelaxed; /* regional width rule: lambda_min of the region with the other atoms
                                     held (the block, default) or relaxed (Schur complement: wider,
                                     cheaper, but misses escapes, docs/ABC.md) */
  PetscReal        regionRadius; /* A: regional penalties on the atoms within this distance of the
                                    atom of highest shear stress (default 25 A, ~235 atoms);
                                    0 = full space */
  RsABCSite        site;         /* regional site: highest shear stress, or largest non-affine
                                    displacement of the last strain increment */
  PetscInt         widthSites;   /* regional width rule: M > 1 = the median of lambda_min over M
                                    regions centred on a regular grid of the box (default 16);
                                    1 = the first site's region (the rule before 2026-12-02) */
  PetscInt         regions;      /* regional mode: disjoint regions sampled one after the other in
                                    each strain step (sites by score, at least 2 R apart; default 1) */
} RsABCConfig;
#define RS_ABC_MAX_REGIONS 64

/* What one strain step's sampling did. */
typedef struct {
  PetscInt   penalties, newMinima, chosen; /* chosen: index of the Metropolis pick (0 = start) */
  PetscReal  barrier;                      /* eV: escape barrier when the sampling stopped */
  PetscReal  e0, eChosen;                  /* eV: start minimum and chosen minimum */
  PetscReal  saddle;                       /* eV: highest saddle estimate on the sampled path from
                                              the start to the chosen minimum, minus e0 (0: start) */
  PetscInt64 evaluations;
  PetscBool  capped;                       /* stopped at maxPenalties without reaching Q0 */
  PetscInt64 regionAtoms;                  /* penalised atoms (all in full-space mode), summed over the
                                              step's regions; with several regions penalties,
                                              minima, evaluations and chosen are sums too, barrier
                                              the smallest at stop, saddle the highest from e0, capped
                                              any */
} RsABCStats;

/* Sampling state of one task (settings, width, work arrays). */
typedef struct {
  RsABCConfig cfg;
  PetscReal   sigma;     /* A: width in use */
  PetscReal   lambdaMin; /* eV/A^2: lowest Hessian eigenvalue measured (0 if sigma was given) */
  RsBias     *external;  /* extra potential that is part of the landscape (NULL: none; a test
                            landscape such as Mueller-Brown, or an external field) */
  const PetscReal *nonaffine; /* by atom id: the last strain increment's non-affine displacement
                                 (x, y; set by the caller for the nonaffine site; NULL: none yet) */
  PetscInt         nid;       /* length of nonaffine / 2 */
  PetscBool        fewerRegions; /* said that fewer than cfg.regions regions fit */
} RsABC;

/* Default settings (ABC-MEASUREMENTS.md section 5). */
void RsABCConfigDefault(RsABCConfig *c);
/* Prepares sampling on sys (at a minimum): the width from the settings or from lambda_min
   (Lanczos on the Hessian, translations projected out; in regional mode the Hessian block of
   the region chosen at this state). Collective. */
PetscErrorCode RsABCSetUp(RsABC *abc, const RsABCConfig *cfg, RsSystem *sys);
/* Lowest non-trivial Hessian eigenvalue [eV/A^2] at the current positions (Lanczos with
   finite-difference Hessian-vector products, translations projected out), or with a mask (per
   owned atom) the lowest eigenvalue of the masked atoms' block (relaxed false: the other atoms
   held) or of its Schur complement (relaxed true: the other atoms relaxed). Collective. */
PetscErrorCode RsABCLowestEigenvalue(RsSystem *sys, PetscInt iters, const char *mask, PetscBool relaxed, PetscReal *lambda);
/* One strain step's sampling from the current minimum; leaves sys at the Metropolis choice
   (a minimum) and fills *st. step keys the random numbers. Collective. */
PetscErrorCode RsABCStep(RsABC *abc, RsSystem *sys, PetscInt64 step, RsABCStats *st);
#endif
