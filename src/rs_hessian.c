/* rs_hessian.c: the lowest non-trivial eigenvalue of the Hessian at the current positions, for
   the ABC width rule W / sigma^2 = c lambda_min. Lanczos is PETSc's: KSPCG on a shell matrix
   whose product is a forward finite difference of the forces, H v ~ -(F(x + h v) - F(x)) / h,
   with the rigid translations moved to the eigenvalue `shift` (far from the bottom of the
   spectrum) so they do not pose as zero modes; the extreme eigenvalue estimates of CG's Lanczos
   tridiagonal give lambda_min. With a mask (regional ABC) the operator acts on the masked
   atoms' coordinates (the others moved to `shift`), either as the Hessian block with the other
   atoms held, or (relaxed) as the Schur complement S = H_RR - H_RO H_OO^-1 H_OR, the curvature
   felt by the region when every other atom relaxes, which is what a regional walker sees: each
   product solves H_OO w = -H_OR v by an inner CG (relative tolerance 1e-4: lambda_min to 0.01 %),
   and the region's own translation (the whole system following) is projected out. */
#include "rs_abc.h"
#include "rs_rng.h"
#include <petscksp.h>

typedef enum { SEL_ALL, SEL_IN, SEL_OUT } Sel; /* all atoms (translations out), masked atoms, the others */

typedef struct {
  RsSystem   *sys;
  const char *mask;    /* NULL: all atoms, translations projected out */
  PetscBool   relaxed; /* mask: the region's Schur complement (the other atoms relaxed) */
  PetscReal  *x0, *f0; /* positions and forces at the expansion point */
  PetscReal  *pv, *q, *b, *z; /* work vectors (2 n) */
  PetscReal   natoms, nregion, shift;
  KSP         inner;   /* relaxed: solves the block of the other atoms */
  PetscInt    unconverged; /* inner solves that missed their tolerance */
  Vec         ib, iw;
} HCtx;

/* The part of v an operator acts on: v minus its mean per component (all atoms), or v on the
   masked atoms, or v on the other atoms. */
static PetscErrorCode Project(HCtx *h, Sel sel, const PetscScalar *v, PetscReal *pv)
{
  RsParticles *p = &h->sys->p;
  PetscReal    m[2] = {0, 0};
  PetscFunctionBegin;
  const PetscBool centre = sel == SEL_ALL || (sel == SEL_IN && h->relaxed) ? PETSC_TRUE : PETSC_FALSE;
  const PetscReal count  = sel == SEL_ALL ? h->natoms : h->nregion;
  if (centre) { /* translations: of everything, or of the region with the rest following */
    for (PetscInt i = 0; i < p->n; i++)
      if (sel == SEL_ALL || h->mask[i]) {
        m[0] += v[2 * i];
        m[1] += v[2 * i + 1];
      }
    PetscCall(RsDomainSum(&h->sys->dom, 2, m));
  }
  for (PetscInt i = 0; i < p->n; i++)
    for (int k = 0; k < 2; k++) {
      const PetscBool in = h->mask && h->mask[i] ? PETSC_TRUE : PETSC_FALSE;
      pv[2 * i + k]      = sel == SEL_ALL || (sel == SEL_IN) == in ? v[2 * i + k] - (centre ? m[k] / count : 0) : 0;
    }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* y = H u by a forward difference of the forces (a displacement of 1e-5 A in the 2N norm). */
static PetscErrorCode Product(HCtx *h, const PetscReal *u, PetscReal *y)
{
  RsSystem      *sys = h->sys;
  const PetscInt n2  = 2 * sys->p.n;
  PetscReal      nrm = 0, hstep;
  PetscFunctionBegin;
  for (PetscInt k = 0; k < n2; k++) nrm += u[k] * u[k];
  PetscCall(RsDomainSum(&sys->dom, 1, &nrm));
  nrm   = PetscSqrtReal(nrm);
  hstep = nrm > 0 ? 1e-5 / nrm : 0;
  for (PetscInt k = 0; k < n2; k++) sys->p.x[k] = h->x0[k] + hstep * u[k];
  PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY));
  for (PetscInt k = 0; k < n2; k++) y[k] = hstep > 0 ? -(sys->p.f[k] - h->f0[k]) / hstep : 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Y = P h->q + shift (v - pv): the product q projected by sel, the rest of v moved to the shift. */
