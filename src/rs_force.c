/* rs_force.c: the hot loop. For each owned i and each listed j (owned or ghost) within the
   pair cutoff, f_i += fpair d and f_j -= fpair d with d = r_i - r_j (Newton's third law), the
   energy once per pair (split half/half into per-atom energies, the LAMMPS convention) and the
   virial W_ab += d_a d_b fpair. The pair form is a template parameter: one specialised loop per
   form, selected once per call. */
#include "rs_force.h"

static inline void ForceLoop(RsPairForm form, const RsPotential *pot, const RsNeigh *nb, RsParticles *p, PetscBool eatom, RsForceResult *out)
{
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
      PetscReal fpair, epair = RsPairEval(form, pot, t, rsq, &fpair);
      fxi += dx * fpair;
      fyi += dy * fpair;
      f[2 * j] -= dx * fpair;
      f[2 * j + 1] -= dy * fpair;
      e += epair;
      wxx += dx * dx * fpair;
      wyy += dy * dy * fpair;
      wxy += dx * dy * fpair;
      npairs++;
      if (eatom) {
        ei += 0.5 * epair;
        ea[j] += 0.5 * epair;
      }
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

void RsForceCompute(const RsPotential *pot, const RsNeigh *nb, RsParticles *p, PetscBool eatom, RsForceResult *out)
{
  const PetscInt ntot = p->n + p->nghost;
  for (PetscInt i = 0; i < 2 * ntot; i++) p->f[i] = 0;
  if (eatom)
    for (PetscInt i = 0; i < ntot; i++) p->eatom[i] = 0;
  if (pot->form == RS_PAIR_LJ_SMOOTH_LINEAR) ForceLoop(RS_PAIR_LJ_SMOOTH_LINEAR, pot, nb, p, eatom, out);
  else ForceLoop(RS_PAIR_KMT84, pot, nb, p, eatom, out);
}
