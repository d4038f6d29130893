/* rs_reduce.c: reading the finished tasks of a sweep and computing its flow curve.

   Rank r reads tasks r, r + size, ... (their tables and final states stay on that rank for the
   archive); flow stresses and table shapes are summed over ranks so every rank holds the same
   numbers and computes the same points, calibration, sensitivity and fits. A task counts as
   finished when its task file holds the plan's key. The fits: per temperature, regime I
   (asinh) on the points labelled I and regime III on those labelled III, or on the rate ranges
   -fit_range_i / -fit_range_iii; with >= 3 samples the parameter errors are also estimated by a
   bootstrap over samples (each point's sample means resampled with the same draws; the ABC
   rates keep their calibrated values). */
#include "rs_reduce.h"
#include "rs_h5md.h"
#include "rs_journal.h"
#include "rs_rng.h"
#include <hdf5.h>
#include <hdf5_hl.h>
#include <string.h>

const char *const RsReduceTables[RS_REDUCE_NTABLES] = {"stress_strain", "abc_steps", "quench_curve", "tg", "relax", "structure"};

/* Reads the task file of task t into d (tables, columns, final state). */
static PetscErrorCode ReadTask(const RsPlan *plan, PetscInt t, RsTaskData *d)
{
  char    path[RS_PATH_MAX];
  hid_t   f;
  int     rc = 0;
  PetscFunctionBegin;
  PetscCall(RsPlanTaskPath(plan, t, ".h5", path, sizeof path));
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
  f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  PetscCheck(f >= 0, PETSC_COMM_SELF, RS_ERR_FILE, "cannot open the task file '%s'", path);
  for (int k = 0; k < RS_REDUCE_NTABLES; k++) {
    char    ds[128];
    hsize_t dims[2] = {0, 0};
    int     rank;
    size_t  sz;
    H5T_class_t cls;
    d->rows[k] = d->cols[k] = -1;
    snprintf(ds, sizeof ds, "/observables/%s", RsReduceTables[k]);
    if (H5LTfind_dataset(f, "observables") <= 0 || H5Lexists(f, ds, H5P_DEFAULT) <= 0) continue;
    if (H5LTget_dataset_ndims(f, ds, &rank) < 0 || rank != 2 || H5LTget_dataset_info(f, ds, dims, NULL, NULL) < 0) {
      rc = 1;
      break;
    }
    d->rows[k]  = (PetscInt)dims[0];
    d->cols[k]  = (PetscInt)dims[1];
    d->table[k] = malloc(sizeof(PetscReal) * (dims[0] * dims[1] + 1));
    if (!d->table[k] || (dims[0] * dims[1] > 0 && H5LTread_dataset_double(f, ds, d->table[k]) < 0)) rc = 1;
    hsize_t one;
    if (H5LTget_attribute_info(f, ds, "columns", &one, &cls, &sz) >= 0 && (d->columns[k] = malloc(sz + 1))) {
      if (H5LTget_attribute_string(f, ds, "columns", d->columns[k]) < 0) d->columns[k][0] = 0;
    }
  }
  rc |= RsH5MDReadFrame(f, "all", &d->natoms, &d->pos, &d->image, &d->species, &d->ids, d->edges) < 0;
  if (H5LTget_attribute_double(f, "/parameters", "box_origin", d->origin) < 0) d->origin[0] = d->origin[1] = 0;
  H5Fclose(f);
  PetscCheck(!rc, PETSC_COMM_SELF, RS_ERR_FILE, "task file '%s' is damaged or not a rheosweep task file", path);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ABC task d: its strain steps inside the flow window, and those stopped at the penalty cap
   (abc_steps row k belongs to the record's row k + 1; column 7 is the capped flag). */
static PetscErrorCode CappedSteps(RsTaskData *d, const RsFlowConfig *fc)
{
  const PetscInt nr = d->rows[0], nc = d->cols[0], ns = d->rows[1], ncs = d->cols[1];
  PetscFunctionBegin;
  d->capped[0] = d->capped[1] = 0;
  if (nr <= 0 || ns <= 0 || ncs < 8) PetscFunctionReturn(PETSC_SUCCESS);
  for (PetscInt k = 0; k < ns && k + 1 < nr; k++) {
    const PetscReal e = d->table[0][nc * (k + 1)];
    if (e < fc->window[0] - 1e-12 || e > fc->window[1] + 1e-12) continue;
    d->capped[1] += 1;
    d->capped[0] += d->table[1][ncs * k + 7] != 0 ? 1 : 0;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The points of one temperature inside a fit's rate range (or with the regime label). */
static PetscInt Select(const RsReduction *red, PetscReal T, int regime, const PetscReal range[2], PetscInt *idx)
{
  PetscInt n = 0;
  for (PetscInt p = 0; p < red->npoints; p++) {
    const RsFlowPoint *P = &red->points[p];
    if (P->T != T || !(P->rate > 0) || !PetscIsNormalReal(P->tau)) continue;
    if (range[1] > 0 ? (P->rate >= range[0] && P->rate <= range[1]) : P->regime == regime) idx[n++] = p;
  }
  return n;
}

/* One fit of a law on the selected points with the given stresses. */
static PetscErrorCode FitOn(const RsReduction *red, int law, PetscReal T, PetscInt n, const PetscInt *idx, const PetscReal *tau, RsLawFit *fit)
{
  PetscReal *r, *e;
  PetscFunctionBegin;
  PetscCall(PetscMalloc2(n + 1, &r, n + 1, &e));
  for (PetscInt i = 0; i < n; i++) {
    const RsFlowPoint *P = &red->points[idx[i]];
    r[i]                 = P->rate;
    e[i]                 = P->tauErr > 0 ? P->tauErr : PetscMax(1e-3 * PetscAbsReal(P->tau), 1e-3);
  }
  if (law == 1) PetscCall(RsFitAsinh(n, r, tau, e, T, fit));
  else PetscCall(RsFitRegimeIII(n, r, tau, e, T, fit));
  PetscCall(PetscFree2(r, e));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Fits a law at temperature T, with the bootstrap over samples when there are >= 3 samples. */
static PetscErrorCode Fit(RsReduction *red, const RsFlowConfig *fc, int law, PetscInt k)
{
  const PetscReal T   = red->temps[k];
  RsLawFit       *fit = law == 1 ? &red->fitI[k] : &red->fitIII[k];
  PetscInt       *idx, n, ns = RS_SWEEP_MAXLIST;
  PetscReal      *tau;
  PetscFunctionBegin;
  PetscCall(PetscMalloc2(red->npoints + 1, &idx, red->npoints + 1, &tau));
  n = Select(red, T, law == 1 ? 1 : 3, law == 1 ? fc->rangeI : fc->rangeIII, idx);
  for (PetscInt i = 0; i < n; i++) {
    tau[i] = red->points[idx[i]].tau;
    ns     = PetscMin(ns, red->points[idx[i]].nsamples);
  }
  PetscCall(FitOn(red, law, T, n, idx, tau, fit));
  if (!fit->ok && n < (law == 1 ? 3 : 4)) {
    char why[1024];
    snprintf(why, sizeof why, "%s (%d points labelled regime %s at %g K; -fit_range_%s picks points by rate)", fit->why, (int)n, law == 1 ? "I" : "III", (double)T, law == 1 ? "i" : "iii");
    PetscCall(PetscStrncpy(fit->why, why, sizeof fit->why));
  }
  if (fit->ok && fc->bootstrap > 0 && ns >= 3) {
    PetscReal s[3] = {0, 0, 0}, s2[3] = {0, 0, 0};
    PetscInt  good = 0;
    for (PetscInt b = 0; b < fc->bootstrap; b++) {
      RsLawFit bf;
      for (PetscInt i = 0; i < n; i++) {
        const RsFlowPoint *P = &red->points[idx[i]];
        PetscReal          m = 0;
        for (PetscInt j = 0; j < P->nsamples; j++) m += P->perSample[(PetscInt)(RsRngUniform((uint64_t)fc->seed, 77, (uint64_t)b, (uint64_t)j, 0) * P->nsamples) % P->nsamples];
        tau[i] = m / P->nsamples;
      }
      PetscCall(FitOn(red, law, T, n, idx, tau, &bf));
      if (!bf.ok) continue;
      good++;
      for (int j = 0; j < fit->np; j++) s[j] += bf.p[j], s2[j] += bf.p[j] * bf.p[j];
    }
    fit->nboot = good;
    for (int j = 0; j < fit->np && good > 1; j++) fit->bootErr[j] = PetscSqrtReal(PetscMax(s2[j] / good - PetscSqr(s[j] / good), 0) * good / (good - 1));
  }
  PetscCall(PetscFree2(idx, tau));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsReduceCompute(MPI_Comm comm, const RsConfig *cfg, const RsPlan *plan, RsReduction *red)
{
  RsDomain   dom;
  PetscReal *sum;
  char      *key, path[RS_PATH_MAX];
  PetscFunctionBegin;
  PetscCall(PetscMemzero(red, sizeof *red));
  PetscCall(RsDomainSetUp(&dom, comm));
  red->plan = plan;
  PetscCall(PetscCalloc1(plan->n + 1, &red->data));
  const PetscInt nv = 3 + 2 * RS_REDUCE_NTABLES + 1 + 6 + 2;
  PetscCall(PetscCalloc1(nv * plan->n + 1, &sum));
  PetscCall(PetscMalloc1(RS_KEY_MAX, &key));
  RsDomain self = {.comm = PETSC_COMM_SELF, .rank = 0, .size = 1};
  for (PetscInt t = dom.rank; t < plan->n; t += dom.size) { /* this rank's share */
    RsTaskData *d = &red->data[t];
    PetscBool   found;
    PetscCall(RsPlanTaskPath(plan, t, ".h5", path, sizeof path));
    PetscCall(RsH5ReadKey(&self, path, key, RS_KEY_MAX, &found));
    if (!found || strcmp(key, plan->task[t].key)) continue;
    PetscCall(ReadTask(plan, t, d));
    d->done = PETSC_TRUE;
    d->tau = d->tauErr = NAN;
    if (d->rows[0] > 0) {
      const PetscInt nc = d->cols[0], nr = d->rows[0];
      PetscReal     *e, *s;
      PetscBool      ok;
      PetscCall(PetscMalloc2(nr, &e, nr, &s));
      for (PetscInt i = 0; i < nr; i++) e[i] = d->table[0][nc * i], s[i] = d->table[0][nc * i + 3];
      PetscCall(RsFlowStress(nr, e, s, &cfg->reduce.flow, &d->tau, &d->tauErr, &ok));
      PetscCall(PetscFree2(e, s));
    }
    PetscCall(CappedSteps(d, &cfg->reduce.flow));
    PetscCall(RsAnalyzeTask(cfg, plan, t, d));
    PetscReal *v = &sum[nv * t];
    v[0]         = 1;
    v[1]         = PetscIsNormalReal(d->tau) ? d->tau : 0;
    v[2]         = PetscIsNormalReal(d->tau) ? d->tauErr : -1;
    for (int k = 0; k < RS_REDUCE_NTABLES; k++) v[3 + 2 * k] = d->rows[k], v[4 + 2 * k] = d->cols[k];
    v[3 + 2 * RS_REDUCE_NTABLES] = (PetscReal)d->natoms;
    const PetscReal an[6]        = {(PetscReal)d->an.ndrops, (PetscReal)d->an.nf, (PetscReal)d->an.nasnad, (PetscReal)d->an.natoms, (PetscReal)d->an.nextremes, (PetscReal)d->an.nmaps};
    PetscCall(PetscArraycpy(&v[4 + 2 * RS_REDUCE_NTABLES], an, 6));
    v[10 + 2 * RS_REDUCE_NTABLES] = d->capped[0];
    v[11 + 2 * RS_REDUCE_NTABLES] = d->capped[1];
  }
  PetscCall(PetscFree(key));
  PetscCall(RsDomainSum(&dom, nv * plan->n, sum));
  PetscReal *tau, *err, *cap;
  PetscCall(PetscMalloc3(plan->n + 1, &tau, plan->n + 1, &err, 2 * plan->n + 1, &cap));
  for (PetscInt t = 0; t < plan->n; t++) { /* every rank: shapes and flow stresses of all tasks */
    RsTaskData     *d = &red->data[t];
    const PetscReal *v = &sum[nv * t];
    d->done            = v[0] > 0 ? PETSC_TRUE : PETSC_FALSE;
    tau[t] = err[t] = NAN;
    cap[2 * t] = cap[2 * t + 1] = 0;
    if (!d->done) continue;
    red->ndone++;
    if (v[2] >= 0) tau[t] = v[1], err[t] = v[2];
    d->tau = tau[t], d->tauErr = err[t];
    for (int k = 0; k < RS_REDUCE_NTABLES; k++) d->rows[k] = (PetscInt)v[3 + 2 * k], d->cols[k] = (PetscInt)v[4 + 2 * k];
    d->natoms       = (PetscInt64)v[3 + 2 * RS_REDUCE_NTABLES];
    const PetscReal *a = &v[4 + 2 * RS_REDUCE_NTABLES];
    d->an.ndrops = (PetscInt)a[0], d->an.nf = (PetscInt)a[1], d->an.nasnad = (PetscInt)a[2], d->an.natoms = (PetscInt)a[3], d->an.nextremes = (PetscInt)a[4], d->an.nmaps = (PetscInt)a[5];
    cap[2 * t] = d->capped[0] = a[6], cap[2 * t + 1] = d->capped[1] = a[7];
  }
  PetscCall(PetscFree(sum));
  for (PetscInt t = 0; t < plan->n; t++) /* the NaDM of every task with stored structures, rows over all ranks */
    if (red->data[t].done && red->data[t].an.nf >= 2) PetscCall(RsAnalyzeNaDM(&dom, cfg, plan, t, &red->data[t], (PetscBool)(t % dom.size == dom.rank)));
  PetscCall(RsFlowPoints(plan, tau, err, cap, &red->npoints, &red->points));
  PetscCall(PetscFree3(tau, err, cap));
  PetscCall(RsReduceFit(red, &cfg->reduce.flow));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Crossover rates at temperature k: the geometric mean of the rates of the two neighbouring
   points (in rate order) where the label changes from I to II and from II to III. */
static PetscErrorCode Crossovers(RsReduction *red, PetscInt k)
{
  PetscFunctionBegin;
  red->cross[k][0] = red->cross[k][1] = NAN;
  for (int c = 0; c < 2; c++) {
    PetscReal below = 0, above = PETSC_INFINITY; /* highest rate labelled c+1, lowest labelled c+2 */
    for (PetscInt p = 0; p < red->npoints; p++) {
      const RsFlowPoint *P = &red->points[p];
      if (P->T != red->temps[k] || !(P->rate > 0)) continue;
      if (P->regime == c + 1) below = PetscMax(below, P->rate);
      if (P->regime == c + 2) above = PetscMin(above, P->rate);
    }
    if (below > 0 && above < PETSC_INFINITY && above > below) red->cross[k][c] = PetscSqrtReal(below * above);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsReduceFit(RsReduction *red, const RsFlowConfig *fc)
{
  PetscFunctionBegin;
  red->ntemps = 0;
  for (PetscInt p = 0; p < red->npoints; p++) { /* temperatures */
    PetscInt k;
    for (k = 0; k < red->ntemps && red->temps[k] != red->points[p].T; k++) {}
    if (k == red->ntemps && k < RS_SWEEP_MAXLIST) red->temps[red->ntemps++] = red->points[p].T;
  }
  for (PetscInt k = 0; k < red->ntemps; k++) {
    PetscCall(RsFlowCalibrate(red->npoints, red->points, red->temps[k], &red->calib[k]));
    PetscCall(RsFlowSensitivity(red->npoints, red->points, red->temps[k], fc));
    PetscCall(Crossovers(red, k));
    PetscCall(Fit(red, fc, 1, k));
    PetscCall(Fit(red, fc, 3, k));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* One fit as a line of the table. */
static PetscErrorCode ViewFit(MPI_Comm comm, const RsLawFit *f, int law)
{
  PetscFunctionBegin;
  if (!f->ok) {
    PetscCall(PetscPrintf(comm, "  %-28s %s\n", law == 1 ? "regime I  (A asinh(rate/B)):" : "regime III (tau_c - C ln^2/3):", f->why));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  if (law == 1)
    PetscCall(PetscPrintf(comm, "  regime I   (A asinh(rate/B)): A = %.4g +- %.2g MPa, B = %.4g /s (ln B %.3f +- %.3f), %d points %.3g-%.3g /s, chi2/dof %.3g; delta_eta Omega = kB T / A = %.4g +- %.2g A^3 (h = -model_thickness)\n", (double)f->p[0], (double)f->err[0], (double)PetscExpReal(f->p[1]), (double)f->p[1], (double)f->err[1], (int)f->n, (double)f->rateLo, (double)f->rateHi, (double)f->redChi2, (double)f->derived, (double)f->derivedErr));
  else
    PetscCall(PetscPrintf(comm, "  regime III (tau_c - C ln^2/3): tau_c = %.4g +- %.2g MPa, C = %.4g +- %.2g MPa, D = %.4g /s (ln D %.3f +- %.3f), %d points %.3g-%.3g /s, chi2/dof %.3g; E0 = kB T (tau_c/C)^3/2 = %.4g +- %.2g eV\n", (double)f->p[0], (double)f->err[0], (double)f->p[1], (double)f->err[1], (double)PetscExpReal(f->p[2]), (double)f->p[2], (double)f->err[2], (int)f->n, (double)f->rateLo, (double)f->rateHi, (double)f->redChi2, (double)f->derived, (double)f->derivedErr));
  if (f->nboot > 0) PetscCall(PetscPrintf(comm, "    bootstrap over samples (%d resamples): errors %.3g, %.3g%s%.3g\n", (int)f->nboot, (double)f->bootErr[0], (double)f->bootErr[1], law == 1 ? "" : ", ", law == 1 ? 0.0 : (double)f->bootErr[2]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsReduceView(MPI_Comm comm, const RsReduction *red)
{
  PetscFunctionBegin;
  if (red->plan) PetscCall(PetscPrintf(comm, "# reduce: %d of %d tasks finished\n", (int)red->ndone, (int)red->plan->n));
  for (PetscInt k = 0; k < red->ntemps; k++) {
    const PetscReal    T = red->temps[k];
    const RsRateCalib *c = &red->calib[k];
    PetscCall(PetscPrintf(comm, "flow curve at %.5g K:\n  %-6s %12s %9s %10s %8s %3s %7s %6s %s\n", (double)T, "method", "rate_1/s", "Q0_eV", "tau_MPa", "err_MPa", "n", "m", "m_err", "regime"));
    for (PetscInt p = 0; p < red->npoints; p++) {
      const RsFlowPoint *P = &red->points[p];
      const char        *rg[] = {"-", "I", "II", "III"};
      if (P->T != T) continue;
      char q[32] = "-";
      if (P->method == RS_TASK_ABC) snprintf(q, sizeof q, "%.4g", (double)P->q0);
      PetscCall(PetscPrintf(comm, "  %-6s %12.4g %9s %10.2f %8.2f %3d %7.3f %6.3f %s\n", RsTaskMethods[P->method], (double)P->rate, q, (double)P->tau, (double)P->tauErr, (int)P->nsamples, (double)P->m, (double)P->mErr, rg[P->regime]));
    }
    PetscBool abc = PETSC_FALSE;
    for (PetscInt p = 0; p < red->npoints; p++) abc = abc || (red->points[p].T == T && red->points[p].method == RS_TASK_ABC);
    for (PetscInt p = 0; p < red->npoints; p++) {
      const RsFlowPoint *P = &red->points[p];
      if (P->T == T && P->method == RS_TASK_ABC && P->capped > RS_REDUCE_CAPPED_WARN)
        PetscCall(PetscPrintf(comm, "  warning: ABC Q0 %.4g eV: %.0f %% of the strain steps in the flow window stopped at the penalty cap below Q0, so its stress belongs to a smaller Q0 (a higher rate) than its label; raise -abc_max_penalties\n", (double)P->q0, (double)(100 * P->capped)));
    }
    if (!abc) {
    } else if (c->ok) PetscCall(PetscPrintf(comm, "  rate calibration: rate = rate0 exp(-(1 - a) Q0 / kB T), rate0 = %.3g /s (ln %.3f +- %.3f), a = %.3f +- %.3f, from %d ABC points inside the MD range\n", (double)c->rate0, (double)c->c[0], (double)PetscSqrtReal(c->cov[0]), (double)c->a, (double)c->aErr, (int)c->n));
    else PetscCall(PetscPrintf(comm, "  rate calibration: %s; ABC points have no rate\n", c->why));
    PetscCall(PetscPrintf(comm, "  crossovers (geometric mean of the neighbouring rates where the label changes): I/II %.4g /s, II/III %.4g /s (nan: no such change)\n", (double)red->cross[k][0], (double)red->cross[k][1]));
    PetscCall(ViewFit(comm, &red->fitI[k], 1));
    PetscCall(ViewFit(comm, &red->fitIII[k], 3));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsReduceDestroy(RsReduction *red)
{
  PetscFunctionBegin;
  for (PetscInt t = 0; red->data && red->plan && t < red->plan->n; t++) {
    RsTaskData *d = &red->data[t];
    for (int k = 0; k < RS_REDUCE_NTABLES; k++) free(d->table[k]), free(d->columns[k]);
    free(d->pos), free(d->species), free(d->image), free(d->ids);
    RsAnalyzeFree(&d->an);
  }
  PetscCall(PetscFree(red->data));
  PetscCall(PetscFree(red->points));
  PetscFunctionReturn(PETSC_SUCCESS);
}
