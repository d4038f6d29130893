/* rs_analyze.c: the paper's analyses of one finished task (PHYSICS.md 6-10), run by the rank
   that read the task in the reduction stage, so they are parallel over tasks.

   - Stress drops (Fig. 1B,C): sigma_xy of the record from the start of the flow window to the
     end, median filter over -analyze_drop_window of strain, drops above -analyze_drop_floor,
     power-law MLE of their PDF above -analyze_drop_xmin (default: their 20th percentile).
   - From the stored inherent structures of an ABC task (-qs_is_every, files
     <task>.is/is_<step>.h5) or the minimised snapshots of an MD task (-md_is_strain, files
     <task>.is/is_<k>.h5), positions unwrapped with their image flags and cells:
     NaDM (Eq. 1) on the -analyze_subset atoms nearest the atom closest to the cell centre in
     the first structure, and on all atoms; ASNaD delta^2(g) = Delta^2(g - xi/2, g + xi/2) on the
     subset; the von Mises local strain of every atom from the first to the last structure
     (Fig. 3A,B); per block of -analyze_block strain the -analyze_top largest incremental local
     strains over the block mean, pooled and fitted by a GEV (Fig. 3C); the activated atoms
     (local strain > -analyze_eta_active) between the two consecutive structures with the
     largest all-atom Delta^2, their clusters, activated fraction and wrapping (Fig. 5); the
     box-counting dimension of the boundary of {Delta^2_subset < theta} (SI, PHYSICS.md 10.4).
   - Flow profile and non-affine displacements (Fig. 3D,E): first -> last inherent structure of
     an ABC task, or the sample's state -> the final state of an MD task. */
#include "rs_reduce.h"
#include "rs_analysis.h"
#include "rs_h5md.h"
#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static PetscErrorCode Profile(const PetscReal *r0, const PetscReal *r1, PetscInt n, PetscReal gamma, PetscReal Ly0, RsTaskAnalysis *an);

void RsAnalyzeFree(RsTaskAnalysis *an)
{
  PetscFree(an->cacheR);
  PetscFree(an->cacheBox);
  PetscFree(an->cacheIdx);
  free(an->cacheStrain);
  free(an->maps), free(an->drops), free(an->strain), free(an->nadmSub), free(an->nadmAll), free(an->asnad), free(an->etaFinal), free(an->extremes);
  memset(an, 0, sizeof *an);
}

