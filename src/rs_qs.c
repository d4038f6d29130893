/* rs_qs.c: the quasistatic shear loop (PHYSICS.md 5.1 and 5.4).

   Step n: [ABC sampling from the current minimum and Metropolis choice,] affine simple shear
   x += dgamma (y - ylo), xy += dgamma Ly, unbiased minimisation at fixed box, record of the
   inherent structure (strain, stress, energy). The record and the checkpoints use the MD
   container (rs_checkpoint.c): particles in each rank's order, box, counters, the record, and
   the driver state (ABC width, predictor, per-step statistics) as its extra data. Every random
   number is keyed by (seed, step, penalty, atom id), and every minimisation starts afresh (from
   the affine positions, or with -qs_predict plus the checkpointed displacement), so a restart
   from a step boundary continues bit-identically. */
#include "rs_qs.h"
#include "rs_stop.h"
#include "rs_checkpoint.h"
#include "rs_h5md.h"
#include "rs_file.h"
#include <math.h>

/* Leading driver-state values of a checkpoint: sigma, lambda_min, evaluations, predictor length. */
#define RS_QS_NHEAD 4

const char *const RsQSMethods[] = {"aqs", "abc", "RsQSMethod", "RS_QS_", NULL};

/* Minimises without bias and appends the inherent structure to the record. */
static PetscErrorCode Relax(RsQS *qs)
{
  RsSystem     *sys = qs->md.sys;
  RsMinResult   r;
  PetscReal     sigma[3];
  RsRecordPoint pt;
  PetscFunctionBegin;
  PetscCall(RsMinimize(sys, qs->min, NULL, &r));
  qs->evaluations += r.evaluations;
  PetscCheck(r.converged || r.stop == RS_MIN_MAX_ITER || r.stop == RS_MIN_MAX_EVALS || r.fmax < 10 * qs->min->fmaxTol, sys->dom.comm, RS_ERR_SCIENCE, "minimisation at strain step %lld stalled at |F|max %g eV/A (tolerance %g)", (long long)qs->md.step, (double)r.fmax, (double)qs->min->fmaxTol);
  PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY | RS_FORCE_VIRIAL));
  for (PetscInt k = 0; k < 2 * sys->p.n; k++) sys->p.v[k] = 0;
  PetscCall(RsSystemStress(sys, sigma));
  pt = (RsRecordPoint){qs->md.strain, sigma[0], sigma[1], sigma[2], sys->last.energy / qs->md.natoms, 0};
  PetscCall(RsMDRecordAppend(&qs->md, &pt));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Stores the current inherent structure as <isDir>/is_<step>.h5 (H5MD, written through a
   temporary name, so a crash leaves whole files only; a resumed run rewrites the same names). */
