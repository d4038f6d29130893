/* rs_plan.c: the sweep's plan.

   Tasks: one `prepare` per sample (sample-K, seed prep_seed + K - 1), then for every sample,
   temperature and seed one MD task per rate and one ABC task per Q0. A task's key lists the
   values that determine its result (the sample's preparation parameters and potential first,
   then the task's own settings); rank and group layout are not in it (they change round-off,
   not physics). Expected cost (core-seconds) is a simple model corrected at run time by the
   measured speed:
     MD and preparation: atoms x steps / RS_MD_RATE (atom-steps per core-second; measured 9-14 M
       at 400-5000 atoms, docs/PERFORMANCE.md);
     ABC: strain steps x evaluations per step x atoms x RS_EVAL_SECONDS, with evaluations per
       step = E03 exp((Q0 - 0.3 eV) / q), at least 100 and at most 48 (N / 1000)^0.37 (the
       evaluations per biased relaxation) x -abc_max_penalties. Held regional width (the default)
       and full space: E03 = 4.1k N / 1000, q = 0.086 eV (N / 1000)^-0.18 (whole runs of the
       8-sample 1000-atom calibration; uncapped 5000-atom runs, docs/ABC.md "Cost per strain
       increment"); relaxed width: E03 = 1.7k (N / 5000)^0.15, q = 0.058 eV (two 10-step runs,
       docs/PERFORMANCE.md). It is rough; the ETA is corrected by the measured speed.
   Disk use counts the task file, its CSV record, two checkpoint generations and stored
   inherent structures; MD snapshots (-md_is_strain) add about 300 evaluations each. */
#include "rs_plan.h"
#include "rs_potential.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

const char *const RsTaskMethods[] = {"prepare", "md", "abc"};
const char *const RsTaskStates[]  = {"pending", "running", "done", "failed"};

#define RS_MD_RATE      8.0e6   /* atom-steps per core-second */
#define RS_EVAL_SECONDS 8.0e-8  /* seconds per atom per biased force evaluation (0.35-0.38 ms at 5000, 78-99 us at 1000) */
#define RS_BYTES_ATOM   56.0    /* H5MD state: position, velocity, image, species, id */

/* The parameters that determine a sample, as "name=value; ..." (stored with the sample). */
PetscErrorCode RsKeySample(const RsConfig *cfg, const RsPotential *pot, PetscInt seed, char *key, size_t len)
{
  const RsPrepareConfig *p = &cfg->prep;
  size_t                 n;
  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(key, len, "potential=%s; form=%s", pot->name, RsPairForms[pot->form]));
  for (PetscInt a = 0; a < pot->ntypes; a++)
    for (PetscInt b = a; b < pot->ntypes; b++) {
      PetscCall(PetscStrlen(key, &n));
      PetscCall(PetscSNPrintf(key + n, len - n, "; pair_%s_%s=%.10g/%.10g/%.10g", pot->species[a], pot->species[b], (double)pot->epsilon[a][b], (double)pot->sigma[a][b], (double)pot->rcut[a][b]));
    }
  PetscCall(PetscStrlen(key, &n));
  PetscCall(PetscSNPrintf(key + n, len - n, "; prep_atoms=%" PetscInt_FMT "; prep_area=%.10g; prep_fraction=%.10g; prep_min_distance=%.10g; prep_seed=%" PetscInt_FMT "; prep_melt_temperature=%.10g; prep_melt_time=%.10g; prep_cool_temperature=%.10g; prep_cool_rate=%.10g; prep_hold_time=%.10g; prep_quench_rate=%.10g; prep_quench_stop=%.10g; prep_block=%.10g; prep_relax_temperature=%.10g; prep_heat_rate=%.10g; prep_relax_time=%.10g; md_dt=%.10g; md_tdamp=%.10g; md_tchain=%" PetscInt_FMT "; md_pdamp=%.10g; md_pchain=%" PetscInt_FMT, p->atoms, (double)p->area, (double)p->fraction, (double)p->minDist, seed, (double)p->meltT, (double)p->meltTime, (double)p->coolT, (double)p->coolRate, (double)p->holdTime, (double)p->quenchRate, (double)p->quenchStop, (double)p->block, (double)p->relaxT, (double)p->heatRate, (double)p->relaxTime, (double)cfg->md.dt, (double)cfg->md.tdamp, cfg->md.tchain, (double)cfg->md.pdamp, cfg->md.pchain));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Splits a key copy into its "name=value" items (leading blanks dropped); returns the count. */
