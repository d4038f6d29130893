/* rs_box.h: the 2D periodic triclinic box h = [[Lx, xy], [0, Ly]] with origin lo: fractional
   coordinates, wrap with image flags, minimum image, unwrapping and the box flip. */
#ifndef RS_BOX_H
#define RS_BOX_H
#include "rs_sys.h"

typedef struct {
  PetscReal lo[2]; /* A: origin (xlo, ylo) */
  PetscReal Lx, Ly; /* A: edge lengths */
  PetscReal xy;     /* A: tilt of the y edge along x */
} RsBox;

/* Checks lengths are positive and finite and |xy| <= Lx/2 (a usage error otherwise). */
PetscErrorCode RsBoxValidate(const RsBox *box, const char *what);
/* Area of the box [A^2] (the LAMMPS 2D "volume"). */
static inline PetscReal RsBoxArea(const RsBox *b) { return b->Lx * b->Ly; }
/* Fractional coordinates s = h^-1 (r - lo). */
static inline void RsBoxToFrac(const RsBox *b, const PetscReal r[2], PetscReal s[2])
{
  const PetscReal dy = r[1] - b->lo[1];
  s[1] = dy / b->Ly;
  s[0] = (r[0] - b->lo[0] - b->xy * s[1]) / b->Lx;
}
/* Cartesian r = lo + h s. */
static inline void RsBoxFromFrac(const RsBox *b, const PetscReal s[2], PetscReal r[2])
{
  r[0] = b->lo[0] + b->Lx * s[0] + b->xy * s[1];
  r[1] = b->lo[1] + b->Ly * s[1];
}
/* Distance between opposite faces [A]: w[0] across the x faces, w[1] across the y faces. */
void RsBoxWidths(const RsBox *b, PetscReal w[2]);
/* Replaces a separation vector by its minimum image (exact while |d| < half the smallest width). */
void RsBoxMinImage(const RsBox *b, PetscReal d[2]);
/* Maps r into the box by whole periods, updating image flags; r is unchanged if already inside. */
void RsBoxWrap(const RsBox *b, PetscReal r[2], int image[2]);
/* Unwrapped position u = r + ix a + iy b with a = (Lx, 0), b = (xy, Ly). */
void RsBoxUnwrap(const RsBox *b, const PetscReal r[2], const int image[2], PetscReal u[2]);
/* Flips the box when |xy| > Lx/2 (xy -> xy -+ Lx), remapping images so unwrapped positions are
   unchanged, then wraps all n positions. Returns the flip direction (+1, -1 or 0) in *flipped. */
void RsBoxFlip(RsBox *b, PetscInt n, PetscReal *x, int *image, int *flipped);
#endif
