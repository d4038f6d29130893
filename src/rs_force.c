/* rs_force.c: the hot loop. For each owned i and each listed j (owned or ghost) within the
   pair cutoff, f_i += fpair d and f_j -= fpair d with d = r_i - r_j (Newton's third law), the
   energy once per pair (split half/half into per-atom energies, the LAMMPS convention) and the
   virial W_ab += d_a d_b fpair. The pair form and the flags are template parameters: one
   specialised loop per combination, selected once per call, so the forces-only loop of an MD
   step carries no energy work and no branches. */
#include "rs_force.h"

static inline void ForceLoop(RsPairForm form, const int flags, const RsPotential *pot, const RsNeigh *nb, RsParticles *p, RsForceResult *out)
{
  const PetscBool energy = (flags & RS_FORCE_ENERGY) != 0, virial = (flags & RS_FORCE_VIRIAL) != 0, eatom = (flags & RS_FORCE_EATOM) != 0;
  PetscReal       e = 0, wxx = 0, wyy = 0, wxy = 0;
  PetscInt64      npairs = 0;
  PetscReal      *restrict f = p->f, *restrict ea = p->eatom;
  const PetscReal *restrict x = p->x;
  for (PetscInt i = 0; i < p->n; i++) {
    const PetscReal xi = x[2 * i], yi = x[2 * i + 1];
    const PetscInt  ti = p->type[i] * RS_MAX_TYPES;
    PetscReal       fxi = 0, fyi = 0, ei = 0;
    for (PetscInt k = nb->offset[i]; k < nb->offset[i + 1]; k++) {
      const PetscInt  j   = nb->list[k];
      const PetscReal dx  = xi - x[2 * j], dy = yi - x[2 * j + 1];
      const PetscReal rsq = dx * dx + dy * dy;
      const PetscInt  t   = ti + p->type[j];
      if (rsq >= pot->cutsq[t]) continue;
      PetscReal fpair;
      if (energy || eatom) {
        const PetscReal epair = RsPairEval(form, pot, t, rsq, &fpair);
        e += epair;
        if (eatom) {
          ei += 0.5 * epair;
          ea[j] += 0.5 * epair;
        }
      } else fpair = RsPairForce(form, pot, t, rsq);
      fxi += dx * fpair;
      fyi += dy * fpair;
      f[2 * j] -= dx * fpair;
      f[2 * j + 1] -= dy * fpair;
      if (virial) {
        wxx += dx * dx * fpair;
        wyy += dy * dy * fpair;
        wxy += dx * dy * fpair;
      }
      npairs++;
    }
    f[2 * i] += fxi;
    f[2 * i + 1] += fyi;
    if (eatom) ea[i] += ei;
  }
  out->energy    = e;
  out->virial[0] = wxx;
  out->virial[1] = wyy;
  out->virial[2] = wxy;
  out->npairs    = npairs;
}

/* One instantiation per (form, flags) pair that the program uses. */
#define RS_FORCE_DISPATCH(FORM)                                                      \
  switch (flags) {                                                                   \
  case 0: ForceLoop(FORM, 0, pot, nb, p, out); break;                                \
  case RS_FORCE_VIRIAL: ForceLoop(FORM, RS_FORCE_VIRIAL, pot, nb, p, out); break;    \
  case RS_FORCE_ENERGY | RS_FORCE_VIRIAL: ForceLoop(FORM, RS_FORCE_ENERGY | RS_FORCE_VIRIAL, pot, nb, p, out); break; \
  default: ForceLoop(FORM, RS_FORCE_ALL, pot, nb, p, out); break;                    \
  }

void RsForceCompute(const RsPotential *pot, const RsNeigh *nb, RsParticles *p, int flags, RsForceResult *out)
{
  const PetscInt ntot = p->n + p->nghost;
  for (PetscInt i = 0; i < 2 * ntot; i++) p->f[i] = 0;
  if (flags & RS_FORCE_EATOM)
    for (PetscInt i = 0; i < ntot; i++) p->eatom[i] = 0;
  if (flags & RS_FORCE_EATOM) flags = RS_FORCE_ALL;
  if (pot->form == RS_PAIR_LJ_SMOOTH_LINEAR) RS_FORCE_DISPATCH(RS_PAIR_LJ_SMOOTH_LINEAR)
  else RS_FORCE_DISPATCH(RS_PAIR_KMT84)
}
