/* rs_prepare.c: the preparation protocol of one glass sample (PHYSICS.md 3, CALIBRATION.md 1).

   1. Insertion: atoms placed one by one at uniform random positions in a square box of
      N x area, rejected when closer than minDist sigma_ab to an atom already placed (grid of
      cells, periodic). The positions come from the counter-based RNG keyed by (seed, id,
      attempt), so the sample is the same for any rank count.
   2. Melt: NVT at meltT for meltTime at fixed area (a 2D LJ liquid at P = 0 evaporates above
      ~1.9 Tg). The first 0.5 ps use dt/4 to absorb the insertion's close contacts.
   3. Cool: NVT ramp meltT -> coolT at coolRate, fixed area.
   4. Hold: NPT (iso, P = 0) at coolT for holdTime (metastable liquid at P = 0).
   5. Quench: NPT ramp coolT -> quenchStop at quenchRate; T, pe/atom, area/atom and P averaged
      over blocks of `block` K of the target ramp: the quench curve.
   6. Tg: two-line fits of pe(T) and area(T) on the configured ranges (rs_tg).
   7. Heat to relaxT at heatRate and relax there for relaxTime: NPT at P = 0 with a fully
      flexible cell (couple tri), so the sample carries no residual shear stress; the mean P and
      T of the last half and their block standard errors are reported.
   8. Structure checks (rs_structure): a crystallised sample is flagged. */
#include "rs_prepare.h"
#include "rs_rng.h"
#include "rs_units.h"
#include <math.h>

