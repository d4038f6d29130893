/* rs_abc.c: one strain step of ABC sampling (PHYSICS.md 5.2-5.3 with the corrections of
   ABC-MEASUREMENTS.md section 4).

   The atom layout is frozen for the whole step (penalty centres and stored minima are vectors
   in it; the ghost band follows drifting atoms, rs_system.c). Loop: add a penalty at the walker,
   kick it (random, COM-free, a fixed 2N length: its energy must stay well below W, which a kick
   scaled with a wide sigma does not: 0.05 sigma = 0.43 A at sigma 8.5 A costs ~0.35 eV), relax on U + penalties with a step-limited
   minimiser, and track the highest unbiased energy met since the last minimum (the CA-ABC
   saddle estimate over the accepted iterates, an upper bound). The escape barrier max(highest saddle since the deepest
   minimum, current climb) - E_deepest is checked after every biased relaxation, before a
   minimum found beyond it is registered (so that minimum is discarded). A biased end point
   with Phi < 1e-3 W is polished without bias; it is a new minimum if it lies farther than
   dnew from every stored one. A new deepest minimum resets the saddle (a downhill event alone
   never counts as a climb). Then the Metropolis choice among the minima in discovery order. */
#include "rs_penalty.h"
#include "rs_neb.h"
#include "rs_rng.h"
#include "rs_units.h"
#include "rs_log.h"
#include "rs_atomstress.h"
#include <stdlib.h>

const char *const RsPenaltyForms[]    = {"gaussian", "quartic", "RsPenaltyForm", "RS_PENALTY_", NULL};
const char *const RsMetropolisRules[] = {"sequential", "random", "RsMetropolisRule", "RS_METROPOLIS_", NULL};
const char *const RsABCSites[]        = {"stress", "nonaffine", "RsABCSite", "RS_SITE_", NULL};

void RsABCConfigDefault(RsABCConfig *c)
{
  *c = (RsABCConfig){.q0 = 0.3, .w = 0.05, .sigma = 0, .c = 0.6, .form = RS_PENALTY_GAUSSIAN, .kick = 0.1, .maxPenalties = 1500, .fmaxBiased = 1e-3, .maxBiasedIter = 1000, .dmaxBiased = 0.1, .memory = 10, .fmax = 1e-4, .dnew = 0.5, .candidate = 1e-3, .temperature = 315, .rule = RS_METROPOLIS_SEQUENTIAL, .seed = 1, .lanczosIter = 200, .reuseCurvature = PETSC_FALSE, .regionRelaxed = PETSC_FALSE, .regionRadius = 25, .site = RS_SITE_STRESS, .progress = 1000, .regions = 1, .nebMaxIter = 20000, .widthSites = 16};
}

/* Marks in mask the owned atoms within R (minimum image) of the point c, and in excl (if not
   NULL) those within 2R; *cnt is the number of marked atoms over the task. Collective. */
