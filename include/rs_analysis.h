/* rs_analysis.h: the paper's analyses on plain arrays (PHYSICS.md 6-10): stress drops of a
   stress-strain curve, local atomic strain, the non-affine distance matrix and its diagonal
   band (ASNaD), plastic clusters with spanning, box-counting dimension, and the GEV fit of
   extremes. Positions are 2D (x, y interleaved), in A; boxes are (Lx, xy, Ly). */
#ifndef RS_ANALYSIS_H
#define RS_ANALYSIS_H
#include "rs_sys.h"

/* Stress drops of sigma(strain) (uniform spacing): median filter of `window` points (odd; the
   window shrinks at the ends), drops = maximal runs of decreasing filtered stress, kept when
   larger than `floor` (MPa). drops is allocated (PetscFree). */
PetscErrorCode RsStressDrops(PetscInt n, const PetscReal *sigma, PetscInt window, PetscReal floor, PetscInt *ndrops, PetscReal **drops);
/* Continuous power-law maximum-likelihood exponent of the PDF of x >= xmin (Clauset et al.):
   tau = 1 + n / sum ln(x / xmin), error (tau - 1) / sqrt(n); n is the number of x >= xmin. */
PetscErrorCode RsPowerLawMLE(PetscInt n, const PetscReal *x, PetscReal xmin, PetscReal *tau, PetscReal *err, PetscInt *nused);

typedef enum { RS_VM_OVITO = 0, RS_VM_3D = 1 } RsVonMises;
extern const char *const RsVonMisesNames[];
/* Local Green-Lagrange strain of every atom (Shimizu-Ogata-Li, as OVITO): neighbours within rc
   in the reference (minimum image in box0, cell (Lx, xy, Ly)); the current separation is that of
   the same periodic image in the current cell box1 (positions unwrapped in both), so a tilted
   (sheared) cell is handled; eta[3 i + (0, 1, 2)] = eta_xx, eta_xy, eta_yy and vm[i] the von
   Mises invariant; ok[i] = 0 when an atom has fewer than 2 non-collinear neighbours (eta 0). */
PetscErrorCode RsLocalStrain(PetscInt n, const PetscReal *ref, const PetscReal *cur, const PetscReal box0[3], const PetscReal box1[3], PetscReal rc, RsVonMises conv, PetscReal *eta, PetscReal *vm, int *ok);
/* Non-affine distance of two inherent structures over the atoms idx (all when idx = NULL):
   (1/ns) sum |R''_i - F R'_i|^2 with F = I + (g'' - g') e1 e2, positions unwrapped, each frame's
   centre of mass over the subset removed, y' from the subset's centre (A^2). */
PetscErrorCode RsNonAffineDistance(PetscInt ns, const PetscInt *idx, const PetscReal *r1, PetscReal g1, const PetscReal *r2, PetscReal g2, PetscReal *d2);
/* The ns atoms nearest to atom `centre` (minimum image in box), sorted by distance. */
PetscErrorCode RsCompactSubset(PetscInt n, const PetscReal *r, const PetscReal box[3], PetscInt centre, PetscInt ns, PetscInt *idx);
/* Clusters of the flagged atoms (bond: distance < rc, minimum image): sizes in decreasing order
   (allocated), their number, and for each whether it wraps the periodic cell (an atom reached
   with two different image offsets). */
PetscErrorCode RsClusters(PetscInt n, const PetscReal *r, const PetscReal box[3], const int *flag, PetscReal rc, PetscInt *nclusters, PetscInt **sizes, PetscBool **wraps);
/* Box-counting dimension of the set pixels of an m x m image (m a power of 2): boxes of side
   2^k from 1 to m/4, slope of ln N against ln(1/s) by least squares, with its standard error
   (NaN for an empty image). */
PetscErrorCode RsBoxCounting(PetscInt m, const unsigned char *img, PetscReal *dim, PetscReal *err);

/* Flow profile and non-affine displacements of simple shear by gamma from r0 to r1 (unwrapped,
   PHYSICS.md 9): dx_i = x1 - x0 with the centre-of-mass drift removed, binned against y0 into
   nbins bins of the cell height Ly0 (profile: nbins x 2 = bin centre y, mean dx); the
   localisation index = the fraction of the height holding 80 % of the total rise of the
   profile (the narrowest window; 0.8 for a linear profile, small for a shear band); the
   non-affine part dxn_i = dx_i - gamma (y0_i - yc) (with dy_i) gives the Gaussian core width
   (iterated standard deviation within +-2 of itself), the non-Gaussian parameter
   alpha2 = <dxn^4> / (3 <dxn^2>^2) - 1 and the participation ratio
   PR = (sum |dr_n|^2)^2 / (N sum |dr_n|^4) of the 2D non-affine displacements. */
PetscErrorCode RsFlowProfile(PetscInt n, const PetscReal *r0, const PetscReal *r1, PetscReal gamma, PetscReal Ly0, PetscInt nbins, PetscReal *profile, PetscReal *loc, PetscReal *core, PetscReal *alpha2, PetscReal *pr);

/* A GEV fit: location mu, scale s, shape xi (Gumbel at xi = 0) and their standard errors. */
typedef struct {
  PetscReal mu, s, xi, err[3], loglik, mode;
  PetscInt  n;
  PetscBool ok;
} RsGEV;
/* Maximum-likelihood GEV fit of x (TAO Nelder-Mead on mu, ln s, xi from Gumbel moments; errors
   from the observed information by finite differences). */
PetscErrorCode RsGEVFit(PetscInt n, const PetscReal *x, RsGEV *fit);
#endif