static PetscErrorCode StoreIS(RsQS *qs)
{
  char                 file[RS_PATH_MAX + 32];
  const RsRecordPoint *r = &qs->md.record[qs->md.nrecord - 1];
  const PetscReal      row[5] = {r->strain, r->sxx, r->syy, r->sxy, r->pe};
  const RsH5Table      t = {"inherent_structure", 1, 5, row, "strain,sxx_MPa,syy_MPa,sxy_MPa,pe_eV_per_atom"};
  PetscFunctionBegin;
  if (!qs->cfg->isDir[0] || qs->cfg->isEvery <= 0 || qs->md.step % qs->cfg->isEvery) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscSNPrintf(file, sizeof file, "%s/is_%08lld.h5", qs->cfg->isDir, (long long)qs->md.step));
  PetscCall(RsH5MDWrite(qs->md.sys, file, qs->md.step, 0.0, &t, 1, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Affine simple shear by dg of the wrapped positions and the box. */
static PetscErrorCode Shear(RsSystem *sys, PetscReal dg)
{
  PetscFunctionBegin;
  sys->forceRebuild = PETSC_TRUE; /* wrap and migrate first */
  PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY));
  for (PetscInt i = 0; i < sys->p.n; i++) sys->p.x[2 * i] += dg * (sys->p.x[2 * i + 1] - sys->box.lo[1]);
  sys->box.xy += dg * sys->box.Ly;
  sys->forceRebuild = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Linear predictor of the non-affine relaxation (-qs_predict): in an elastic branch the
   relaxation that follows an affine increment is nearly the same from step to step, so the
   next minimisation starts from affine + u, u the previous step's non-affine displacement.
   After a plastic event (some atom's |u| above -qs_predict_max) or a new ABC minimum, u
   belongs to another basin and the step starts from the affine positions: repeating an
   avalanche's displacement triggers events early (measured: docs/ABC.md, "AQS"). Global
   arrays by atom id, as atoms may change rank inside a minimisation; two sums per strain step. */
static PetscErrorCode PredictAlloc(RsQS *qs, PetscInt nid)
{
  PetscFunctionBegin;
  qs->nid = nid;
  PetscCall(PetscCalloc2(2 * nid, &qs->xa, 2 * nid, &qs->u));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The largest atom id over the task's ranks. Collective. */
static PetscErrorCode MaxAtomId(RsSystem *sys, PetscReal *m)
{
  PetscFunctionBegin;
  *m = 0;
  for (PetscInt i = 0; i < sys->p.n; i++) *m = PetscMax(*m, (PetscReal)sys->p.id[i]);
  PetscCall(RsDomainMax(&sys->dom, 1, m));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* u is measured with the predictor on, or for the nonaffine ABC site. */
static PetscBool NeedU(const RsQS *qs)
{
  return qs->cfg->predict || (qs->cfg->method == RS_QS_ABC && qs->abc.cfg.regionRadius > 0 && qs->abc.cfg.site == RS_SITE_NONAFFINE) ? PETSC_TRUE : PETSC_FALSE;
}

/* After the affine shear: keeps the affine positions by id and adds u where it applies. */
static PetscErrorCode PredictStart(RsQS *qs)
{
  RsSystem *sys = qs->md.sys;
  PetscFunctionBegin;
  if (!NeedU(qs)) PetscFunctionReturn(PETSC_SUCCESS);
  if (!qs->xa) {
    PetscReal m;
    PetscCall(MaxAtomId(sys, &m));
    PetscCheck(m < 8.0 * (PetscReal)qs->md.natoms + 8, sys->dom.comm, RS_ERR_INPUT, "-qs_predict keeps arrays by atom id, but the ids go up to %.0f for %lld atoms: renumber the atoms or give -qs_predict false", (double)m, (long long)qs->md.natoms);
    PetscCall(PredictAlloc(qs, (PetscInt)m + 1));
  }
  PetscCall(PetscArrayzero(qs->xa, 2 * qs->nid));
  for (PetscInt i = 0; i < sys->p.n; i++) {
    const PetscInt64 id = sys->p.id[i];
    qs->xa[2 * id]     = sys->p.x[2 * i];
    qs->xa[2 * id + 1] = sys->p.x[2 * i + 1];
    if (qs->cfg->predict && qs->predictOn) {
      sys->p.x[2 * i] += qs->u[2 * id];
      sys->p.x[2 * i + 1] += qs->u[2 * id + 1];
    }
  }
  PetscCall(RsDomainSum(&sys->dom, 2 * qs->nid, qs->xa));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* After the minimisation: the new u (minimum image of relaxed - affine) and whether it applies. */
static PetscErrorCode PredictEnd(RsQS *qs)
{
  RsSystem *sys = qs->md.sys;
  PetscReal umax = 0;
  PetscFunctionBegin;
  if (!NeedU(qs)) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscArrayzero(qs->u, 2 * qs->nid));
  for (PetscInt i = 0; i < sys->p.n; i++) {
    const PetscInt64 id   = sys->p.id[i];
    PetscReal        d[2] = {sys->p.x[2 * i] - qs->xa[2 * id], sys->p.x[2 * i + 1] - qs->xa[2 * id + 1]};
    RsBoxMinImage(&sys->box, d);
    qs->u[2 * id]     = d[0];
    qs->u[2 * id + 1] = d[1];
    umax              = PetscMax(umax, d[0] * d[0] + d[1] * d[1]);
  }
  PetscCall(RsDomainSum(&sys->dom, 2 * qs->nid, qs->u));
  PetscCall(RsDomainMax(&sys->dom, 1, &umax));
  qs->predictOn     = PetscSqrtReal(umax) <= qs->cfg->predictMax ? PETSC_TRUE : PETSC_FALSE;
  qs->abc.nonaffine = qs->u; /* the nonaffine site of the next step */
  qs->abc.nid       = qs->nid;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Driver state for the checkpoint: sigma, lambda_min, evaluations, -1 - L with L the
   predictor's length (0: none; else 2 x ids + 1; negative, so that it cannot be mistaken for the
   first statistic of the layout before the predictor, which had no such entry), u and its flag,
   then the statistics. */
static PetscErrorCode SaveExtra(RsQS *qs)
{
  const PetscInt L = qs->u ? 2 * qs->nid + 1 : 0;
  PetscReal     *v;
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(RS_QS_NHEAD + L + RS_QS_NSTAT * qs->nstats, &v));
  v[0] = qs->abc.sigma;
  v[1] = qs->abc.lambdaMin;
  v[2] = (PetscReal)qs->evaluations;
  v[3] = -1 - (PetscReal)L;
  if (L) {
    PetscCall(PetscArraycpy(&v[RS_QS_NHEAD], qs->u, L - 1));
    v[RS_QS_NHEAD + L - 1] = qs->predictOn ? 1 : 0;
  }
  if (qs->nstats) PetscCall(PetscArraycpy(&v[RS_QS_NHEAD + L], qs->stats, RS_QS_NSTAT * qs->nstats));
  PetscCall(RsMDSetExtra(&qs->md, RS_QS_NHEAD + L + RS_QS_NSTAT * qs->nstats, v));
  PetscCall(PetscFree(v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode AddStats(RsQS *qs, const PetscReal *s)
{
  PetscFunctionBegin;
  if (qs->nstats >= qs->maxstats) {
    PetscReal *t;
    qs->maxstats = 2 * qs->maxstats + 64;
    PetscCall(PetscMalloc1(RS_QS_NSTAT * qs->maxstats, &t));
    if (qs->nstats) PetscCall(PetscArraycpy(t, qs->stats, RS_QS_NSTAT * qs->nstats));
    PetscCall(PetscFree(qs->stats));
    qs->stats = t;
  }
  PetscCall(PetscArraycpy(&qs->stats[RS_QS_NSTAT * qs->nstats++], s, RS_QS_NSTAT));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsQSSetUp(RsQS *qs, const RsQSConfig *cfg, const RsABCConfig *abc, const RsMinConfig *min, const RsMDConfig *ckpt, RsSystem *sys)
{
  PetscBool resume = PETSC_FALSE;
  PetscFunctionBegin;
  PetscCall(PetscMemzero(qs, sizeof *qs));
  qs->cfg = cfg;
  qs->min = min;
  PetscCheck(cfg->dgamma > 0 && cfg->strain >= cfg->dgamma, sys->dom.comm, RS_ERR_INPUT, "-qs_dgamma must be positive and -qs_strain at least one increment (got %g and %g)", (double)cfg->dgamma, (double)cfg->strain);
  qs->nsteps = (PetscInt64)PetscFloorReal(cfg->strain / cfg->dgamma + 1e-9);
  /* the container: NVE placeholder with the checkpoint settings (no dynamics is run) */
  qs->mdc           = (RsMDConfig){.ensemble = RS_ENSEMBLE_NVE, .dt = 1e-3, .steps = qs->nsteps, .velocityT = -1, .tchain = 1, .pchain = 1, .recordStrain = cfg->dgamma};
  qs->mdc.ckptEvery = ckpt->ckptEvery;
  qs->mdc.stopStep  = ckpt->stopStep;
  PetscCall(PetscStrncpy(qs->mdc.ckptFile, ckpt->ckptFile, sizeof qs->mdc.ckptFile));
  if (ckpt->ckptFile[0] && ckpt->ckptResume) PetscCall(RsCheckpointExists(&sys->dom, ckpt->ckptFile, &resume));
  for (PetscInt k = 0; k < 2 * sys->p.n; k++) sys->p.v[k] = 0;
  PetscCall(RsMDSetUp(&qs->md, &qs->mdc, sys, resume));
  qs->abc.cfg = *abc;
  if (resume) {
    const PetscReal *v    = qs->md.extra;
    const PetscBool  old  = qs->md.nextra < RS_QS_NHEAD || v[3] >= 0 ? PETSC_TRUE : PETSC_FALSE; /* written before the predictor */
    const PetscInt   head = old ? RS_QS_NHEAD - 1 : RS_QS_NHEAD, L = old ? 0 : (PetscInt)(-1 - v[3]), ns = qs->md.nextra - head - L;
    PetscCheck(qs->md.nextra >= 3 && L >= 0 && (L == 0 || L % 2 == 1) && ns >= 0 && ns % RS_QS_NSTAT == 0, sys->dom.comm, RS_ERR_FILE, "checkpoint '%s' was not written by a quasistatic run", ckpt->ckptFile);
    qs->abc.sigma     = v[0];
    qs->abc.lambdaMin = v[1];
    qs->evaluations   = (PetscInt64)v[2];
    if (L && NeedU(qs)) {
      PetscReal m;
      PetscCall(MaxAtomId(sys, &m));
      PetscCheck(m < (L - 1) / 2, sys->dom.comm, RS_ERR_FILE, "checkpoint '%s' holds non-affine displacements of %d atom ids, but its atoms have ids up to %.0f", ckpt->ckptFile, (int)((L - 1) / 2), (double)m);
      PetscCall(PredictAlloc(qs, (L - 1) / 2));
      PetscCall(PetscArraycpy(qs->u, &v[head], L - 1));
      qs->predictOn     = v[head + L - 1] != 0 ? PETSC_TRUE : PETSC_FALSE;
      qs->abc.nonaffine = qs->u;
      qs->abc.nid       = qs->nid;
    } else if (NeedU(qs) && qs->md.step > 0)
      PetscCall(PetscPrintf(sys->dom.comm, "# checkpoint %s holds no non-affine displacement (written without -qs_predict and -abc_site nonaffine): the next step starts from the affine positions and the stress site, unlike an uninterrupted run\n", ckpt->ckptFile));
    for (PetscInt k = 0; k < ns / RS_QS_NSTAT; k++) PetscCall(AddStats(qs, &v[head + L + RS_QS_NSTAT * k]));
    PetscCall(PetscPrintf(sys->dom.comm, "# resumed from checkpoint %s at strain step %lld\n", ckpt->ckptFile, (long long)qs->md.step));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(Relax(qs)); /* step 0: the inherent structure of the start state */
  PetscCall(StoreIS(qs));
  if (cfg->method == RS_QS_ABC) PetscCall(RsABCSetUp(&qs->abc, abc, sys));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsQSRun(RsQS *qs)
{
  RsSystem      *sys = qs->md.sys;
  const PetscInt every = qs->cfg->progressEvery;
  PetscLogDouble t0;
  PetscFunctionBegin;
  PetscCall(PetscTime(&t0));
  if (qs->cfg->method == RS_QS_ABC) {
    char regions[96] = "", sites[64] = "";
    if (qs->abc.cfg.regionRadius > 0 && qs->abc.cfg.sigma == 0 && qs->abc.cfg.widthSites > 1) PetscCall(PetscSNPrintf(sites, sizeof sites, ", median of %d regions on a grid", (int)qs->abc.cfg.widthSites));
    if (qs->abc.cfg.regions > 1) PetscCall(PetscSNPrintf(regions, sizeof regions, " (%d disjoint regions per strain step, one after the other)", (int)qs->abc.cfg.regions));
    PetscCall(PetscPrintf(sys->dom.comm, "# ABC: Q0 %g eV, W %g eV, sigma %g A%s (lambda_min %g eV/A^2%s%s, c %g), %s penalties %s%s, T %g K, %s Metropolis\n", (double)qs->abc.cfg.q0, (double)qs->abc.cfg.w, (double)qs->abc.sigma, qs->abc.cfg.sigma > 0 ? " (given)" : " (from W/sigma^2 = c lambda_min)", (double)qs->abc.lambdaMin, qs->abc.cfg.regionRadius > 0 && qs->abc.cfg.sigma == 0 ? (qs->abc.cfg.regionRelaxed ? " of the region, other atoms relaxed" : " of the region, other atoms held") : "", sites, (double)qs->abc.cfg.c, RsPenaltyForms[qs->abc.cfg.form], qs->abc.cfg.regionRadius > 0 ? (qs->abc.cfg.site == RS_SITE_NONAFFINE ? "on the atoms within -abc_region_radius of the largest non-affine displacement" : "on the atoms within -abc_region_radius of the highest shear stress") : "in full space", regions, (double)qs->abc.cfg.temperature, RsMetropolisRules[qs->abc.cfg.rule]));
  }
  PetscCall(PetscPrintf(sys->dom.comm, "%8s %10s %12s %16s %9s %9s %7s %8s %10s\n", "step", "strain", "sxy_MPa", "pe_eV_atom", "penalties", "barrier", "chosen", "evals", "wall_s"));
  while (qs->md.step < qs->nsteps) {
    PetscReal s[RS_QS_NSTAT] = {0};
    if (qs->cfg->method == RS_QS_ABC) {
      RsABCStats st;
      PetscCall(RsABCStep(&qs->abc, sys, qs->md.step + 1, &st));
      qs->evaluations += st.evaluations;
      const PetscReal v[RS_QS_NSTAT] = {(PetscReal)st.penalties, (PetscReal)st.newMinima, (PetscReal)st.chosen, st.barrier, st.e0, st.eChosen, (PetscReal)st.evaluations, st.capped ? 1.0 : 0.0, (PetscReal)st.regionAtoms, st.saddle};
      PetscCall(PetscArraycpy(s, v, RS_QS_NSTAT));
      if (st.capped) PetscCall(PetscPrintf(sys->dom.comm, "# step %lld: penalty cap %" PetscInt_FMT " reached at barrier %.4f eV < Q0 (step capped)\n", (long long)qs->md.step + 1, qs->abc.cfg.maxPenalties, (double)st.barrier));
    }
    if (qs->cfg->method == RS_QS_ABC && s[2] != 0) qs->predictOn = PETSC_FALSE; /* another basin */
    PetscCall(Shear(sys, qs->cfg->dgamma));
    PetscCall(PredictStart(qs));
    qs->md.step++;
    qs->md.strain = qs->md.step * qs->cfg->dgamma;
    PetscCall(Relax(qs));
    PetscCall(PredictEnd(qs));
    PetscCall(StoreIS(qs));
    if (qs->cfg->method == RS_QS_ABC) PetscCall(AddStats(qs, s));
    if ((every > 0 && qs->md.step % every == 0) || qs->md.step == qs->nsteps) {
      PetscLogDouble t;
      const RsRecordPoint *r = &qs->md.record[qs->md.nrecord - 1];
      PetscCall(PetscTime(&t));
      PetscCall(PetscPrintf(sys->dom.comm, "%8lld %10.6f %12.4f %16.10f %9d %9.4f %7d %8lld %10.1f\n", (long long)qs->md.step, (double)r->strain, (double)r->sxy, (double)r->pe, (int)s[0], (double)s[3], (int)s[2], (long long)qs->evaluations, t - t0));
    }
    PetscBool stop = qs->mdc.stopStep > 0 && qs->md.step >= qs->mdc.stopStep && qs->md.step < qs->nsteps;
    if (qs->mdc.ckptFile[0] && ((qs->mdc.ckptEvery > 0 && qs->md.step % qs->mdc.ckptEvery == 0) || stop)) {
      PetscCall(SaveExtra(qs));
      PetscCall(RsCheckpointSave(&qs->md, qs->mdc.ckptFile));
      if (!stop && qs->md.step < qs->nsteps) { /* a safe point: stop here on a signal or the wall time */
        PetscCall(RsStopAgreed(&sys->dom, &stop));
        if (stop) PetscCall(PetscPrintf(sys->dom.comm, "# stopped at strain step %lld of %lld (signal or wall time), checkpoint written; run the same command again to continue\n", (long long)qs->md.step, (long long)qs->nsteps));
      }
    }
    if (stop) {
      qs->stopped = PETSC_TRUE;
      break;
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsQSWrite(RsQS *qs, const char *key)
{
  const PetscInt nr = qs->md.nrecord, abc = qs->cfg->method == RS_QS_ABC, nc = 5 + (abc ? RS_QS_NSTAT : 0);
  PetscReal     *rec, *csv;
  PetscFunctionBegin;
  PetscCall(PetscMalloc2(5 * nr + 1, &rec, nc * nr + 1, &csv));
  for (PetscInt k = 0; k < nr; k++) {
    const RsRecordPoint *r    = &qs->md.record[k];
    const PetscReal      v[5] = {r->strain, r->sxx, r->syy, r->sxy, r->pe};
    PetscCall(PetscArraycpy(&rec[5 * k], v, 5));
    PetscCall(PetscArraycpy(&csv[nc * k], v, 5));
    for (PetscInt j = 5; j < nc; j++) /* step k's ABC statistics; none for the start (empty cells) */
      csv[nc * k + j] = k > 0 && k - 1 < qs->nstats ? qs->stats[RS_QS_NSTAT * (k - 1) + j - 5] : NAN;
  }
  if (qs->cfg->record[0]) PetscCall(RsFileWriteCSV(&qs->md.sys->dom, qs->cfg->record, abc ? "strain,sxx_MPa,syy_MPa,sxy_MPa,pe_eV_per_atom,penalties,new_minima,chosen,barrier_eV,e_start_eV,e_chosen_eV,evaluations,capped,penalised_atoms,path_saddle_eV" : "strain,sxx_MPa,syy_MPa,sxy_MPa,pe_eV_per_atom", nr, nc, csv));
  if (qs->cfg->h5[0]) {
    RsH5Table t[2] = {{"stress_strain", nr, 5, rec, "strain,sxx_MPa,syy_MPa,sxy_MPa,pe_eV_per_atom"}, {"abc_steps", qs->nstats, RS_QS_NSTAT, qs->stats, "penalties,new_minima,chosen,barrier_eV,e_start_eV,e_chosen_eV,evaluations,capped,penalised_atoms,path_saddle_eV"}};
    PetscCall(RsH5MDWrite(qs->md.sys, qs->cfg->h5, qs->md.step, 0.0, t, abc ? 2 : 1, key));
  }
  PetscCall(PetscFree2(rec, csv));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsQSRelease(RsQS *qs)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(qs->stats));
  PetscCall(PetscFree2(qs->xa, qs->u));
  PetscCall(RsMDRelease(&qs->md));
  PetscFunctionReturn(PETSC_SUCCESS);
}
