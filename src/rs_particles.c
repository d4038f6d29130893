/* rs_particles.c: storage of the particle arrays (grow geometrically, keep contents). */
#include "rs_particles.h"

/* Grows one array from old to new capacity, copying the first keep elements. */
#define GROW(ptr, T, per)                                                           \
  do {                                                                              \
    T *tmp_;                                                                        \
    PetscCall(PetscCalloc1((size_t)nnew * (per), &tmp_));                           \
    if (p->ptr) PetscCall(PetscArraycpy(tmp_, p->ptr, (size_t)keep * (per)));       \
    PetscCall(PetscFree(p->ptr));                                                   \
    p->ptr = tmp_;                                                                  \
  } while (0)

PetscErrorCode RsParticlesReserve(RsParticles *p, PetscInt nmax)
{
  PetscFunctionBegin;
  if (nmax <= p->nmax) PetscFunctionReturn(PETSC_SUCCESS);
  PetscInt nnew = PetscMax(nmax, p->nmax + p->nmax / 2 + 16), keep = p->n + p->nghost;
  GROW(x, PetscReal, 2);
  GROW(v, PetscReal, 2);
  GROW(f, PetscReal, 2);
  GROW(eatom, PetscReal, 1);
  GROW(type, PetscInt, 1);
  GROW(id, PetscInt64, 1);
  GROW(image, int, 2);
  p->nmax = nnew;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsParticlesRelease(RsParticles *p)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(p->x));
  PetscCall(PetscFree(p->v));
  PetscCall(PetscFree(p->f));
  PetscCall(PetscFree(p->eatom));
  PetscCall(PetscFree(p->type));
  PetscCall(PetscFree(p->id));
  PetscCall(PetscFree(p->image));
  PetscCall(PetscMemzero(p, sizeof *p));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsParticlesPermute(RsParticles *p, const PetscInt *perm)
{
  PetscReal  *r;
  PetscInt64 *g;
  PetscInt   *t;
  int        *m;
  PetscFunctionBegin;
  PetscCall(PetscMalloc4(2 * p->n, &r, p->n, &g, p->n, &t, 2 * p->n, &m));
  for (int pass = 0; pass < 2; pass++) {
    PetscReal *a = pass ? p->v : p->x;
    for (PetscInt k = 0; k < p->n; k++) {
      r[2 * k]     = a[2 * perm[k]];
      r[2 * k + 1] = a[2 * perm[k] + 1];
    }
    PetscCall(PetscArraycpy(a, r, 2 * p->n));
  }
  for (PetscInt k = 0; k < p->n; k++) {
    g[k]         = p->id[perm[k]];
    t[k]         = p->type[perm[k]];
    m[2 * k]     = p->image[2 * perm[k]];
    m[2 * k + 1] = p->image[2 * perm[k] + 1];
  }
  PetscCall(PetscArraycpy(p->id, g, p->n));
  PetscCall(PetscArraycpy(p->type, t, p->n));
  PetscCall(PetscArraycpy(p->image, m, 2 * p->n));
  PetscCall(PetscFree4(r, g, t, m));
  PetscFunctionReturn(PETSC_SUCCESS);
}

void RsParticlesPackAtom(const RsParticles *p, PetscInt i, PetscReal *b)
{
  b[0] = p->x[2 * i];
  b[1] = p->x[2 * i + 1];
  b[2] = p->v[2 * i];
  b[3] = p->v[2 * i + 1];
  b[4] = p->image[2 * i];
  b[5] = p->image[2 * i + 1];
  b[6] = (PetscReal)p->type[i];
  b[7] = (PetscReal)p->id[i];
}

void RsParticlesUnpackAtom(RsParticles *p, PetscInt i, const PetscReal *b)
{
  p->x[2 * i]         = b[0];
  p->x[2 * i + 1]     = b[1];
  p->v[2 * i]         = b[2];
  p->v[2 * i + 1]     = b[3];
  p->image[2 * i]     = (int)b[4];
  p->image[2 * i + 1] = (int)b[5];
  p->type[i]          = (PetscInt)b[6];
  p->id[i]            = (PetscInt64)b[7];
}