/* Stress drops of the record (columns strain, ..., sigma_xy at 3). */
static PetscErrorCode Drops(const RsReduceConfig *rc, const RsTaskData *d, RsTaskAnalysis *an)
{
  const PetscInt nr = d->rows[0], nc = d->cols[0];
  PetscInt       i0 = 0, w;
  PetscFunctionBegin;
  for (int k = 0; k < 5; k++) an->dropFit[k] = NAN;
  if (nr < 3) PetscFunctionReturn(PETSC_SUCCESS);
  while (i0 < nr && d->table[0][nc * i0] < rc->flow.window[0]) i0++;
  const PetscInt  n  = nr - i0;
  const PetscReal dg = (d->table[0][nc * (nr - 1)] - d->table[0][0]) / (nr - 1);
  if (n < 3 || !(dg > 0)) PetscFunctionReturn(PETSC_SUCCESS);
  w = (PetscInt)round(rc->dropWindow / dg);
  w = PetscMax(1, w + (w % 2 == 0));
  PetscReal *s;
  PetscCall(PetscMalloc1(n, &s));
  for (PetscInt i = 0; i < n; i++) s[i] = d->table[0][nc * (i0 + i) + 3];
  PetscReal *drops;
  PetscCall(RsStressDrops(n, s, w, rc->dropFloor, &an->ndrops, &drops));
  an->drops = malloc(sizeof(PetscReal) * (size_t)(an->ndrops + 1));
  PetscCall(PetscArraycpy(an->drops, drops, an->ndrops));
  PetscCall(PetscFree(drops));
  PetscCall(PetscFree(s));
  an->dropFit[4] = (PetscReal)w;
  if (an->ndrops >= 5) {
    PetscReal *sorted, xmin = rc->dropXmin, tau, err;
    PetscInt   used;
    PetscCall(PetscMalloc1(an->ndrops, &sorted));
    PetscCall(PetscArraycpy(sorted, an->drops, an->ndrops));
    PetscCall(PetscSortReal(an->ndrops, sorted));
    if (xmin <= 0) xmin = sorted[an->ndrops / 5];
    PetscCall(PetscFree(sorted));
    PetscCall(RsPowerLawMLE(an->ndrops, an->drops, xmin, &tau, &err, &used));
    an->dropFit[0] = (PetscReal)used, an->dropFit[1] = xmin, an->dropFit[2] = tau, an->dropFit[3] = err;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The H5MD state /particles/all of a file (an inherent structure, a snapshot, a sample):
   unwrapped positions (id order as stored) and its cell (Lx, xy, Ly). */
static int ReadIS(const char *path, PetscInt n, PetscReal *r, PetscReal box[3])
{
  hid_t      f   = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  PetscReal *pos = NULL, e[4] = {0, 0, 0, 0};
  int       *img = NULL;
  PetscInt64 m   = -1;
  int        rc  = f < 0 || RsH5MDReadFrame(f, "all", &m, &pos, &img, NULL, NULL, e) < 0 || m != n;
  if (!rc) memcpy(r, pos, sizeof(PetscReal) * 2 * (size_t)n);
  if (!rc)
    for (PetscInt i = 0; i < n; i++) {
      r[2 * i] += img[2 * i] * e[0] + img[2 * i + 1] * e[2];
      r[2 * i + 1] += img[2 * i + 1] * e[3];
    }
  box[0] = e[0], box[1] = e[2], box[2] = e[3];
  if (f >= 0) H5Fclose(f);
  free(pos);
  free(img);
  return rc ? -1 : 0;
}

/* Boundary of {m < theta} on the top-left s x s pixels of an nf x nf matrix. */
static void Boundary(PetscInt nf, const PetscReal *m, PetscReal theta, PetscInt s, unsigned char *img)
{
  for (PetscInt a = 0; a < s; a++)
    for (PetscInt b = 0; b < s; b++) {
      const int in = m[a * nf + b] < theta;
      int       edge = 0;
      if (a + 1 < s) edge |= (m[(a + 1) * nf + b] < theta) != in;
      if (b + 1 < s) edge |= (m[a * nf + b + 1] < theta) != in;
      img[a * s + b] = (unsigned char)edge;
    }
}

/* The stored structures of task t: unwrapped positions R (nf x N x 2), cells, strains, and the
   compact subset around the atom nearest the cell centre in the first structure. */
static PetscErrorCode Frames(const RsConfig *cfg, const RsPlan *plan, PetscInt t, PetscInt N, PetscReal dstrain, PetscInt every, PetscInt *nfo, PetscReal **Ro, PetscReal (**boxo)[3], PetscReal **strain, PetscInt *nso, PetscInt **idxo)
{
  const PetscInt64 nsteps = (PetscInt64)round(cfg->sweep.strain / dstrain);
  char             dir[RS_PATH_MAX], path[RS_PATH_MAX + 32];
  PetscReal       *R, (*box)[3];
  PetscInt         nf = 0, cap = (PetscInt)(nsteps / every) + 2;
  PetscFunctionBegin;
  PetscCall(RsPlanTaskPath(plan, t, ".is", dir, sizeof dir));
  PetscCall(PetscMalloc2((size_t)cap * 2 * N, &R, cap, &box));
  *strain = malloc(sizeof(PetscReal) * (size_t)cap);
  for (PetscInt64 s = 0; s <= nsteps; s += every) {
    snprintf(path, sizeof path, "%s/is_%08lld.h5", dir, (long long)s);
    if (ReadIS(path, N, &R[(size_t)nf * 2 * N], box[nf])) continue;
    (*strain)[nf++] = s * dstrain;
  }
  const PetscInt ns = PetscMin(cfg->reduce.subset, N);
  PetscInt       centre = 0;
  PetscReal      best = PETSC_INFINITY, cx = 0, cy = 0;
  PetscCall(PetscMalloc1(ns, idxo));
  if (nf > 0) {
    for (PetscInt i = 0; i < N; i++) cx += R[2 * i] / N, cy += R[2 * i + 1] / N;
    for (PetscInt i = 0; i < N; i++) {
      const PetscReal q = PetscSqr(R[2 * i] - cx) + PetscSqr(R[2 * i + 1] - cy);
      if (q < best) best = q, centre = i;
    }
    PetscCall(RsCompactSubset(N, R, box[0], centre, ns, *idxo));
  }
  *nfo = nf, *Ro = R, *boxo = box, *nso = ns;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Delta^2 between structures a and b: on the subset (s1) and on all atoms (s2). */
static PetscErrorCode Pair(PetscInt N, PetscInt ns, const PetscInt *idx, const PetscReal *R, const PetscReal *strain, PetscInt a, PetscInt b, PetscReal *s1, PetscReal *s2)
{
  PetscFunctionBegin;
  if (s1) PetscCall(RsNonAffineDistance(ns, idx, &R[(size_t)a * 2 * N], strain[a], &R[(size_t)b * 2 * N], strain[b], s1));
  if (s2) PetscCall(RsNonAffineDistance(N, NULL, &R[(size_t)a * 2 * N], strain[a], &R[(size_t)b * 2 * N], strain[b], s2));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The analyses of the stored structures of a task that need no full NaDM (its owner). */
static PetscErrorCode Structures(const RsConfig *cfg, const RsPlan *plan, PetscInt t, const RsTaskData *d, RsTaskAnalysis *an, PetscReal dstrain, PetscInt every)
{
  const RsReduceConfig *rc = &cfg->reduce;
  const PetscInt        N  = (PetscInt)d->natoms;
  PetscReal            *R, (*box)[3];
  PetscInt              nf, ns, *idx;
  PetscFunctionBegin;
  PetscCall(Frames(cfg, plan, t, N, dstrain, every, &nf, &R, &box, &an->strain, &ns, &idx));
  an->nf = nf;
  if (nf < 2) {
    an->nf = 0;
    PetscCall(PetscFree(idx));
    PetscCall(PetscFree2(R, box));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  /* ASNaD */
  const PetscInt h = PetscMax(1, (PetscInt)round(rc->asnadXi / 2 / (dstrain * every)));
  an->nasnad       = PetscMax(0, nf - 2 * h);
  an->asnad        = malloc(sizeof(PetscReal) * (size_t)(2 * an->nasnad + 1));
  for (PetscInt k = 0; k < an->nasnad; k++) {
    an->asnad[2 * k] = an->strain[k + h];
    PetscCall(Pair(N, ns, idx, R, an->strain, k, k + 2 * h, &an->asnad[2 * k + 1], NULL));
  }
  /* local strain, first -> last */
  PetscReal *eta, *vm;
  int       *ok;
  PetscCall(PetscMalloc3(3 * N, &eta, N, &vm, N, &ok));
  an->natoms   = N;
  an->etaFinal = malloc(sizeof(PetscReal) * (size_t)N);
  PetscCall(RsLocalStrain(N, R, &R[(size_t)(nf - 1) * 2 * N], box[0], box[nf - 1], rc->etaCutoff, (RsVonMises)rc->vm, eta, an->etaFinal, ok));
  /* block extremes: incremental local strain within blocks of rc->block strain */
  const PetscInt bl = PetscMax(1, (PetscInt)round(rc->block / (dstrain * every)));
  an->extremes      = malloc(sizeof(PetscReal) * (size_t)(rc->top * (nf / bl + 1) + 1));
  an->nextremes     = 0;
  for (PetscInt a = 0; a + bl < nf; a += bl) {
    PetscReal mean = 0, *sorted;
    PetscCall(RsLocalStrain(N, &R[(size_t)a * 2 * N], &R[(size_t)(a + bl) * 2 * N], box[a], box[a + bl], rc->etaCutoff, (RsVonMises)rc->vm, eta, vm, ok));
    for (PetscInt i = 0; i < N; i++) mean += vm[i] / N;
    PetscCall(PetscMalloc1(N, &sorted));
    PetscCall(PetscArraycpy(sorted, vm, N));
    PetscCall(PetscSortReal(N, sorted));
    for (PetscInt k = 0; k < PetscMin(rc->top, N) && mean > 0; k++) an->extremes[an->nextremes++] = sorted[N - 1 - k] / mean;
    PetscCall(PetscFree(sorted));
  }
  for (int k = 0; k < 8; k++) an->gev[k] = NAN;
  if (an->nextremes >= 10) {
    RsGEV g;
    PetscCall(RsGEVFit(an->nextremes, an->extremes, &g));
    const PetscReal row[8] = {g.mu, g.s, g.xi, g.err[0], g.err[1], g.err[2], g.mode, (PetscReal)g.n};
    PetscCall(PetscArraycpy(an->gev, row, 8));
  }
  /* clusters around the largest event: consecutive structures with the largest all-atom Delta^2 */
  PetscInt  ev = 0;
  PetscReal top = -1;
  for (PetscInt a = 0; a + 1 < nf; a++) {
    PetscReal s2;
    PetscCall(Pair(N, ns, idx, R, an->strain, a, a + 1, NULL, &s2));
    if (s2 > top) top = s2, ev = a;
  }
  PetscCall(RsLocalStrain(N, &R[(size_t)ev * 2 * N], &R[(size_t)(ev + 1) * 2 * N], box[ev], box[ev + 1], rc->etaCutoff, (RsVonMises)rc->vm, eta, vm, ok));
  PetscInt   nact = 0, nc, *sizes;
  PetscBool *wraps;
  for (PetscInt i = 0; i < N; i++) ok[i] = vm[i] > rc->etaActive, nact += ok[i];
  PetscCall(RsClusters(N, &R[(size_t)ev * 2 * N], box[ev], ok, rc->etaCutoff, &nc, &sizes, &wraps));
  for (int k = 0; k < 6 + RS_AN_TOP; k++) an->clusters[k] = NAN;
  an->clusters[0] = an->strain[ev], an->clusters[1] = an->strain[ev + 1], an->clusters[2] = (PetscReal)nact / N, an->clusters[3] = (PetscReal)nc, an->clusters[4] = nc > 0 && wraps[0] ? 1 : 0, an->clusters[5] = (PetscReal)N;
  for (PetscInt k = 0; k < PetscMin(nc, RS_AN_TOP); k++) an->clusters[6 + k] = (PetscReal)sizes[k];
  PetscCall(PetscFree(sizes));
  PetscCall(PetscFree(wraps));
  /* local-strain maps at the chosen strains (first structure -> the one nearest each strain) */
  an->maps  = malloc(sizeof(PetscReal) * (size_t)(rc->netaStrains * (N + 1) + 1));
  an->nmaps = 0;
  for (PetscInt q = 0; q < rc->netaStrains; q++) {
    const PetscReal want = an->strain[0] + rc->etaStrains[q];
    if (want > an->strain[nf - 1] + 0.5 * dstrain * every) continue;
    PetscInt b = 0;
    for (PetscInt k = 1; k < nf; k++)
      if (PetscAbsReal(an->strain[k] - want) < PetscAbsReal(an->strain[b] - want)) b = k;
    PetscReal *row = &an->maps[an->nmaps * (N + 1)];
    row[0]         = an->strain[b] - an->strain[0];
    PetscCall(RsLocalStrain(N, R, &R[(size_t)b * 2 * N], box[0], box[b], rc->etaCutoff, (RsVonMises)rc->vm, eta, row + 1, ok));
    an->nmaps++;
  }
  /* box counting of the ASNaD graph, normalised to the unit square, drawn with vertical joins */
  PetscInt ma = 1;
  while (2 * ma <= an->nasnad) ma *= 2;
  an->asnadDim[0] = (PetscReal)ma, an->asnadDim[1] = an->asnadDim[2] = NAN;
  if (ma >= 8) {
    unsigned char *img;
    PetscReal      lo = PETSC_INFINITY, hi = PETSC_NINFINITY;
    for (PetscInt k = 0; k < ma; k++) lo = PetscMin(lo, an->asnad[2 * k + 1]), hi = PetscMax(hi, an->asnad[2 * k + 1]);
    PetscCall(PetscCalloc1(ma * ma, &img));
    for (PetscInt k = 0; k < ma && hi > lo; k++) {
      const PetscInt y0 = (PetscInt)((an->asnad[2 * k + 1] - lo) / (hi - lo) * (ma - 1)), y1 = k + 1 < ma ? (PetscInt)((an->asnad[2 * k + 3] - lo) / (hi - lo) * (ma - 1)) : y0;
      for (PetscInt y = PetscMin(y0, y1); y <= PetscMax(y0, y1); y++) img[y * ma + k] = 1;
    }
    if (hi > lo) PetscCall(RsBoxCounting(ma, img, &an->asnadDim[1], &an->asnadDim[2]));
    PetscCall(PetscFree(img));
  }
  PetscCall(Profile(R, &R[(size_t)(nf - 1) * 2 * N], N, an->strain[nf - 1] - an->strain[0], box[0][2], an));
  PetscCall(PetscFree3(eta, vm, ok));
  { /* keep the structures for the NaDM phase (separate arrays: PetscMalloc2 shares one block) */
    PetscCall(PetscMalloc1((size_t)nf * 2 * N, &an->cacheR));
    PetscCall(PetscMalloc1((size_t)nf * 3, &an->cacheBox));
    PetscCall(PetscArraycpy(an->cacheR, R, (size_t)nf * 2 * N));
    PetscCall(PetscArraycpy(an->cacheBox, &box[0][0], (size_t)nf * 3));
    an->cacheStrain = malloc(sizeof(PetscReal) * (size_t)nf);
    PetscCall(PetscArraycpy(an->cacheStrain, an->strain, nf));
    an->cacheIdx = idx, an->cacheNs = ns;
  }
  PetscCall(PetscFree2(R, box));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Flow profile and non-affine displacements from r0 to r1 over strain gamma. */
static PetscErrorCode Profile(const PetscReal *r0, const PetscReal *r1, PetscInt n, PetscReal gamma, PetscReal Ly0, RsTaskAnalysis *an)
{
  PetscFunctionBegin;
  an->nonaffine[0] = gamma;
  an->nonaffine[5] = (PetscReal)n;
  PetscCall(RsFlowProfile(n, r0, r1, gamma, Ly0, RS_AN_BINS, an->profile, &an->nonaffine[1], &an->nonaffine[2], &an->nonaffine[3], &an->nonaffine[4]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsAnalyzeNaDM(const RsDomain *dom, const RsConfig *cfg, const RsPlan *plan, PetscInt t, RsTaskData *d, PetscBool owner)
{
  const RsReduceConfig *rc = &cfg->reduce;
  RsTaskAnalysis       *an = &d->an;
  const PetscInt        N  = (PetscInt)d->natoms;
  const PetscBool       md = plan->task[t].method == RS_TASK_MD ? PETSC_TRUE : PETSC_FALSE;
  PetscReal            *R, (*box)[3], *strain, *M;
  PetscInt              nf, ns, *idx;
  PetscFunctionBegin;
  if (an->nf < 2) PetscFunctionReturn(PETSC_SUCCESS);
  const PetscBool cached = owner && an->cacheR ? PETSC_TRUE : PETSC_FALSE;
  if (cached) { /* the owner read them already */
    nf = an->nf, R = an->cacheR, box = (PetscReal(*)[3])an->cacheBox, strain = an->cacheStrain, ns = an->cacheNs, idx = an->cacheIdx;
    an->cacheR = an->cacheBox = an->cacheStrain = NULL, an->cacheIdx = NULL;
  } else PetscCall(Frames(cfg, plan, t, N, md ? cfg->md.isStrain : cfg->qs.dgamma, md ? 1 : cfg->qs.isEvery, &nf, &R, &box, &strain, &ns, &idx));

  PetscCheck(nf == an->nf, PETSC_COMM_SELF, RS_ERR_FILE, "task %s: %d stored structures readable here, %d on the rank that read the task (a file system not shared by all ranks?)", plan->task[t].name, (int)nf, (int)an->nf);
  PetscCall(PetscCalloc1(2 * nf * nf, &M)); /* rows a = rank, rank + size, ...: both matrices, summed over the ranks */
  for (PetscInt a = dom->rank; a < nf; a += dom->size)
    for (PetscInt b = a + 1; b < nf; b++) {
      PetscCall(Pair(N, ns, idx, R, strain, a, b, &M[a * nf + b], &M[nf * nf + a * nf + b]));
      M[b * nf + a] = M[a * nf + b], M[nf * nf + b * nf + a] = M[nf * nf + a * nf + b];
    }
  PetscCall(RsDomainSum(dom, 2 * nf * nf, M));
  if (owner) {
    an->nadmSub = malloc(sizeof(PetscReal) * (size_t)(nf * nf));
    an->nadmAll = malloc(sizeof(PetscReal) * (size_t)(nf * nf));
    PetscCall(PetscArraycpy(an->nadmSub, M, nf * nf));
    PetscCall(PetscArraycpy(an->nadmAll, M + nf * nf, nf * nf));
  /* box counting of the NaDM boundary at theta, and its sensitivity: theta x 1/4 ... 4 */
    PetscInt m = 1;
    while (2 * m <= nf) m *= 2;
    an->nadmDim[0] = rc->theta, an->nadmDim[1] = (PetscReal)m, an->nadmDim[2] = an->nadmDim[3] = NAN, an->nadmDim[4] = (PetscReal)ns;
    for (int q = 0; q < RS_AN_SCAN; q++) {
      const PetscReal th = rc->theta * PetscPowReal(2.0, q - 2);
      an->dimScan[3 * q] = th, an->dimScan[3 * q + 1] = an->dimScan[3 * q + 2] = NAN;
      if (m < 8) continue;
      unsigned char *img;
      PetscCall(PetscCalloc1(m * m, &img));
      Boundary(nf, an->nadmSub, th, m, img);
      PetscCall(RsBoxCounting(m, img, &an->dimScan[3 * q + 1], &an->dimScan[3 * q + 2]));
      PetscCall(PetscFree(img));
    }
    an->nadmDim[2] = an->dimScan[3 * 2 + 1], an->nadmDim[3] = an->dimScan[3 * 2 + 2];
  }
  free(strain);
  PetscCall(PetscFree(M));
  PetscCall(PetscFree(idx));
  if (cached) {
    PetscCall(PetscFree(R));
    PetscCall(PetscFree(box));
  } else PetscCall(PetscFree2(R, box));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsAnalyzeTask(const RsConfig *cfg, const RsPlan *plan, PetscInt t, RsTaskData *d)
{
  RsTaskAnalysis *an = &d->an;
  PetscFunctionBegin;
  memset(an, 0, sizeof *an);
  for (int k = 0; k < 5; k++) an->dropFit[k] = an->nadmDim[k] = NAN;
  for (int k = 0; k < 8; k++) an->gev[k] = NAN;
  for (int k = 0; k < 6 + RS_AN_TOP; k++) an->clusters[k] = NAN;
  for (int k = 0; k < 2 * RS_AN_BINS; k++) an->profile[k] = NAN;
  for (int k = 0; k < 6; k++) an->nonaffine[k] = NAN;
  for (int k = 0; k < 3; k++) an->asnadDim[k] = NAN;
  for (int k = 0; k < 3 * RS_AN_SCAN; k++) an->dimScan[k] = NAN;
  if (!cfg->reduce.analyze || plan->task[t].method == RS_TASK_PREPARE || d->rows[0] < 1) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(Drops(&cfg->reduce, d, an));
  if (plan->task[t].method == RS_TASK_ABC && cfg->qs.isEvery > 0) PetscCall(Structures(cfg, plan, t, d, an, cfg->qs.dgamma, cfg->qs.isEvery));
  if (plan->task[t].method == RS_TASK_MD && cfg->md.isStrain > 0) PetscCall(Structures(cfg, plan, t, d, an, cfg->md.isStrain, 1));
  if (plan->task[t].method == RS_TASK_MD && an->nf == 0) { /* no snapshots: the sample's state -> the task's final state */
    const PetscInt n = (PetscInt)d->natoms;
    char           path[RS_PATH_MAX];
    PetscReal     *r0, *r1, b0[3];
    PetscCall(PetscMalloc2(2 * n, &r0, 2 * n, &r1));
    PetscCall(RsPlanTaskPath(plan, plan->task[t].dep, ".h5", path, sizeof path));
    if (!ReadIS(path, n, r0, b0)) {
      for (PetscInt i = 0; i < n; i++) { /* the task's final state, unwrapped (ids sorted in both files) */
        r1[2 * i]     = d->pos[2 * i] + d->image[2 * i] * d->edges[0] + d->image[2 * i + 1] * d->edges[2];
        r1[2 * i + 1] = d->pos[2 * i + 1] + d->image[2 * i + 1] * d->edges[3];
      }
      PetscCall(Profile(r0, r1, n, cfg->sweep.strain, b0[2], an));
    }
    PetscCall(PetscFree2(r0, r1));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
