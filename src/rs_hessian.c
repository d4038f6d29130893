/* rs_hessian.c: the lowest non-trivial eigenvalue of the Hessian at the current positions, for
   the ABC width rule W / sigma^2 = c lambda_min. Lanczos is PETSc's: KSPCG on a shell matrix
   whose product is a forward finite difference of the forces, H v ~ -(F(x + h v) - F(x)) / h,
   with the two rigid translations moved to the eigenvalue `shift` (far from the bottom of the
   spectrum) so they do not pose as zero modes; the extreme eigenvalue estimates of CG's Lanczos
   tridiagonal give lambda_min. With a mask (regional ABC) the operator is the Hessian block of
   the masked atoms (the others held fixed, their coordinates moved to `shift`), which has no
   zero modes. */
#include "rs_abc.h"
#include "rs_rng.h"
#include <petscksp.h>

typedef struct {
  RsSystem  *sys;
  const char *mask;   /* NULL: all atoms, translations projected out */
  PetscReal *x0, *f0; /* positions and forces at the expansion point */
  PetscReal  natoms, shift;
} HCtx;

/* The part of v the operator acts on: v minus its mean per component (all atoms), or v on the
   masked atoms only. */
static PetscErrorCode Project(HCtx *h, const PetscScalar *v, PetscReal *pv)
{
  RsParticles *p = &h->sys->p;
  PetscReal    m[2] = {0, 0};
  PetscFunctionBegin;
  if (!h->mask) {
    for (PetscInt i = 0; i < p->n; i++) {
      m[0] += v[2 * i];
      m[1] += v[2 * i + 1];
    }
    PetscCall(RsDomainSum(&h->sys->dom, 2, m));
  }
  for (PetscInt i = 0; i < p->n; i++)
    for (int k = 0; k < 2; k++) pv[2 * i + k] = h->mask ? (h->mask[i] ? v[2 * i + k] : 0) : v[2 * i + k] - m[k] / h->natoms;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode HessMult(Mat A, Vec V, Vec Y)
{
  HCtx              *h;
  RsSystem          *sys;
  const PetscScalar *v;
  PetscScalar       *y;
  PetscReal         *pv, *py, nrm = 0, hstep;
  PetscFunctionBeginUser;
  PetscCall(MatShellGetContext(A, &h));
  sys = h->sys;
  const PetscInt n2 = 2 * sys->p.n;
  PetscCall(PetscMalloc2(n2 + 1, &pv, n2 + 1, &py));
  PetscCall(VecGetArrayRead(V, &v));
  PetscCall(Project(h, v, pv));
  for (PetscInt k = 0; k < n2; k++) nrm += pv[k] * pv[k];
  PetscCall(RsDomainSum(&sys->dom, 1, &nrm));
  nrm   = PetscSqrtReal(nrm);
  hstep = nrm > 0 ? 1e-5 / nrm : 0; /* displacement of 1e-5 A in the 2N norm */
  for (PetscInt k = 0; k < n2; k++) sys->p.x[k] = h->x0[k] + hstep * pv[k];
  PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY));
  for (PetscInt k = 0; k < n2; k++) py[k] = hstep > 0 ? -(sys->p.f[k] - h->f0[k]) / hstep : 0;
  PetscCall(VecGetArray(Y, &y));
  PetscCall(Project(h, py, y));
  for (PetscInt k = 0; k < n2; k++) y[k] += h->shift * (v[k] - pv[k]);
  PetscCall(VecRestoreArray(Y, &y));
  PetscCall(VecRestoreArrayRead(V, &v));
  PetscCall(PetscFree2(pv, py));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsABCLowestEigenvalue(RsSystem *sys, PetscInt iters, const char *mask, PetscReal *lambda)
{
  const PetscBool held = sys->frozen;
  HCtx            h    = {sys, mask, NULL, NULL, 0, 10.0};
  PetscInt64      n;
  Mat             A;
  KSP             ksp;
  PC              pc;
  Vec             b, xs;
  PetscScalar    *bb;
  PetscReal       emax, emin;
  PetscFunctionBegin;
  if (!held) {
    sys->forceRebuild = PETSC_TRUE;
    PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY));
    sys->frozen = PETSC_TRUE;
  }
  PetscCall(RsSystemCountAtoms(sys, &n));
  h.natoms = (PetscReal)n;
  PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY));
  PetscCall(PetscMalloc2(2 * sys->p.n + 1, &h.x0, 2 * sys->p.n + 1, &h.f0));
  PetscCall(PetscArraycpy(h.x0, sys->p.x, 2 * sys->p.n));
  PetscCall(PetscArraycpy(h.f0, sys->p.f, 2 * sys->p.n));
  PetscCall(MatCreateShell(sys->dom.comm, 2 * sys->p.n, 2 * sys->p.n, PETSC_DETERMINE, PETSC_DETERMINE, &h, &A));
  PetscCall(MatShellSetOperation(A, MATOP_MULT, (void (*)(void))HessMult));
  PetscCall(MatCreateVecs(A, &xs, &b));
  PetscCall(VecGetArray(b, &bb));
  for (PetscInt i = 0; i < sys->p.n; i++)
    for (int k = 0; k < 2; k++) bb[2 * i + k] = RsRngNormal(12345, RS_RNG_ABC, (uint64_t)sys->p.id[i], 0, (uint64_t)k);
  PetscCall(VecRestoreArray(b, &bb));
  PetscCall(KSPCreate(sys->dom.comm, &ksp));
  PetscCall(KSPSetType(ksp, KSPCG));
  PetscCall(KSPSetOperators(ksp, A, A));
  PetscCall(KSPGetPC(ksp, &pc));
  PetscCall(PCSetType(pc, PCNONE));
  PetscCall(KSPSetTolerances(ksp, 1e-30, 1e-300, PETSC_DEFAULT, iters));
  PetscCall(KSPSetComputeSingularValues(ksp, PETSC_TRUE));
  PetscCall(KSPSolve(ksp, b, xs));
  PetscCall(KSPComputeExtremeSingularValues(ksp, &emax, &emin));
  *lambda = emin;
  PetscCall(KSPDestroy(&ksp));
  PetscCall(VecDestroy(&b));
  PetscCall(VecDestroy(&xs));
  PetscCall(MatDestroy(&A));
  PetscCall(PetscArraycpy(sys->p.x, h.x0, 2 * sys->p.n));
  PetscCall(PetscFree2(h.x0, h.f0));
  PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY | RS_FORCE_VIRIAL));
  if (!held) {
    sys->frozen       = PETSC_FALSE;
    sys->forceRebuild = PETSC_TRUE;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