static PetscErrorCode MarkRegion(RsSystem *sys, const PetscReal c[2], PetscReal R, char *mask, char *excl, PetscReal *cnt)
{
  const RsParticles *p = &sys->p;
  PetscFunctionBegin;
  *cnt = 0;
  for (PetscInt i = 0; i < p->n; i++) {
    PetscReal d[2] = {p->x[2 * i] - c[0], p->x[2 * i + 1] - c[1]};
    RsBoxMinImage(&sys->box, d);
    mask[i] = d[0] * d[0] + d[1] * d[1] < R * R ? 1 : 0;
    if (excl && d[0] * d[0] + d[1] * d[1] < 4 * R * R) excl[i] = 1;
    *cnt += mask[i];
  }
  PetscCall(RsDomainSum(&sys->dom, 1, cnt));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Regional mode: marks the owned atoms within radius R (minimum image) of the site, the atom
   with the highest Cauchy shear stress sigma_xy (= minus its shear virial), or with u (by atom
   id) the atom of largest non-affine displacement |u|; ties: lowest id. With K > 1 the next site
   is the best atom farther than 2R from every earlier site (disjoint regions), up to K of them;
   *nfound says how many fitted. Region k's mask is masks[k (n + 1) ...], where n is the number of
   owned atoms of the current (frozen) layout. Collective. */
static PetscErrorCode ChooseRegions(RsSystem *sys, PetscReal R, const PetscReal *u, PetscInt K, char *masks, PetscInt64 *nreg, PetscInt *nfound)
{
  RsParticles *p = &sys->p;
  PetscReal   *w;
  char        *excl;
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(p->n + 1, &w));
  PetscCall(PetscCalloc1(p->n + 1, &excl));
  if (u) /* score: |non-affine displacement|^2 of the last increment */
    for (PetscInt i = 0; i < p->n; i++) w[i] = -(u[2 * p->id[i]] * u[2 * p->id[i]] + u[2 * p->id[i] + 1] * u[2 * p->id[i] + 1]);
  else PetscCall(RsSystemAtomVirialXY(sys, w)); /* score: sigma_xy = -virial / area */
  *nfound = 0;
  for (PetscInt k = 0; k < K; k++) {
    PetscReal best = -PETSC_MAX_REAL, id = -PETSC_MAX_REAL, site[2] = {0, 0}, cnt;
    char     *mask = &masks[(size_t)k * (p->n + 1)];
    for (PetscInt i = 0; i < p->n; i++)
      if (!excl[i]) best = PetscMax(best, -w[i]);
    PetscCall(RsDomainMax(&sys->dom, 1, &best));
    if (best == -PETSC_MAX_REAL) break; /* no atom left outside the earlier regions' reach */
    for (PetscInt i = 0; i < p->n; i++)
      if (!excl[i] && -w[i] == best) id = PetscMax(id, -(PetscReal)p->id[i]);
    PetscCall(RsDomainMax(&sys->dom, 1, &id));
    for (PetscInt i = 0; i < p->n; i++)
      if (-(PetscReal)p->id[i] == id) {
        site[0] = p->x[2 * i];
        site[1] = p->x[2 * i + 1];
      }
    PetscCall(RsDomainSum(&sys->dom, 2, site));
    PetscCall(MarkRegion(sys, site, R, mask, excl, &cnt));
    nreg[k] = (PetscInt64)cnt;
    (*nfound)++;
  }
  PetscCall(PetscFree(w));
  PetscCall(PetscFree(excl));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static int CompareReal(const void *a, const void *b)
{
  const PetscReal x = *(const PetscReal *)a, y = *(const PetscReal *)b;
  return x < y ? -1 : x > y;
}

/* Width rule over M sites (-abc_width_sites M > 1): the median of the regional lambda_min over
   the regions of radius R centred at the M points ((i + 1/2) / gx, (j + 1/2) / gy) of a regular
   grid in fractional coordinates (gx = ceil(sqrt M), gy = ceil(M / gx), the first M points row
   by row), so that the width is a property of the state, not of the one atom of highest stress
   (whose region's lambda_min is one draw from a distribution whose sigma spreads by 11-15 %,
   docs/ABC.md). mask is scratch of n + 1 owned atoms. Collective; independent of the rank layout up to round-off of
   the Lanczos sums. */
static PetscErrorCode MedianLambda(RsSystem *sys, const RsABCConfig *cfg, char *mask, PetscReal *lambda)
{
  const PetscInt M = cfg->widthSites, gx = (PetscInt)PetscCeilReal(PetscSqrtReal((PetscReal)M) - 1e-9), gy = (M + gx - 1) / gx;
  const PetscReal R = cfg->regionRadius;
  PetscReal *lam;
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(M, &lam));
  for (PetscInt k = 0; k < M; k++) {
    const PetscReal s[2] = {((PetscReal)(k % gx) + 0.5) / (PetscReal)gx, ((PetscReal)(k / gx) + 0.5) / (PetscReal)gy};
    PetscReal       c[2], cnt;
    RsBoxFromFrac(&sys->box, s, c);
    PetscCall(MarkRegion(sys, c, R, mask, NULL, &cnt));
    PetscCheck(cnt >= 2, sys->dom.comm, RS_ERR_INPUT, "-abc_width_sites: the region of radius %g A around grid point %d holds %d atoms (a larger -abc_region_radius, or -abc_width_sites 1)", (double)R, (int)k, (int)cnt);
    PetscCall(RsABCLowestEigenvalue(sys, cfg->lanczosIter, mask, cfg->regionRelaxed, &lam[k]));
  }
  qsort(lam, (size_t)M, sizeof *lam, CompareReal);
  *lambda = M % 2 ? lam[M / 2] : 0.5 * (lam[M / 2 - 1] + lam[M / 2]);
  PetscCall(PetscFree(lam));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsABCSetUp(RsABC *abc, const RsABCConfig *cfg, RsSystem *sys)
{
  char      *mask = NULL;
  PetscInt64 nreg;
  PetscFunctionBegin;
  abc->cfg       = *cfg;
  abc->sigma     = cfg->sigma;
  abc->lambdaMin = 0;
  abc->fewerRegions = PETSC_FALSE;
  if (cfg->sigma > 0) PetscFunctionReturn(PETSC_SUCCESS);
  sys->forceRebuild = PETSC_TRUE; /* freeze the layout so the region mask stays valid */
  PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY));
  sys->frozen = PETSC_TRUE;
  if (cfg->regionRadius > 0) {
    PetscInt nfound;
    PetscCall(PetscMalloc1(sys->p.n + 1, &mask));
    if (cfg->widthSites == 1) PetscCall(ChooseRegions(sys, cfg->regionRadius, NULL, 1, mask, &nreg, &nfound)); /* the width of the first site's region */
  }
  if (cfg->regionRadius > 0 && cfg->widthSites > 1) PetscCall(MedianLambda(sys, cfg, mask, &abc->lambdaMin));
  else PetscCall(RsABCLowestEigenvalue(sys, cfg->lanczosIter, mask, cfg->regionRelaxed, &abc->lambdaMin));
  PetscCall(PetscFree(mask));
  sys->frozen       = PETSC_FALSE;
  sys->forceRebuild = PETSC_TRUE;
  PetscCheck(abc->lambdaMin > 0, sys->dom.comm, RS_ERR_SCIENCE, "lowest Hessian eigenvalue %g eV/A^2 is not positive: the start state is not a minimum (minimise it first), or give -abc_sigma", (double)abc->lambdaMin);
  abc->sigma = PetscSqrtReal(cfg->w / (cfg->c * abc->lambdaMin));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Bias callback context: penalties plus the highest unbiased energy seen. */