static int KeyItems(char *copy, char **item, int max)
{
  int   n = 0;
  char *save, *t;
  for (t = strtok_r(copy, ";", &save); t && n < max; t = strtok_r(NULL, ";", &save)) {
    while (*t == ' ') t++;
    item[n++] = t;
  }
  return n;
}

/* Index of the item named like `it` (the part before '=') in item[0..n), or -1. */
static int KeyFind(char *const *item, int n, const char *it)
{
  const size_t l = strcspn(it, "=");
  for (int k = 0; k < n; k++)
    if (strcspn(item[k], "=") == l && !strncmp(item[k], it, l)) return k;
  return -1;
}

void RsKeyFirstDifference(const char *stored, const char *now, char *what, size_t len)
{
  enum { MAXITEMS = 256 };
  char *ca = strdup(stored), *cb = strdup(now), *ia[MAXITEMS], *ib[MAXITEMS];
  snprintf(what, len, "its parameters differ");
  if (ca && cb) { /* by name: a changed value, an item added, or an item dropped (in the current key's order) */
    const int na = KeyItems(ca, ia, MAXITEMS), nb = KeyItems(cb, ib, MAXITEMS);
    int       done = 0;
    for (int k = 0; k < nb && !done; k++) {
      const int j = KeyFind(ia, na, ib[k]);
      if (j < 0) snprintf(what, len, "it was made without %s, which this configuration has", ib[k]), done = 1;
      else if (strcmp(ia[j], ib[k])) snprintf(what, len, "it was made with %s, this configuration has %s", ia[j], ib[k]), done = 1;
    }
    for (int j = 0; j < na && !done; j++)
      if (KeyFind(ib, nb, ia[j]) < 0) snprintf(what, len, "it was made with %s, which this configuration does not have", ia[j]), done = 1;
  }
  free(ca);
  free(cb);
}

/* A number as a file-name-safe token: %.6g without '+' (1e+10 -> 1e10). */
static void Token(double v, char *out, size_t len)
{
  char buf[64], *o = out;
  snprintf(buf, sizeof buf, "%.6g", v);
  for (const char *c = buf; *c && (size_t)(o - out) < len - 1; c++)
    if (*c != '+') *o++ = *c;
  *o = 0;
}

/* Appends a formatted "; key=value" part to a key of room len (truncating, never overflowing). */
static void KeyAppend(char *key, size_t len, const char *fmt, ...)
{
  const size_t u = strlen(key);
  va_list      ap;
  va_start(ap, fmt);
  vsnprintf(key + u, len - u, fmt, ap);
  va_end(ap);
}

/* Total simulated time of the preparation protocol (ps). */
static PetscReal PrepareTime(const RsPrepareConfig *p)
{
  return p->meltTime + (p->meltT - p->coolT) / p->coolRate + p->holdTime + (p->coolT - p->quenchStop) / p->quenchRate + PetscAbsReal(p->relaxT - p->quenchStop) / p->heatRate + p->relaxTime;
}