PetscErrorCode RsPrepareInsert(RsSystem *sys, const RsPrepareConfig *pc)
{
  const RsPotential *pot = sys->pot;
  RsParticles       *p   = &sys->p;
  const PetscInt     N   = pc->atoms;
  const PetscReal    L   = sqrt(N * pc->area);
  PetscReal          dmax = 0, dmin2[RS_MAX_TYPES][RS_MAX_TYPES];
  PetscFunctionBegin;
  PetscCheck(pot->ntypes >= 2 || pc->fraction >= 1, sys->dom.comm, RS_ERR_INPUT, "insertion of a binary mixture needs two species in the potential");
  for (PetscInt a = 0; a < pot->ntypes; a++)
    for (PetscInt b = 0; b < pot->ntypes; b++) {
      const PetscReal d = pc->minDist * pot->sigma[a][b];
      dmin2[a][b]       = d * d;
      dmax              = PetscMax(dmax, d);
    }
  sys->box.lo[0] = sys->box.lo[1] = 0;
  sys->box.Lx = sys->box.Ly = L;
  sys->box.xy               = 0;
  const PetscInt nc         = PetscMax(1, (PetscInt)floor(L / dmax));
  const PetscReal cw        = L / nc;
  PetscInt *head, *next, *cellOf;
  PetscReal *x;
  PetscInt  *type;
  PetscCall(PetscMalloc5(nc * nc, &head, N, &next, N, &cellOf, 2 * N, &x, N, &type));
  for (PetscInt c = 0; c < nc * nc; c++) head[c] = -1;
  const PetscInt n1 = (PetscInt)round(pc->fraction * N);
  for (PetscInt i = 0; i < N; i++) type[i] = i < n1 ? 0 : 1;
  /* shuffle types with the keyed RNG (Fisher-Yates), so species are spatially random */
  for (PetscInt i = N - 1; i > 0; i--) {
    PetscInt  j = (PetscInt)(RsRngUniform((uint64_t)pc->seed, RS_RNG_INSERT, (uint64_t)i, 0, 7) * (i + 1));
    PetscInt  t = type[i];
    type[i]     = type[j];
    type[j]     = t;
  }
  for (PetscInt i = 0; i < N; i++) {
    PetscBool placed = PETSC_FALSE;
    for (PetscInt attempt = 1; attempt <= 100000 && !placed; attempt++) {
      const PetscReal px = L * RsRngUniform((uint64_t)pc->seed, RS_RNG_INSERT, (uint64_t)i + 1, (uint64_t)attempt, 0);
      const PetscReal py = L * RsRngUniform((uint64_t)pc->seed, RS_RNG_INSERT, (uint64_t)i + 1, (uint64_t)attempt, 1);
      const PetscInt  cx = PetscMin((PetscInt)(px / cw), nc - 1), cy = PetscMin((PetscInt)(py / cw), nc - 1);
      PetscBool       ok = PETSC_TRUE;
      for (PetscInt dy = -1; dy <= 1 && ok; dy++)
        for (PetscInt dx = -1; dx <= 1 && ok; dx++) {
          const PetscInt c = ((cy + dy + nc) % nc) * nc + (cx + dx + nc) % nc;
          for (PetscInt j = head[c]; j >= 0 && ok; j = next[j]) {
            PetscReal ddx = px - x[2 * j], ddy = py - x[2 * j + 1];
            ddx -= L * nearbyint(ddx / L);
            ddy -= L * nearbyint(ddy / L);
            if (ddx * ddx + ddy * ddy < dmin2[type[i]][type[j]]) ok = PETSC_FALSE;
          }
        }
      if (!ok) continue;
      x[2 * i]     = px;
      x[2 * i + 1] = py;
      cellOf[i]    = cy * nc + cx;
      next[i]      = head[cellOf[i]];
      head[cellOf[i]] = i;
      placed       = PETSC_TRUE;
    }
    PetscCheck(placed, sys->dom.comm, RS_ERR_INPUT, "random insertion failed at atom %" PetscInt_FMT " of %" PetscInt_FMT ": %g A^2 per atom is too dense for a minimum distance of %g sigma (raise -prep_area or lower -prep_min_distance)", i + 1, N, (double)pc->area, (double)pc->minDist);
  }
  PetscCall(RsParticlesReserve(p, N));
  p->n      = N;
  p->nghost = 0;
  for (PetscInt i = 0; i < N; i++) {
    p->x[2 * i]     = x[2 * i];
    p->x[2 * i + 1] = x[2 * i + 1];
    p->v[2 * i] = p->v[2 * i + 1] = 0;
    p->image[2 * i] = p->image[2 * i + 1] = 0;
    p->type[i]                            = type[i];
    p->id[i]                              = i + 1;
  }
  PetscCall(PetscFree5(head, next, cellOf, x, type));
  PetscCall(RsSystemDistribute(sys));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* One MD stage: ensemble, temperature ramp, steps, barostat coupling. */
static PetscErrorCode Stage(RsSystem *sys, const RsMDConfig *base, const char *name, RsEnsemble ens, RsCouple couple, PetscReal t0, PetscReal t1, PetscReal ps, PetscReal dt, PetscReal velocityT)
{
  RsMDConfig c = *base;
  RsMD       md;
  PetscFunctionBegin;
  c.ensemble   = ens;
  c.couple     = couple;
  c.pressure   = 0;
  c.tstart     = t0;
  c.tstop      = t1;
  c.dt         = dt;
  c.steps      = PetscMax(1, (PetscInt)round(ps / dt));
  c.deform     = RS_DEFORM_NONE;
  c.velocityT  = velocityT;
  c.ckptFile[0] = 0;
  c.stopStep   = 0;
  PetscCall(PetscPrintf(sys->dom.comm, "# prepare: %s, %s %g -> %g K, %g ps\n", name, RsEnsembles[ens], (double)t0, (double)t1, (double)ps));
  PetscCall(RsMDSetUp(&md, &c, sys, PETSC_FALSE));
  PetscCall(RsMDRun(&md));
  PetscCall(RsMDRelease(&md));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Block-averaged mean and standard error of n samples (10 blocks). */
static void BlockStats(const PetscReal *v, PetscInt n, PetscReal out[2])
{
  const PetscInt nb = 10, m = n / nb;
  PetscReal      mean = 0, s2 = 0;
  out[0] = out[1] = 0;
  if (m < 1) return;
  for (PetscInt b = 0; b < nb; b++) {
    PetscReal bm = 0;
    for (PetscInt k = 0; k < m; k++) bm += v[b * m + k];
    bm /= m;
    mean += bm / nb;
    s2 += bm * bm / nb;
  }
  out[0] = mean;
  out[1] = sqrt(PetscMax(s2 - mean * mean, 0) / (nb - 1));
}

PetscErrorCode RsPrepareRun(RsSystem *sys, const RsPrepareConfig *pc, const RsMDConfig *base, RsPrepareResult *res)
{
  const PetscReal dt = base->dt;
  PetscFunctionBegin;
  PetscCall(PetscMemzero(res, sizeof *res));
  /* 2-4: melt (short small-step start), cool, hold */
  PetscCall(Stage(sys, base, "melt start (dt/4)", RS_ENSEMBLE_NVT, RS_COUPLE_ISO, pc->meltT, pc->meltT, PetscMin(0.5, pc->meltTime), dt / 4, pc->meltT));
  PetscCall(Stage(sys, base, "melt", RS_ENSEMBLE_NVT, RS_COUPLE_ISO, pc->meltT, pc->meltT, pc->meltTime, dt, -1));
  PetscCall(Stage(sys, base, "cool at fixed area", RS_ENSEMBLE_NVT, RS_COUPLE_ISO, pc->meltT, pc->coolT, (pc->meltT - pc->coolT) / pc->coolRate, dt, -1));
  PetscCall(Stage(sys, base, "hold at P = 0", RS_ENSEMBLE_NPT, RS_COUPLE_ISO, pc->coolT, pc->coolT, pc->holdTime, dt, -1));
  /* 5: quench with block averages of the curve */
  {
    RsMDConfig c = *base;
    RsMD       md;
    c.ensemble    = RS_ENSEMBLE_NPT;
    c.couple      = RS_COUPLE_ISO;
    c.pressure    = 0;
    c.tstart      = pc->coolT;
    c.tstop       = pc->quenchStop;
    c.steps       = PetscMax(1, (PetscInt)round((pc->coolT - pc->quenchStop) / pc->quenchRate / dt));
    c.deform      = RS_DEFORM_NONE;
    c.velocityT   = -1;
    c.ckptFile[0] = 0;
    c.stopStep    = 0;
    PetscCall(PetscPrintf(sys->dom.comm, "# prepare: quench, npt %g -> %g K at %g K/ps (%" PetscInt_FMT " steps), curve in %g K blocks\n", (double)c.tstart, (double)c.tstop, (double)pc->quenchRate, c.steps, (double)pc->block));
    PetscCall(RsMDSetUp(&md, &c, sys, PETSC_FALSE));
    const PetscInt nblock  = PetscMax(1, (PetscInt)floor((pc->coolT - pc->quenchStop) / pc->block));
    const PetscInt perBlock = PetscMax(1, c.steps / nblock), every = PetscMax(1, perBlock / 20);
    PetscCall(PetscMalloc1(4 * nblock, &res->curve));
    res->nblock = 0;
    PetscReal acc[4] = {0, 0, 0, 0};
    PetscInt  nacc   = 0;
    for (PetscInt s = 1; s <= c.steps; s++) {
      const PetscBool sample = s % every == 0;
      PetscCall(RsMDStep(&md, sample ? RS_FORCE_ENERGY | RS_FORCE_VIRIAL : 0));
      if (sample) {
        PetscReal pe, T, ke, sg[3];
        PetscCall(RsMDObserve(&md, &pe, &T, &ke, sg));
        PetscCheck(!isnan(pe) && !isinf(pe), sys->dom.comm, RS_ERR_SCIENCE, "non-finite energy during the quench at step %" PetscInt_FMT, s);
        acc[0] += T;
        acc[1] += pe / md.natoms;
        acc[2] += RsBoxArea(&sys->box) / md.natoms;
        acc[3] += -0.5 * (sg[0] + sg[1]);
        nacc++;
      }
      if ((s % perBlock == 0 || s == c.steps) && nacc > 0 && res->nblock < nblock) {
        for (int k = 0; k < 4; k++) res->curve[4 * res->nblock + k] = acc[k] / nacc;
        res->nblock++;
        acc[0] = acc[1] = acc[2] = acc[3] = 0;
        nacc                              = 0;
      }
    }
    PetscCall(PetscPrintf(sys->dom.comm, "# prepare: quench done, T %.1f K, area %.4f A^2/atom\n", (double)md.tCurrent, (double)(RsBoxArea(&sys->box) / md.natoms)));
    PetscCall(RsMDRelease(&md));
  }
  /* 6: Tg from energy and from area */
  {
    PetscReal *T, *e, *a;
    PetscCall(PetscMalloc3(res->nblock, &T, res->nblock, &e, res->nblock, &a));
    for (PetscInt b = 0; b < res->nblock; b++) {
      T[b] = res->curve[4 * b];
      e[b] = res->curve[4 * b + 1];
      a[b] = res->curve[4 * b + 2];
    }
    PetscErrorCode ierr;
    PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
    ierr = RsTgCompute(res->nblock, T, e, pc->tgGlass, pc->tgLiquid, &res->tgEnergy);
    res->tgOk[0] = ierr ? PETSC_FALSE : PETSC_TRUE;
    ierr = RsTgCompute(res->nblock, T, a, pc->tgGlass, pc->tgLiquid, &res->tgArea);
    res->tgOk[1] = ierr ? PETSC_FALSE : PETSC_TRUE;
    PetscCall(PetscPopErrorHandler());
    PetscCall(PetscFree3(T, e, a));
  }
  /* 7: heat to the shear temperature, relax with a flexible cell, collect P and T */
  if (pc->relaxT > pc->quenchStop) PetscCall(Stage(sys, base, "heat to the relaxation temperature", RS_ENSEMBLE_NPT, RS_COUPLE_TRI, pc->quenchStop, pc->relaxT, (pc->relaxT - pc->quenchStop) / pc->heatRate, dt, -1));
  {
    RsMDConfig c = *base;
    RsMD       md;
    c.ensemble    = RS_ENSEMBLE_NPT;
    c.couple      = RS_COUPLE_TRI;
    c.pressure    = 0;
    c.tstart = c.tstop = pc->relaxT;
    c.steps           = PetscMax(20, (PetscInt)round(pc->relaxTime / dt));
    c.deform          = RS_DEFORM_NONE;
    c.velocityT       = -1;
    c.ckptFile[0]     = 0;
    c.stopStep        = 0;
    PetscCall(PetscPrintf(sys->dom.comm, "# prepare: relax, npt (flexible cell) at %g K, P = 0, %g ps\n", (double)pc->relaxT, (double)pc->relaxTime));
    PetscCall(RsMDSetUp(&md, &c, sys, PETSC_FALSE));
    PetscReal *P, *Tv;
    PetscInt   ns = 0;
    PetscCall(PetscMalloc2(c.steps, &P, c.steps, &Tv));
    for (PetscInt s = 1; s <= c.steps; s++) {
      const PetscBool sample = s > c.steps / 2;
      PetscCall(RsMDStep(&md, sample ? RS_FORCE_ENERGY | RS_FORCE_VIRIAL : 0));
      if (sample) {
        PetscReal pe, T, ke, sg[3];
        PetscCall(RsMDObserve(&md, &pe, &T, &ke, sg));
        P[ns]  = -0.5 * (sg[0] + sg[1]);
        Tv[ns] = T;
        ns++;
      }
    }
    BlockStats(P, ns, res->relaxP);
    BlockStats(Tv, ns, res->relaxT);
    res->areaPerAtom = RsBoxArea(&sys->box) / md.natoms;
    PetscCall(PetscFree2(P, Tv));
    PetscCall(RsMDRelease(&md));
  }
  /* 8: structure */
  PetscCall(RsStructureCompute(sys, PetscMin(6.0, sys->pot->cutmax), &res->structure));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsPrepareResultRelease(RsPrepareResult *res)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(res->curve));
  PetscFunctionReturn(PETSC_SUCCESS);
}