static PetscErrorCode Finish(HCtx *h, Sel sel, const PetscScalar *v, const PetscReal *pv, Vec Y)
{
  const PetscInt n2 = 2 * h->sys->p.n;
  PetscScalar   *y;
  PetscFunctionBegin;
  PetscCall(VecGetArray(Y, &y));
  PetscCall(Project(h, sel, h->q, y));
  for (PetscInt k = 0; k < n2; k++) y[k] += h->shift * (v[k] - pv[k]);
  PetscCall(VecRestoreArray(Y, &y));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Y = P H P V + shift (V - P V) with P the projection of sel. */
static PetscErrorCode BlockMult(HCtx *h, Sel sel, Vec V, Vec Y)
{
  const PetscScalar *v;
  PetscFunctionBegin;
  PetscCall(VecGetArrayRead(V, &v));
  PetscCall(Project(h, sel, v, h->pv));
  PetscCall(Product(h, h->pv, h->q));
  PetscCall(Finish(h, sel, v, h->pv, Y));
  PetscCall(VecRestoreArrayRead(V, &v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode HessMult(Mat A, Vec V, Vec Y)
{
  HCtx *h;
  PetscFunctionBeginUser;
  PetscCall(MatShellGetContext(A, &h));
  PetscCall(BlockMult(h, h->mask ? SEL_IN : SEL_ALL, V, Y));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode OuterBlockMult(Mat A, Vec V, Vec Y)
{
  HCtx *h;
  PetscFunctionBeginUser;
  PetscCall(MatShellGetContext(A, &h));
  PetscCall(BlockMult(h, SEL_OUT, V, Y));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Schur complement of the region: S v = (H [v; w])_R with w the response of the other atoms,
   H_OO w = -(H [v; 0])_O (inner CG), i.e. the curvature of the landscape seen by the region's
   coordinates when every other atom relaxes (what a regional walker feels). */
static PetscErrorCode SchurMult(Mat A, Vec V, Vec Y)
{
  HCtx              *h;
  const PetscScalar *v, *w;
  PetscScalar       *ib;
  PetscFunctionBeginUser;
  PetscCall(MatShellGetContext(A, &h));
  const PetscInt n2 = 2 * h->sys->p.n;
  PetscCall(VecGetArrayRead(V, &v));
  PetscCall(Project(h, SEL_IN, v, h->b)); /* h->pv and h->q are the inner operator's */
  PetscCall(Product(h, h->b, h->q));
  PetscCall(VecGetArray(h->ib, &ib));
  PetscCall(Project(h, SEL_OUT, h->q, ib));
  for (PetscInt k = 0; k < n2; k++) ib[k] = -ib[k];
  PetscCall(VecRestoreArray(h->ib, &ib));
  PetscCall(VecSet(h->iw, 0));
  PetscCall(KSPSolve(h->inner, h->ib, h->iw));
  {
    KSPConvergedReason why;
    PetscCall(KSPGetConvergedReason(h->inner, &why));
    if (why < 0) h->unconverged++;
  }
  PetscCall(VecGetArrayRead(h->iw, &w));
  PetscCall(Project(h, SEL_OUT, w, h->z));
  PetscCall(VecRestoreArrayRead(h->iw, &w));
  for (PetscInt k = 0; k < n2; k++) h->z[k] += h->b[k];
  PetscCall(Product(h, h->z, h->q));
  PetscCall(Finish(h, SEL_IN, v, h->b, Y));
  PetscCall(VecRestoreArrayRead(V, &v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A CG solver on a shell operator of h, with PETSc's Lanczos extreme-value estimates if asked. */
static PetscErrorCode MakeKSP(HCtx *h, PetscErrorCode (*mult)(Mat, Vec, Vec), PetscReal rtol, PetscInt iters, PetscBool estimates, Mat *A, KSP *ksp)
{
  const PetscInt n2 = 2 * h->sys->p.n;
  PC             pc;
  PetscFunctionBegin;
  PetscCall(MatCreateShell(h->sys->dom.comm, n2, n2, PETSC_DETERMINE, PETSC_DETERMINE, h, A));
  PetscCall(MatShellSetOperation(*A, MATOP_MULT, (void (*)(void))mult));
  PetscCall(KSPCreate(h->sys->dom.comm, ksp));
  PetscCall(KSPSetType(*ksp, KSPCG));
  PetscCall(KSPSetOperators(*ksp, *A, *A));
  PetscCall(KSPGetPC(*ksp, &pc));
  PetscCall(PCSetType(pc, PCNONE));
  PetscCall(KSPSetTolerances(*ksp, rtol, 1e-300, PETSC_DEFAULT, iters));
  PetscCall(KSPSetComputeSingularValues(*ksp, estimates));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsABCLowestEigenvalue(RsSystem *sys, PetscInt iters, const char *mask, PetscBool relaxed, PetscReal *lambda)
{
  const PetscBool held = sys->frozen;
  HCtx            h    = {.sys = sys, .mask = mask, .relaxed = relaxed && mask ? PETSC_TRUE : PETSC_FALSE, .shift = 10.0};
  PetscInt64      n;
  Mat             A, Ai = NULL;
  KSP             ksp;
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
  if (mask) {
    for (PetscInt i = 0; i < sys->p.n; i++) h.nregion += mask[i] ? 1 : 0;
    PetscCall(RsDomainSum(&sys->dom, 1, &h.nregion));
  }
  PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY));
  const PetscInt n2 = 2 * sys->p.n;
  PetscCall(PetscMalloc6(n2 + 1, &h.x0, n2 + 1, &h.f0, n2 + 1, &h.pv, n2 + 1, &h.q, n2 + 1, &h.b, n2 + 1, &h.z));
  PetscCall(PetscArraycpy(h.x0, sys->p.x, n2));
  PetscCall(PetscArraycpy(h.f0, sys->p.f, n2));
  if (h.relaxed) { /* the other atoms' block: positive definite (the region pins translations) */
    PetscCall(MakeKSP(&h, OuterBlockMult, 1e-4, 5000, PETSC_FALSE, &Ai, &h.inner));
    PetscCall(MatCreateVecs(Ai, &h.iw, &h.ib));
  }
  PetscCall(MakeKSP(&h, h.relaxed ? SchurMult : HessMult, 1e-30, iters, PETSC_TRUE, &A, &ksp));
  PetscCall(MatCreateVecs(A, &xs, &b));
  PetscCall(VecGetArray(b, &bb));
  for (PetscInt i = 0; i < sys->p.n; i++)
    for (int k = 0; k < 2; k++) bb[2 * i + k] = RsRngNormal(12345, RS_RNG_ABC, (uint64_t)sys->p.id[i], 0, (uint64_t)k);
  PetscCall(VecRestoreArray(b, &bb));
  PetscCall(KSPSolve(ksp, b, xs));
  PetscCall(KSPComputeExtremeSingularValues(ksp, &emax, &emin));
  *lambda = emin;
  if (h.unconverged) PetscCall(PetscPrintf(sys->dom.comm, "# warning: %d of the inner solves of the relaxed-region Hessian missed their tolerance: lambda_min %g eV/A^2 is approximate (give -abc_sigma, or -abc_region_relaxed false)\n", (int)h.unconverged, (double)emin));
  PetscCall(KSPDestroy(&ksp));
  PetscCall(VecDestroy(&b));
  PetscCall(VecDestroy(&xs));
  PetscCall(MatDestroy(&A));
  if (h.relaxed) {
    PetscCall(KSPDestroy(&h.inner));
    PetscCall(VecDestroy(&h.ib));
    PetscCall(VecDestroy(&h.iw));
    PetscCall(MatDestroy(&Ai));
  }
  PetscCall(PetscArraycpy(sys->p.x, h.x0, n2));
  PetscCall(PetscFree6(h.x0, h.f0, h.pv, h.q, h.b, h.z));
  PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY | RS_FORCE_VIRIAL));
  if (!held) {
    sys->frozen       = PETSC_FALSE;
    sys->forceRebuild = PETSC_TRUE;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