/* Appends a task (key = base + extra) to the plan. */
static PetscErrorCode AddTask(RsPlan *plan, PetscInt cap, const RsTask *t, const char *base, const char *extra)
{
  RsTask *d;
  size_t  lb, le;
  PetscFunctionBegin;
  PetscCheck(plan->n < cap, PETSC_COMM_SELF, PETSC_ERR_PLIB, "plan overflow");
  d  = &plan->task[plan->n++];
  *d = *t;
  PetscCall(PetscStrlen(base, &lb));
  PetscCall(PetscStrlen(extra, &le));
  PetscCall(PetscMalloc1(lb + le + 1, &d->key));
  PetscCall(PetscArraycpy(d->key, base, lb));
  PetscCall(PetscArraycpy(d->key + lb, extra, le + 1));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsPlanCreate(MPI_Comm comm, const RsConfig *cfg, RsPlan *plan)
{
  const RsSweepConfig *w = &cfg->sweep;
  RsPotential          pot;
  char                 path[RS_PATH_MAX], *skey, extra[2048], tok[24];
  PetscFunctionBegin;
  PetscCheck(w->nrates + w->nq0 > 0, comm, RS_ERR_INPUT, "the sweep has no shear tasks: give -sweep_md_rates, -sweep_md_rate_range or -sweep_abc_q0");
  for (PetscInt a = 0; a < w->nrates; a++)
    for (PetscInt b = 0; b < a; b++) PetscCheck(w->rates[a] != w->rates[b], comm, RS_ERR_INPUT, "the MD rate %g /s is listed twice (-sweep_md_rates and -sweep_md_rate_range together?)", (double)w->rates[a]);
  for (PetscInt a = 0; a < w->nq0; a++)
    for (PetscInt b = 0; b < a; b++) PetscCheck(w->q0[a] != w->q0[b], comm, RS_ERR_INPUT, "-sweep_abc_q0: %g eV is listed twice", (double)w->q0[a]);
  for (PetscInt a = 0; a < w->nseeds; a++)
    for (PetscInt b = 0; b < a; b++) PetscCheck(w->seeds[a] != w->seeds[b], comm, RS_ERR_INPUT, "-sweep_seeds: seed %" PetscInt_FMT " is listed twice", w->seeds[a]);
  for (PetscInt a = 0; a < w->ntemps; a++)
    for (PetscInt b = 0; b < a; b++) PetscCheck(w->temps[a] != w->temps[b], comm, RS_ERR_INPUT, "-sweep_temperatures: %g K is listed twice", (double)w->temps[a]);
  PetscCall(RsConfigResolvePath(cfg->model.potential, path, sizeof path));
  PetscCall(RsPotentialLoad(comm, path, &pot));
  PetscCall(PetscMemzero(plan, sizeof *plan));
  PetscCall(PetscStrncpy(plan->dir, w->dir, sizeof plan->dir));
  plan->atoms         = cfg->prep.atoms;
  const PetscInt cap  = w->samples * (1 + w->ntemps * w->nseeds * (w->nrates + w->nq0));
  const PetscReal N   = (PetscReal)cfg->prep.atoms;
  const PetscReal ckB = 2 * (N * 100.0 + 4096); /* two checkpoint generations */
  PetscCall(PetscCalloc1(cap, &plan->task));
  PetscCall(PetscMalloc1(RS_KEY_MAX, &skey));
  for (PetscInt s = 0; s < w->samples; s++) {
    const PetscInt prep = plan->n;
    RsTask         t    = {.method = RS_TASK_PREPARE, .sample = s, .dep = -1, .temperature = cfg->prep.relaxT, .seed = cfg->prep.seed + s};
    snprintf(t.name, sizeof t.name, "sample-%d", (int)(s + 1));
    t.cost  = N * PrepareTime(&cfg->prep) / cfg->md.dt / RS_MD_RATE;
    t.bytes = N * (RS_BYTES_ATOM + 80) + 64 * PrepareTime(&cfg->prep) + ckB;
    PetscCall(RsKeySample(cfg, &pot, t.seed, skey, RS_KEY_MAX));
    PetscCall(AddTask(plan, cap, &t, skey, ""));
    for (PetscInt k = 0; k < w->ntemps; k++)
      for (PetscInt e = 0; e < w->nseeds; e++) {
        for (PetscInt r = 0; r < w->nrates; r++) {
          RsTask u = {.method = RS_TASK_MD, .sample = s, .dep = prep, .temperature = w->temps[k], .rate = w->rates[r], .seed = w->seeds[e]};
          Token(w->rates[r], tok, sizeof tok);
          snprintf(u.name, sizeof u.name, "s%d-T%g-md-%s-seed%d", (int)(s + 1), (double)u.temperature, tok, (int)u.seed);
          const PetscReal steps = w->strain / (u.rate * 1e-12 * cfg->md.dt), rows = w->strain / cfg->md.recordStrain;
          const PetscReal nsnap = cfg->md.isStrain > 0 ? w->strain / cfg->md.isStrain + 1 : 0; /* minimised snapshots */
          u.cost  = N * steps / RS_MD_RATE + nsnap * 300 * N * RS_EVAL_SECONDS;
          u.bytes = N * RS_BYTES_ATOM + rows * (48 + 120) + ckB + rows * 48 * 2 + nsnap * (N * 40 + 4096);
          PetscCall(PetscSNPrintf(extra, sizeof extra, "; task=md; temperature=%.10g; rate=%.10g; strain=%.10g; seed=%" PetscInt_FMT "; md_dt=%.10g; md_tdamp=%.10g; md_tchain=%" PetscInt_FMT "; md_record_strain=%.10g; md_stream_profile=%d", (double)u.temperature, (double)u.rate, (double)w->strain, u.seed, (double)cfg->md.dt, (double)cfg->md.tdamp, cfg->md.tchain, (double)cfg->md.recordStrain, (int)cfg->md.streamProfile));
          if (cfg->md.isStrain > 0) { /* only when set: keys of runs without snapshots stay as they were */
            size_t l;
            PetscCall(PetscStrlen(extra, &l));
            PetscCall(PetscSNPrintf(extra + l, sizeof extra - l, "; md_is_strain=%.10g", (double)cfg->md.isStrain));
          }
          PetscCall(AddTask(plan, cap, &u, skey, extra));
        }
        for (PetscInt q = 0; q < w->nq0; q++) {
          const RsABCConfig *a = &cfg->abc;
          const RsMinConfig *m = &cfg->min;
          RsTask             u = {.method = RS_TASK_ABC, .sample = s, .dep = prep, .temperature = w->temps[k], .q0 = w->q0[q], .seed = w->seeds[e]};
          Token(w->q0[q], tok, sizeof tok);
          snprintf(u.name, sizeof u.name, "s%d-T%g-abc-q%s-seed%d", (int)(s + 1), (double)u.temperature, tok, (int)u.seed);
          /* the relaxed regional width rule is in effect (it gives other widths, hence other results) */
          const PetscBool relaxed = a->regionRadius > 0 && a->sigma == 0 && a->regionRelaxed ? PETSC_TRUE : PETSC_FALSE;
          char lateKey[256] = ""; /* options that entered later, only when set: keys of runs without them stay as they were */
          if (a->nebImages > 0) KeyAppend(lateKey, sizeof lateKey, "; abc_neb_images=%d; abc_neb_max_iterations=%d", (int)a->nebImages, (int)a->nebMaxIter);
          if (a->reuseCurvature) KeyAppend(lateKey, sizeof lateKey, "; abc_reuse_curvature=1");
          if (a->memory != 10) KeyAppend(lateKey, sizeof lateKey, "; abc_memory=%d", (int)a->memory); /* biased relaxations used 10 pairs before the option existed */
          if (relaxed) KeyAppend(lateKey, sizeof lateKey, "; abc_region_relaxed=1");
          if (a->regionRadius > 0 && a->site != RS_SITE_STRESS) KeyAppend(lateKey, sizeof lateKey, "; abc_site=%s", RsABCSites[a->site]); /* the site matters in regional mode only */
          if (a->regionRadius > 0 && a->sigma == 0 && a->widthSites != 1) KeyAppend(lateKey, sizeof lateKey, "; abc_width_sites=%d", (int)a->widthSites); /* the width rule's sites (regional, width from lambda_min) */
          if (a->regionRadius > 0 && a->regions != 1) KeyAppend(lateKey, sizeof lateKey, "; abc_regions=%d", (int)a->regions); /* the keys of one-region tasks stay as they were */
          if (cfg->qs.predict) KeyAppend(lateKey, sizeof lateKey, "; qs_predict=1; qs_predict_max=%.10g", (double)cfg->qs.predictMax); /* strain steps start from affine + the last non-affine displacement */
          /* evaluations per strain step, measured (header): held width, 1000 atoms, 30 % strain,
             8 samples: 394, 654, 1252, 4067 at Q0 0.1, 0.15, 0.2, 0.3 eV; 5000 atoms, Q0 0.3 eV:
             11.3k in flow (290 steps after an ageing transient) to 25k from a fresh glass (84
             steps), e-fold per 0.064-0.072 eV on the fresh glass up to 0.5 eV (per ~0.09 eV in
             flow), and over whole 30 % runs 1625 and 3480 at Q0 0.15 and 0.2 eV (the model: 1970,
             4300); relaxed width 1.4k-2.1k at 0.3 eV, e-fold per 0.058 eV. At least
             the strain-step minimisation; at most the cap's biased relaxations (48 evaluations
             each at 1000 atoms, 88 at 5000) */
          const PetscReal at03  = relaxed ? 1700 * PetscPowReal(N / 5000.0, 0.15) : 4100 * (N / 1000.0);
          const PetscReal efold = relaxed ? 0.058 : 0.086 * PetscPowReal(N / 1000.0, -0.18);
          const PetscReal steps = w->strain / cfg->qs.dgamma, evals = PetscMax(100.0, PetscMin(at03 * PetscExpReal((u.q0 - 0.3) / efold), 48 * PetscPowReal(N / 1000.0, 0.37) * cfg->abc.maxPenalties));
          const PetscReal nis   = cfg->qs.isEvery > 0 ? steps / cfg->qs.isEvery + 1 : 0;
          const PetscReal nreg  = a->regionRadius > 0 ? (PetscReal)a->regions : 1.0; /* each region climbs to Q0 (or its cap) */
          u.cost  = steps * evals * nreg * N * RS_EVAL_SECONDS;
          u.bytes = N * RS_BYTES_ATOM + steps * (40 + 300) + ckB + nis * (N * 40 + 4096);
          PetscCall(PetscSNPrintf(extra, sizeof extra, "; task=abc; temperature=%.10g; q0=%.10g; strain=%.10g; seed=%" PetscInt_FMT "; qs_dgamma=%.10g; qs_is_every=%" PetscInt_FMT "; abc_w=%.10g; abc_sigma=%.10g; abc_c=%.10g; abc_form=%s; abc_kick=%.10g; abc_max_penalties=%" PetscInt_FMT "; abc_fmax_biased=%.10g; abc_max_biased_iterations=%" PetscInt_FMT "; abc_dmax_biased=%.10g; abc_fmax=%.10g; abc_dnew=%.10g; abc_candidate=%.10g; abc_metropolis=%s; abc_region_radius=%.10g; abc_lanczos_iterations=%" PetscInt_FMT "%s; min_type=%s; min_fmax=%.10g; min_etol=%.10g; min_max_iterations=%" PetscInt_FMT "; min_max_evaluations=%" PetscInt_FMT "; min_dmax=%.10g; min_memory=%" PetscInt_FMT "; min_fire_dt=%.10g; min_fire_dtmax=%.10g",
                                 (double)u.temperature, (double)u.q0, (double)w->strain, u.seed, (double)cfg->qs.dgamma, cfg->qs.isEvery, (double)a->w, (double)a->sigma, (double)a->c, RsPenaltyForms[a->form], (double)a->kick, a->maxPenalties, (double)a->fmaxBiased, a->maxBiasedIter, (double)a->dmaxBiased, (double)a->fmax, (double)a->dnew, (double)a->candidate, RsMetropolisRules[a->rule], (double)a->regionRadius, a->lanczosIter, lateKey, RsMinTypes[m->type], (double)m->fmaxTol, (double)m->etol, m->maxIter, m->maxEvals, (double)m->dmax, m->memory, (double)m->fireDt, (double)m->fireDtMax));
          PetscCall(AddTask(plan, cap, &u, skey, extra));
        }
      }
  }
  PetscCall(PetscFree(skey));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Bytes as a short human-readable string. */
static void Bytes(double b, char *out, size_t len)
{
  const char *u[] = {"B", "kB", "MB", "GB", "TB"};
  int         k   = 0;
  while (b >= 1000 && k < 4) b /= 1000, k++;
  snprintf(out, len, k ? "%.1f %s" : "%.0f %s", b, u[k]);
}

PetscErrorCode RsPlanView(MPI_Comm comm, const RsPlan *plan)
{
  PetscReal cost = 0, bytes = 0;
  char      b[32];
  PetscFunctionBegin;
  PetscCall(PetscPrintf(comm, "# sweep plan: %" PetscInt_FMT " tasks, run directory %s\n", plan->n, plan->dir));
  PetscCall(PetscPrintf(comm, "# %-40s %-8s %7s %6s %12s %10s %s\n", "task", "method", "atoms", "T_K", "rate_or_Q0", "core_h", "disk"));
  for (PetscInt t = 0; t < plan->n; t++) {
    const RsTask *k = &plan->task[t];
    char          rq[32] = "-";
    if (k->method == RS_TASK_MD) snprintf(rq, sizeof rq, "%.3g /s", (double)k->rate);
    if (k->method == RS_TASK_ABC) snprintf(rq, sizeof rq, "%.3g eV", (double)k->q0);
    Bytes(k->bytes, b, sizeof b);
    PetscCall(PetscPrintf(comm, "  %-40s %-8s %7" PetscInt_FMT " %6g %12s %10.4g %s\n", k->name, RsTaskMethods[k->method], plan->atoms, (double)k->temperature, rq, (double)(k->cost / 3600), b));
    cost += k->cost;
    bytes += k->bytes;
  }
  Bytes(bytes, b, sizeof b);
  PetscCall(PetscPrintf(comm, "total: {tasks: %" PetscInt_FMT ", core_hours: %.4g, disk: \"%s\"}  # expected; the cost model is corrected by measured speed during the run\n", plan->n, (double)(cost / 3600), b));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsPlanTaskPath(const RsPlan *plan, PetscInt t, const char *suffix, char *path, size_t len)
{
  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, len, "%s/%s/%s%s", plan->dir, plan->task[t].method == RS_TASK_PREPARE ? "samples" : "tasks", plan->task[t].name, suffix));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsPlanCheckKeys(MPI_Comm comm, const RsPlan *plan)
{
  char path[RS_PATH_MAX], *old, what[1024];
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(RS_KEY_MAX, &old));
  for (PetscInt t = 0; t < plan->n; t++) {
    PetscCall(RsPlanTaskPath(plan, t, ".key", path, sizeof path));
    FILE *fp = fopen(path, "r");
    if (!fp) continue;
    size_t n = fread(old, 1, RS_KEY_MAX - 1, fp);
    fclose(fp);
    old[n] = 0;
    if (n && old[n - 1] == '\n') old[n - 1] = 0;
    if (strcmp(old, plan->task[t].key)) {
      RsKeyFirstDifference(old, plan->task[t].key, what, sizeof what);
      PetscCall(PetscFree(old));
      SETERRQ(comm, RS_ERR_INPUT, "task %s in %s was started with other parameters (%s): that would change its result; undo the change, or give a new -sweep_dir for a new run", plan->task[t].name, plan->dir, what);
    }
  }
  PetscCall(PetscFree(old));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsPlanDestroy(RsPlan *plan)
{
  PetscFunctionBegin;
  for (PetscInt t = 0; t < plan->n; t++) PetscCall(PetscFree(plan->task[t].key));
  PetscCall(PetscFree(plan->task));
  plan->n = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}
