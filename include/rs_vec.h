/* rs_vec.h: local vector kernels shared by the minimisers (owned-atom arrays of one rank). */
#ifndef RS_VEC_H
#define RS_VEC_H
#include "rs_sys.h"

/* Local dot product with 8 partial sums in a fixed order: vectorisable without -ffast-math (one
   running sum is bound by the add latency, 4 cycles per element) and the same bits every run. */
static inline PetscReal RsDotLocal(PetscInt n, const PetscReal *restrict a, const PetscReal *restrict b)
{
  PetscReal s[8] = {0, 0, 0, 0, 0, 0, 0, 0}, r = 0;
  PetscInt  k    = 0;
  for (; k + 8 <= n; k += 8)
    for (int j = 0; j < 8; j++) s[j] += a[k + j] * b[k + j];
  for (; k < n; k++) r += a[k] * b[k];
  return ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7])) + r;
}
#endif
