/* rs_box.c: geometry of the tilted periodic cell.

   Cell vectors a = (Lx, 0) and b = (xy, Ly); a point is r = lo + s0 a + s1 b with fractional
   s in [0,1)^2 inside the cell. Wrapping subtracts whole cell vectors (never re-computes r from
   s), so atoms already inside keep bit-identical coordinates. Image flags count the vectors
   removed: the unwrapped position is r + ix a + iy b.

   Flip (as LAMMPS fix deform with flip yes): when xy passes Lx/2 the cell is equivalent to the
   one with xy' = xy - Lx, since b' = b - a spans the same lattice. Keeping u fixed needs
   ix' = ix + iy; for xy' = xy + Lx, ix' = ix - iy. Positions are then re-wrapped. */
#include "rs_box.h"
#include <math.h>

PetscErrorCode RsBoxValidate(const RsBox *b, const char *what)
{
  PetscFunctionBegin;
  PetscCheck(PetscIsNormalReal(b->Lx) && PetscIsNormalReal(b->Ly) && b->Lx > 0 && b->Ly > 0, PETSC_COMM_SELF, RS_ERR_INPUT, "%s: box edges must be positive, got Lx = %g, Ly = %g", what, (double)b->Lx, (double)b->Ly);
  PetscCheck(PetscIsNormalReal(b->lo[0]) || b->lo[0] == 0, PETSC_COMM_SELF, RS_ERR_INPUT, "%s: box origin is not finite", what);
  PetscCheck(PetscIsNormalReal(b->lo[1]) || b->lo[1] == 0, PETSC_COMM_SELF, RS_ERR_INPUT, "%s: box origin is not finite", what);
  PetscCheck(isfinite(b->xy) && fabs(b->xy) <= 0.5 * b->Lx * (1 + 1e-12), PETSC_COMM_SELF, RS_ERR_INPUT, "%s: tilt xy = %g exceeds Lx/2 = %g", what, (double)b->xy, (double)(0.5 * b->Lx));
  PetscFunctionReturn(PETSC_SUCCESS);
}

void RsBoxWidths(const RsBox *b, PetscReal w[2])
{
  w[0] = b->Lx * b->Ly / sqrt(b->Ly * b->Ly + b->xy * b->xy);
  w[1] = b->Ly;
}

void RsBoxMinImage(const RsBox *b, PetscReal d[2])
{
  PetscReal s1 = d[1] / b->Ly;
  PetscReal n1 = nearbyint(s1);
  d[0] -= n1 * b->xy;
  d[1] -= n1 * b->Ly;
  PetscReal n0 = nearbyint(d[0] / b->Lx - b->xy * (d[1] / b->Ly) / b->Lx);
  d[0] -= n0 * b->Lx;
}

void RsBoxWrap(const RsBox *b, PetscReal r[2], int image[2])
{
  PetscReal s[2];
  RsBoxToFrac(b, r, s);
  if (s[1] < 0 || s[1] >= 1) {
    PetscReal n = floor(s[1]);
    r[0] -= n * b->xy;
    r[1] -= n * b->Ly;
    image[1] += (int)n;
    RsBoxToFrac(b, r, s);
    if (s[1] < 0) { /* round-off at the lower face: put the atom on the face inside */
      r[1] = b->lo[1];
      RsBoxToFrac(b, r, s);
    } else if (s[1] >= 1) {
      r[0] -= b->xy;
      r[1] -= b->Ly;
      image[1] += 1;
      if (r[1] < b->lo[1]) r[1] = b->lo[1];
      RsBoxToFrac(b, r, s);
    }
  }
  if (s[0] < 0 || s[0] >= 1) {
    PetscReal n = floor(s[0]);
    r[0] -= n * b->Lx;
    image[0] += (int)n;
    RsBoxToFrac(b, r, s);
    if (s[0] >= 1) {
      r[0] -= b->Lx;
      image[0] += 1;
    }
  }
}

void RsBoxUnwrap(const RsBox *b, const PetscReal r[2], const int image[2], PetscReal u[2])
{
  u[0] = r[0] + image[0] * b->Lx + image[1] * b->xy;
  u[1] = r[1] + image[1] * b->Ly;
}

void RsBoxFlip(RsBox *b, PetscInt n, PetscReal *x, int *image, int *flipped)
{
  int dir = b->xy > 0.5 * b->Lx ? 1 : (b->xy < -0.5 * b->Lx ? -1 : 0);
  *flipped = dir;
  if (!dir) return;
  b->xy -= dir * b->Lx;
  for (PetscInt i = 0; i < n; i++) {
    image[2 * i] += dir * image[2 * i + 1];
    RsBoxWrap(b, &x[2 * i], &image[2 * i]);
  }
}
