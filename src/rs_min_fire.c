/* rs_min_fire.c: FIRE 2.0 (Guenole et al., Comput. Mater. Sci. 175, 109584 (2020)): damped
   dynamics with unit fictitious masses, semi-implicit Euler, velocity mixing towards the force,
   adaptive time step, half-step correction on uphill motion (P = F.v <= 0), and the
   displacement of one atom per step capped at dmax. Parameters as in the paper and LAMMPS
   min_style fire: N_delay 5, f_inc 1.1, f_dec 0.5, alpha_0 0.25, f_alpha 0.99. */
#include "rs_min_impl.h"

PetscErrorCode RsMinFire(RsMinEval *ev, RsMinStop *stop)
{
  const RsMinConfig *mc = ev->mc;
  RsParticles       *p  = &ev->sys->p;
  const PetscInt     n2 = 2 * p->n;
  PetscReal         *v, dt = mc->fireDt, alpha = 0.25, eprev = ev->e;
  PetscInt           npos = 0;
  PetscBool          done;
  PetscFunctionBegin;
  PetscCall(PetscCalloc1(n2 + 1, &v));
  PetscCall(RsMinCheck(ev, PETSC_INFINITY, &done, stop));
  while (!done) {
    PetscReal P, vv, ff, vmax;
    PetscCall(RsMinDot(ev, p->f, v, &P));
    if (P > 0) {
      if (++npos > 5) {
        dt = PetscMin(dt * 1.1, mc->fireDtMax);
        alpha *= 0.99;
      }
    } else {
      npos  = 0;
      dt    = PetscMax(dt * 0.5, 0.02 * mc->fireDt);
      alpha = 0.25;
      for (PetscInt k = 0; k < n2; k++) {
        p->x[k] -= 0.5 * dt * v[k];
        v[k] = 0;
      }
    }
    for (PetscInt k = 0; k < n2; k++) v[k] += dt * p->f[k];
    PetscCall(RsMinDot(ev, v, v, &vv));
    PetscCall(RsMinDot(ev, p->f, p->f, &ff));
    if (P > 0 && ff > 0) {
      const PetscReal mix = alpha * PetscSqrtReal(vv / ff);
      for (PetscInt k = 0; k < n2; k++) v[k] = (1 - alpha) * v[k] + mix * p->f[k];
    }
    PetscCall(RsMinMaxAtomNorm(ev, v, &vmax));
    const PetscReal step = vmax * dt > mc->dmax ? mc->dmax / vmax : dt;
    for (PetscInt k = 0; k < n2; k++) p->x[k] += step * v[k];
    eprev = ev->e;
    PetscCall(RsMinEvaluate(ev));
    PetscCall(RsMinAccept(ev));
    ev->iter++;
    PetscCall(RsMinCheck(ev, eprev, &done, stop));
  }
  PetscCall(PetscFree(v));
  PetscFunctionReturn(PETSC_SUCCESS);
}
