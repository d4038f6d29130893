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
   8. Structure checks (rs_structure): a crystallised sample is flagged.

   Checkpoints (-ckpt_file): at every stage boundary, and every -ckpt_every steps inside the
   quench (the long stage), the MD checkpoint carries the driver's progress (stage, quench curve
   so far, open block). Running the same command again continues from there; every stage starts
   with a neighbour rebuild, so a continued run follows the uninterrupted one bit for bit.
   Stages other than the quench restart from their beginning. */
#include "rs_prepare.h"
#include "rs_stop.h"
#include "rs_checkpoint.h"
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

/* The stages of the protocol, in order; the index is what checkpoints record. */
enum { ST_MELT0, ST_MELT, ST_COOL, ST_HOLD, ST_QUENCH, ST_HEAT, ST_RELAX, ST_DONE };
static const char *const stageNames[] = {"melt start (dt/4)", "melt", "cool at fixed area", "hold at P = 0", "quench", "heat to the relaxation temperature", "relax (flexible cell)"};

/* MD settings of stage k. */
static void StageConfig(PetscInt k, const RsPrepareConfig *pc, const RsMDConfig *base, RsMDConfig *c)
{
  const PetscReal dt = base->dt;
  PetscReal       t0 = 0, t1 = 0, ps = 0;
  *c             = *base;
  c->ensemble    = k <= ST_COOL ? RS_ENSEMBLE_NVT : RS_ENSEMBLE_NPT;
  c->couple      = k >= ST_HEAT ? RS_COUPLE_TRI : RS_COUPLE_ISO;
  c->pressure    = 0;
  c->deform      = RS_DEFORM_NONE;
  c->velocityT   = k == ST_MELT0 ? pc->meltT : -1;
  c->ckptFile[0] = 0;
  c->stopStep    = 0;
  switch (k) {
  case ST_MELT0: t0 = t1 = pc->meltT; ps = PetscMin(0.5, pc->meltTime); c->dt = dt / 4; break;
  case ST_MELT: t0 = t1 = pc->meltT; ps = pc->meltTime; break;
  case ST_COOL: t0 = pc->meltT; t1 = pc->coolT; ps = (pc->meltT - pc->coolT) / pc->coolRate; break;
  case ST_HOLD: t0 = t1 = pc->coolT; ps = pc->holdTime; break;
  case ST_QUENCH: t0 = pc->coolT; t1 = pc->quenchStop; ps = (pc->coolT - pc->quenchStop) / pc->quenchRate; break;
  case ST_HEAT: t0 = pc->quenchStop; t1 = pc->relaxT; ps = PetscMax(0, pc->relaxT - pc->quenchStop) / pc->heatRate; break;
  default: t0 = t1 = pc->relaxT; ps = pc->relaxTime; break;
  }
  c->tstart = t0;
  c->tstop  = t1;
  c->steps  = PetscMax(k == ST_RELAX ? 20 : 1, (PetscInt)round(ps / c->dt));
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

/* Driver state stored with a checkpoint: stage code (stage, + 0.5 inside the quench), the
   quench curve so far and its running block accumulators. */
static PetscErrorCode SaveProgress(RsMD *md, const char *file, PetscReal code, const RsPrepareResult *res, const PetscReal acc[5])
{
  PetscReal *v;
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(7 + 4 * res->nblock, &v));
  v[0] = code;
  v[1] = (PetscReal)res->nblock;
  for (int k = 0; k < 5; k++) v[2 + k] = acc[k];
  if (res->nblock) PetscCall(PetscArraycpy(v + 7, res->curve, 4 * res->nblock));
  PetscCall(RsMDSetExtra(md, 7 + 4 * res->nblock, v));
  PetscCall(PetscFree(v));
  PetscCall(RsCheckpointSave(md, file));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsPrepareRun(RsSystem *sys, const RsPrepareConfig *pc, const RsMDConfig *base, RsPrepareResult *res)
{
  const char *ckpt      = base->ckptFile;
  PetscReal   code      = -1, acc[5] = {0, 0, 0, 0, 0}; /* T, pe, area, P sums and count of the open block */
  PetscInt    first     = ST_MELT0;
  PetscBool   inQuench  = PETSC_FALSE;
  const PetscInt nblockMax = PetscMax(1, (PetscInt)floor((pc->coolT - pc->quenchStop) / pc->block));
  PetscFunctionBegin;
  PetscCall(PetscMemzero(res, sizeof *res));
  PetscCall(PetscMalloc1(4 * nblockMax, &res->curve));
  if (ckpt[0] && base->ckptResume) PetscCall(RsCheckpointPeekExtra(&sys->dom, ckpt, &code));
  if (code >= 0) { /* continue: the stage that wrote the checkpoint tells which state it holds */
    first    = (PetscInt)floor(code);
    inQuench = code != floor(code);
    RsMDConfig c;
    RsMD       md;
    StageConfig(inQuench ? first : first - 1, pc, base, &c); /* the stage that wrote it */
    PetscCall(PetscStrncpy(c.ckptFile, ckpt, sizeof c.ckptFile));
    PetscCall(RsMDSetUp(&md, &c, sys, PETSC_TRUE));
    res->nblock = (PetscInt)md.extra[1];
    PetscCheck(res->nblock <= nblockMax, sys->dom.comm, RS_ERR_INPUT, "checkpoint '%s' holds a quench curve longer than this run's: different -prep_* settings?", ckpt);
    for (int k = 0; k < 5; k++) acc[k] = md.extra[2 + k];
    if (res->nblock) PetscCall(PetscArraycpy(res->curve, md.extra + 7, 4 * res->nblock));
    PetscCall(PetscPrintf(sys->dom.comm, "# prepare: resumed from %s at %s%s\n", ckpt, first < ST_DONE ? stageNames[first] : "the end", inQuench ? " (inside the quench)" : ""));
    PetscCall(RsMDRelease(&md)); /* the state lives in sys; inside the quench the stage loop re-opens the checkpoint */
  }
  for (PetscInt k = first; k < ST_DONE; k++) {
    RsMDConfig c;
    RsMD       md;
    StageConfig(k, pc, base, &c);
    PetscCall(PetscPrintf(sys->dom.comm, "# prepare: %s, %s %g -> %g K, %" PetscInt_FMT " steps of %g ps\n", stageNames[k], RsEnsembles[c.ensemble], (double)c.tstart, (double)c.tstop, c.steps, (double)c.dt));
    const PetscBool resumeHere = k == first && inQuench;
    if (resumeHere) PetscCall(PetscStrncpy(c.ckptFile, ckpt, sizeof c.ckptFile));
    sys->forceRebuild = PETSC_TRUE; /* every stage starts from fresh lists: restarts take the same path */
    PetscCall(RsMDSetUp(&md, &c, sys, resumeHere));
    if (k == ST_QUENCH) { /* quench: block averages of the curve, checkpoints inside */
      const PetscInt perBlock = PetscMax(1, c.steps / nblockMax), every = PetscMax(1, perBlock / 20);
      while (md.step < c.steps) {
        const PetscInt  s      = md.step + 1;
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
          acc[4] += 1;
        }
        if ((s % perBlock == 0 || s == c.steps) && acc[4] > 0 && res->nblock < nblockMax) {
          for (int q = 0; q < 4; q++) res->curve[4 * res->nblock + q] = acc[q] / acc[4];
          res->nblock++;
          acc[0] = acc[1] = acc[2] = acc[3] = acc[4] = 0;
        }
        if (ckpt[0] && base->ckptEvery > 0 && s % base->ckptEvery == 0 && s < c.steps) {
          PetscBool stop;
          PetscCall(SaveProgress(&md, ckpt, ST_QUENCH + 0.5, res, acc));
          sys->forceRebuild = PETSC_TRUE;
          PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY | RS_FORCE_VIRIAL));
          PetscCall(RsStopAgreed(&sys->dom, &stop)); /* a safe point: stop here on a signal or the wall time */
          if (stop) {
            PetscCall(PetscPrintf(sys->dom.comm, "# prepare: stopped inside the quench at step %" PetscInt_FMT " (signal or wall time); run the same command again to continue\n", s));
            res->stopped = PETSC_TRUE;
            PetscCall(RsMDRelease(&md));
            PetscFunctionReturn(PETSC_SUCCESS);
          }
        }
        if (base->stopStep > 0 && s == base->stopStep && s < c.steps) {
          if (!(ckpt[0] && base->ckptEvery > 0 && s % base->ckptEvery == 0)) PetscCall(SaveProgress(&md, ckpt, ST_QUENCH + 0.5, res, acc));
          PetscCall(PetscPrintf(sys->dom.comm, "# prepare: stopped inside the quench at step %" PetscInt_FMT " (-md_stop_step); run the same command again to continue\n", s));
          res->stopped = PETSC_TRUE;
          PetscCall(RsMDRelease(&md));
          PetscFunctionReturn(PETSC_SUCCESS);
        }
      }
      PetscCall(PetscPrintf(sys->dom.comm, "# prepare: quench done, %" PetscInt_FMT " blocks, area %.4f A^2/atom\n", res->nblock, (double)(RsBoxArea(&sys->box) / md.natoms)));
    } else if (k == ST_RELAX) { /* relax: P and T statistics over the second half */
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
    } else PetscCall(RsMDRun(&md));
    if (ckpt[0] && k < ST_RELAX) PetscCall(SaveProgress(&md, ckpt, (PetscReal)(k + 1), res, acc)); /* stage boundary */
    PetscCall(RsMDRelease(&md));
    if (ckpt[0] && k < ST_RELAX) {
      PetscBool stop;
      PetscCall(RsStopAgreed(&sys->dom, &stop));
      if (stop) {
        PetscCall(PetscPrintf(sys->dom.comm, "# prepare: stopped after the %s stage (signal or wall time); run the same command again to continue\n", stageNames[k]));
        res->stopped = PETSC_TRUE;
        PetscFunctionReturn(PETSC_SUCCESS);
      }
    }
  }
  /* Tg from energy and from area */
  {
    PetscReal *T, *e, *a;
    PetscCall(PetscMalloc3(res->nblock + 1, &T, res->nblock + 1, &e, res->nblock + 1, &a));
    for (PetscInt b = 0; b < res->nblock; b++) {
      T[b] = res->curve[4 * b];
      e[b] = res->curve[4 * b + 1];
      a[b] = res->curve[4 * b + 2];
    }
    PetscErrorCode ierr;
    PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
    ierr         = RsTgCompute(res->nblock, T, e, pc->tgGlass, pc->tgLiquid, &res->tgEnergy);
    res->tgOk[0] = ierr ? PETSC_FALSE : PETSC_TRUE;
    ierr         = RsTgCompute(res->nblock, T, a, pc->tgGlass, pc->tgLiquid, &res->tgArea);
    res->tgOk[1] = ierr ? PETSC_FALSE : PETSC_TRUE;
    PetscCall(PetscPopErrorHandler());
    PetscCall(PetscFree3(T, e, a));
  }
  PetscCall(RsStructureCompute(sys, PetscMin(6.0, sys->pot->cutmax), &res->structure));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsPrepareResultRelease(RsPrepareResult *res)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(res->curve));
  PetscFunctionReturn(PETSC_SUCCESS);
}