typedef struct {
  RsPenalties P;
  PetscReal   uMax; /* eV: highest unbiased energy since the last minimum */
  RsBias     *ext;  /* external part of the landscape (or NULL) */
  PetscReal   eext; /* eV: its energy at the last evaluation */
} Walk;

static PetscErrorCode WalkApply(RsBias *b, RsSystem *sys, PetscReal *eb)
{
  Walk     *w = (Walk *)b->ctx;
  PetscReal ep;
  PetscFunctionBegin;
  w->eext = 0;
  if (w->ext) PetscCall(w->ext->apply(w->ext, sys, &w->eext));
  PetscCall(RsPenaltiesEvaluate(&w->P, &sys->dom, sys->p.x, sys->p.f, &ep));
  *eb = w->eext + ep;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The penalties' partial sums ride on the evaluation's first reduction. */
static void WalkLocal(RsBias *b, RsSystem *sys, PetscInt *n, PetscReal **v)
{
  Walk *w = (Walk *)b->ctx;
  RsPenaltiesLocal(&w->P, sys->p.x, n, v);
}

/* The saddle estimate follows the relaxation path: accepted iterates only (a rejected
   line-search probe can sit far up a wall it never crossed). */
static PetscErrorCode WalkAccept(RsBias *b, RsSystem *sys)
{
  Walk *w = (Walk *)b->ctx;
  PetscFunctionBegin;
  w->uMax = PetscMax(w->uMax, sys->last.energy + w->eext);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Random COM-free displacement of the penalised atoms, 2N norm `size`, keyed by (seed, step,
   penalty, atom id). */
static PetscErrorCode Kick(RsSystem *sys, const RsPenalties *P, PetscInt64 seed, PetscInt64 step, PetscInt pen, PetscReal size)
{
  RsParticles *p = &sys->p;
  PetscReal   *d, s[3] = {0, 0, 0};
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(2 * p->n + 1, &d));
  for (PetscInt i = 0; i < p->n; i++)
    for (int k = 0; k < 2; k++) {
      const PetscBool on = !P->mask || P->mask[i];
      d[2 * i + k]       = on ? RsRngNormal((uint64_t)seed, RS_RNG_ABC, (uint64_t)p->id[i], (uint64_t)step, (uint64_t)(2 * pen + k)) : 0;
      s[1 + k] += d[2 * i + k];
    }
  PetscCall(RsDomainSum(&sys->dom, 3, s));
  for (PetscInt i = 0; i < p->n; i++)
    if (!P->mask || P->mask[i])
      for (int k = 0; k < 2; k++) d[2 * i + k] -= s[1 + k] / P->natoms;
  {
    PetscReal q = 0;
    for (PetscInt k = 0; k < 2 * p->n; k++) q += d[k] * d[k];
    PetscCall(RsDomainSum(&sys->dom, 1, &q));
    for (PetscInt k = 0; k < 2 * p->n; k++) p->x[k] += size * d[k] / PetscSqrtReal(q);
  }
  PetscCall(PetscFree(d));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Metropolis choice among minima 0..m-1 (discovery order) at temperature T; region reg's own random numbers. */
static PetscInt Metropolis(const RsABCConfig *c, const PetscReal *e, PetscInt m, PetscInt64 step, PetscInt reg)
{
  const PetscReal kT = RS_BOLTZ * c->temperature;
  PetscInt        s  = 0;
  if (c->rule == RS_METROPOLIS_SEQUENTIAL) {
    for (PetscInt j = 1; j < m; j++)
      if (e[j] <= e[s] || RsRngUniform((uint64_t)c->seed, RS_RNG_METROPOLIS, (uint64_t)(2 * reg), (uint64_t)step, (uint64_t)j) < PetscExpReal(-(e[j] - e[s]) / kT)) s = j;
  } else if (m > 1) { /* 10 (m - 1) trials of a uniformly drawn other minimum */
    for (PetscInt t = 0; t < 10 * (m - 1); t++) {
      const PetscInt r = (PetscInt)(RsRngUniform((uint64_t)c->seed, RS_RNG_METROPOLIS, (uint64_t)(2 * reg + 1), (uint64_t)step, (uint64_t)(2 * t)) * (m - 1));
      const PetscInt j = r < s ? r : r + 1;
      if (e[j] <= e[s] || RsRngUniform((uint64_t)c->seed, RS_RNG_METROPOLIS, (uint64_t)(2 * reg + 1), (uint64_t)step, (uint64_t)(2 * t + 1)) < PetscExpReal(-(e[j] - e[s]) / kT)) s = j;
    }
  }
  return s;
}

/* One region's sampling (all atoms in full-space mode) from the current minimum: penalties until
   the escape barrier exceeds Q0 or the cap, then the Metropolis choice, which it leaves in sys.
   Region r (0, 1, ...) keys its random numbers apart from the others'. The layout is frozen. */
static PetscErrorCode Climb(RsABC *abc, RsSystem *sys, PetscInt64 step, PetscInt r, const char *mask, PetscInt64 regionAtoms, RsABCStats *st)
{
  const RsABCConfig *c  = &abc->cfg;
  RsParticles       *p  = &sys->p;
  Walk               wk = {{0}, 0, abc->external, 0};
  RsBias             bias = {WalkApply, &wk, WalkAccept, WalkLocal};
  RsMinConfig        mb, mu;
  RsMinResult        res;
  RsMinHistory       hist = {0};
  PetscReal         *mins = NULL, *emin = NULL, *spath = NULL, elow, saddleHi = -PETSC_MAX_REAL;
  PetscInt           nmin = 0, maxmin = 0;
  const PetscInt     n2 = 2 * p->n, pen0 = r * c->maxPenalties; /* region r's kicks: penalties pen0 + j */
  PetscLogDouble     t0;
  PetscFunctionBegin;
  PetscCall(PetscTime(&t0));
  PetscCall(PetscMemzero(st, sizeof *st));
  st->regionAtoms = regionAtoms;
  if (r > 0) PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY | RS_FORCE_VIRIAL)); /* the previous region's choice */
  PetscCall(RsPenaltiesSetUp(&wk.P, c->form, c->w, abc->sigma, n2, mask, (PetscReal)regionAtoms));
  RsMinConfigDefault(&mb);
  mb.fmaxTol = c->fmaxBiased;
  mb.maxIter = c->maxBiasedIter;
  mb.dmax    = c->dmaxBiased;
  mb.memory  = c->memory;
  mb.history = c->reuseCurvature ? &hist : NULL; /* one penalty changes the landscape little: keep the curvature */
  RsMinConfigDefault(&mu);
  mu.fmaxTol = c->fmax;
  /* the start minimum */
  if (abc->external) { /* the landscape's energy at the start includes the external part */
    PetscCall(abc->external->apply(abc->external, sys, &wk.eext));
    PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY | RS_FORCE_VIRIAL)); /* clean forces */
  }
  st->e0 = elow = sys->last.energy + wk.eext;
  maxmin        = 8;
  PetscCall(PetscMalloc3((size_t)maxmin * n2 + 1, &mins, maxmin, &emin, maxmin, &spath));
  PetscCall(PetscArraycpy(mins, p->x, n2));
  emin[0]  = elow;
  spath[0] = elow;
  nmin     = 1;
  wk.uMax = elow;
  for (st->penalties = 0; st->penalties < c->maxPenalties; st->penalties++) {
    PetscCall(RsPenaltiesAdd(&wk.P, p->x));
    PetscCall(Kick(sys, &wk.P, c->seed, step, pen0 + st->penalties, c->kick));
    PetscCall(RsMinimize(sys, &mb, &bias, &res));
    st->evaluations += res.evaluations;
    /* escape barrier so far (the current climb included), checked before registering */
    st->barrier = PetscMax(saddleHi, wk.uMax) - elow;
    if (st->barrier > c->q0) break;
    if (res.ebias - wk.eext < c->candidate * c->w) { /* candidate minimum of U: polish without penalties */
      const PetscReal climb = wk.uMax;
      PetscReal       dmin  = PETSC_MAX_REAL;
      PetscCall(RsMinimize(sys, &mu, abc->external, &res));
      st->evaluations += res.evaluations;
      for (PetscInt m = 0; m < nmin; m++) {
        PetscReal d;
        PetscCall(RsPenaltiesDistance(&wk.P, &sys->dom, p->x, &mins[(size_t)m * n2], &d));
        dmin = PetscMin(dmin, d);
      }
      if (dmin > c->dnew) {
        if (nmin >= maxmin) {
          PetscReal *m2, *e2, *s2;
          maxmin *= 2;
          PetscCall(PetscMalloc3((size_t)maxmin * n2 + 1, &m2, maxmin, &e2, maxmin, &s2));
          PetscCall(PetscArraycpy(m2, mins, (size_t)nmin * n2));
          PetscCall(PetscArraycpy(e2, emin, nmin));
          PetscCall(PetscArraycpy(s2, spath, nmin));
          PetscCall(PetscFree3(mins, emin, spath));
          mins  = m2;
          emin  = e2;
          spath = s2;
        }
        PetscReal climbUsed = climb;
        if (c->nebImages > 0) { /* the hop's saddle from a CI-NEB between the previous minimum and this one */
          RsNEBConfig nc;
          RsNEBResult nr;
          RsNEBConfigDefault(&nc);
          nc.images = c->nebImages;
          nc.ftol   = 3e-3; /* saddle energies to well below W */
          nc.maxIter = c->nebMaxIter;
          PetscCall(RsNEB(sys, abc->external, &mins[(size_t)(nmin - 1) * n2], p->x, &nc, &nr));
          st->evaluations += nr.evaluations;
          if (nr.converged) climbUsed = PetscMin(climb, nr.esaddle);
          else PetscCall(PetscPrintf(sys->dom.comm, "# step %lld: the NEB of hop %d did not converge in %d iterations (largest force %.2g eV/A): its saddle is the walker's level (raise -abc_neb_max_iterations)\n", (long long)step, (int)nmin, (int)c->nebMaxIter, (double)nr.fmax));
        }
        PetscCall(PetscArraycpy(&mins[(size_t)nmin * n2], p->x, n2));
        emin[nmin]  = res.e;
        spath[nmin] = PetscMax(spath[nmin - 1], climbUsed); /* highest saddle along the path to it */
        if (res.e < elow) { /* a new deepest minimum: the escape is measured from it */
          elow     = res.e;
          saddleHi = -PETSC_MAX_REAL;
        } else saddleHi = PetscMax(saddleHi, climbUsed);
        nmin++;
        st->newMinima++;
        wk.uMax = res.e; /* the next climb starts here */
      }
    }
    if (c->progress > 0 && (st->penalties + 1) % c->progress == 0) { /* a long step: say where it is */
      PetscLogDouble t;
      char           label[32] = "";
      if (c->regions > 1) PetscCall(PetscSNPrintf(label, sizeof label, " region %d", (int)r + 1));
      PetscCall(PetscTime(&t));
      PetscCall(PetscPrintf(sys->dom.comm, "#   step %lld%s: %" PetscInt_FMT " penalties, new minima: %" PetscInt_FMT " (deepest %+.4f eV from the start), barrier %.4f eV of Q0 %g, %lld evaluations, %.0f s\n", (long long)step, label, st->penalties + 1, st->newMinima, (double)(elow - st->e0), (double)st->barrier, (double)c->q0, (long long)st->evaluations, t - t0));
    }
  }
  st->capped = st->penalties >= c->maxPenalties ? PETSC_TRUE : PETSC_FALSE;
  if (!st->capped) st->penalties++; /* count the penalty of the last relaxation */
  st->chosen  = Metropolis(c, emin, nmin, step, r);
  st->eChosen = emin[st->chosen];
  st->saddle  = spath[st->chosen] - st->e0;
  PetscCall(PetscArraycpy(p->x, &mins[(size_t)st->chosen * n2], n2));
  PetscCall(PetscFree3(mins, emin, spath));
  PetscCall(RsPenaltiesRelease(&wk.P));
  PetscCall(RsMinHistoryFree(&hist));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsABCStep(RsABC *abc, RsSystem *sys, PetscInt64 step, RsABCStats *st)
{
  const RsABCConfig *c = &abc->cfg;
  RsParticles       *p = &sys->p;
  PetscInt64         natoms, nreg[RS_ABC_MAX_REGIONS];
  PetscInt           nfound = 1;
  char              *masks  = NULL;
  PetscFunctionBegin;
  PetscCall(PetscMemzero(st, sizeof *st));
  PetscCall(RsSystemCountAtoms(sys, &natoms));
  /* freeze the layout for the step */
  sys->forceRebuild = PETSC_TRUE;
  sys->frozen       = PETSC_FALSE;
  PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY | RS_FORCE_VIRIAL));
  sys->frozen = PETSC_TRUE;
  nreg[0]     = natoms;
  if (c->regionRadius > 0) { /* every region is chosen at the step's start state */
    PetscCall(PetscMalloc1((size_t)c->regions * (p->n + 1), &masks));
    PetscCall(ChooseRegions(sys, c->regionRadius, c->site == RS_SITE_NONAFFINE ? abc->nonaffine : NULL, c->regions, masks, nreg, &nfound));
    PetscCheck(nreg[0] > 1, sys->dom.comm, RS_ERR_INPUT, "-abc_region_radius %g A holds %lld atoms: make it larger", (double)c->regionRadius, (long long)nreg[0]);
  }
  for (PetscInt r = 0; r < nfound; r++) { /* one region after the other, each from the previous one's choice */
    RsABCStats sr;
    PetscCall(Climb(abc, sys, step, r, masks ? &masks[(size_t)r * (p->n + 1)] : NULL, nreg[r], &sr));
    if (r == 0) {
      *st = sr;
      continue;
    }
    st->penalties += sr.penalties;
    st->newMinima += sr.newMinima;
    st->chosen += sr.chosen;
    st->barrier = PetscMin(st->barrier, sr.barrier);
    st->saddle  = PetscMax(st->saddle, sr.e0 + sr.saddle - st->e0);
    st->eChosen = sr.eChosen;
    st->evaluations += sr.evaluations;
    st->capped = st->capped || sr.capped ? PETSC_TRUE : PETSC_FALSE;
    st->regionAtoms += sr.regionAtoms;
  }
  if (nfound < c->regions && !abc->fewerRegions) { /* said once per task */
    abc->fewerRegions = PETSC_TRUE;
    PetscCall(PetscPrintf(sys->dom.comm, "# ABC step %lld: only %d of -abc_regions %d regions fit (sites at least 2 x -abc_region_radius apart); later steps may use fewer too\n", (long long)step, (int)nfound, (int)c->regions));
  }
  PetscCall(PetscFree(masks));
  sys->frozen       = PETSC_FALSE;
  sys->forceRebuild = PETSC_TRUE;
  PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY | RS_FORCE_VIRIAL));
  PetscFunctionReturn(PETSC_SUCCESS);
}
