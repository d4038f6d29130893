/* rs_archive.c: the sweep archive, written by all ranks with parallel HDF5 (docs/ARCHIVE.md).

   The file is opened with the MPI-IO driver; every dataset and attribute is created by all
   ranks with the same arguments (HDF5's rule for metadata), and each task's data is written by
   the rank that read it in a collective transfer where the other ranks select nothing, so
   deflate-compressed (chunked) datasets work. Summary tables are written by rank 0, also
   collectively. The file goes to <file>.tmp and is renamed only after it was closed, so a crash
   leaves the previous archive (or none). The ParaView sidecar (.xmf, XDMF 3) lists each task's
   final state as a point cloud with species and id. */
#include "rs_reduce.h"
#include "rs_file.h"
#include "rs_version.h"
#include <hdf5.h>
#include <hdf5_hl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct {
  hid_t    f, dxpl;
  int      rank, size, compress;
  int      err;
  RsDomain dom;
} Ctx;

/* Creates a dataset (collective) and writes data from the owner rank (collective transfer). */
static void Write(Ctx *c, hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims, const void *data, int mine, const char *columns)
{
  hsize_t n = 1, chunk[3];
  for (int d = 0; d < rank; d++) n *= dims[d];
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE), space = H5Screate_simple(rank, dims, NULL), ds;
  if (c->compress > 0 && n > 0) {
    for (int d = 0; d < rank; d++) chunk[d] = dims[d];
    if (chunk[0] > 65536) chunk[0] = 65536; /* bounded chunks: memory of the collective filter */
    H5Pset_chunk(dcpl, rank, chunk);
    H5Pset_deflate(dcpl, (unsigned)c->compress);
  }
  ds = H5Dcreate2(loc, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  if (ds < 0) c->err = 1;
  if (ds >= 0 && n > 0) {
    static const double dummy = 0;
    hid_t               mem   = H5Screate_simple(rank, dims, NULL), fsp = H5Dget_space(ds);
    if (!mine) {
      H5Sselect_none(mem);
      H5Sselect_none(fsp);
    }
    if (H5Dwrite(ds, type, mem, fsp, c->dxpl, mine ? data : &dummy) < 0) c->err = 1;
    H5Sclose(mem);
    H5Sclose(fsp);
  }
  if (ds >= 0 && columns && H5LTset_attribute_string(loc, name, "columns", columns) < 0) c->err = 1;
  if (ds >= 0) H5Dclose(ds);
  H5Sclose(space);
  H5Pclose(dcpl);
}

/* A group (collective). */
static hid_t Group(Ctx *c, hid_t loc, const char *name)
{
  hid_t g = H5Gcreate2(loc, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (g < 0) c->err = 1;
  return g;
}

/* One H5MD element with a single frame: step, time, value. */
static void Element(Ctx *c, hid_t parent, const char *name, hid_t type, int rank, const hsize_t *dims, const void *data, int mine)
{
  hid_t     g    = Group(c, parent, name);
  hsize_t   one  = 1;
  long long step = 0;
  double    time = 0;
  Write(c, g, "step", H5T_NATIVE_LLONG, 1, &one, &step, mine, NULL);
  Write(c, g, "time", H5T_NATIVE_DOUBLE, 1, &one, &time, mine, NULL);
  Write(c, g, "value", type, rank, dims, data, mine, NULL);
  H5Gclose(g);
}

/* /tasks: the task table and each finished task's tables. */
static void Tasks(Ctx *c, const RsReduction *red)
{
  const RsPlan *plan = red->plan;
  const hsize_t n    = (hsize_t)plan->n;
  hid_t         g    = Group(c, c->f, "tasks"), str = H5Tcopy(H5T_C_S1);
  char         *names, *keys, *methods, *states, *reasons;
  PetscReal    *num;
  H5Tset_size(str, RS_TASK_NAME);
  names   = calloc(n + 1, RS_TASK_NAME);
  methods = calloc(n + 1, RS_TASK_NAME);
  states  = calloc(n + 1, RS_TASK_NAME);
  reasons = calloc(n + 1, 512);
  keys    = calloc(n + 1, RS_KEY_MAX);
  num     = calloc(8 * (n + 1), sizeof(PetscReal));
  for (PetscInt t = 0; t < plan->n; t++) {
    const RsTask     *k = &plan->task[t];
    const RsTaskData *d = &red->data[t];
    snprintf(names + RS_TASK_NAME * t, RS_TASK_NAME, "%s", k->name);
    snprintf(methods + RS_TASK_NAME * t, RS_TASK_NAME, "%s", RsTaskMethods[k->method]);
    snprintf(states + RS_TASK_NAME * t, RS_TASK_NAME, "%s", d->done ? "done" : RsTaskStates[k->state == RS_TASK_DONE ? RS_TASK_PENDING : k->state]);
    snprintf(reasons + 512 * t, 512, "%s", k->state == RS_TASK_FAILED ? k->reason : "");
    snprintf(keys + RS_KEY_MAX * t, RS_KEY_MAX, "%s", k->key);
    const PetscReal row[8] = {(PetscReal)k->sample + 1, k->temperature, k->method == RS_TASK_MD ? k->rate : NAN, k->method == RS_TASK_ABC ? k->q0 : NAN, (PetscReal)k->seed, d->tau, d->tauErr, (PetscReal)d->natoms};
    PetscArraycpy(&num[8 * t], row, 8);
  }
  hsize_t d2[2] = {n, 8};
  Write(c, g, "name", str, 1, &n, names, c->rank == 0, NULL);
  Write(c, g, "method", str, 1, &n, methods, c->rank == 0, NULL);
  Write(c, g, "state", str, 1, &n, states, c->rank == 0, NULL);
  H5Tset_size(str, 512);
  Write(c, g, "reason", str, 1, &n, reasons, c->rank == 0, NULL);
  H5Tset_size(str, RS_KEY_MAX);
  Write(c, g, "key", str, 1, &n, keys, c->rank == 0, NULL);
  Write(c, g, "table", H5T_NATIVE_DOUBLE, 2, d2, num, c->rank == 0, "sample (1-based), temperature (K), rate (1/s, MD), Q0 (eV, ABC), seed, flow stress (MPa), its block error (MPa), atoms");
  free(names), free(methods), free(states), free(reasons), free(keys), free(num);
  H5Tclose(str);
  for (PetscInt t = 0; t < plan->n; t++) {
    const RsTaskData *d = &red->data[t];
    const int         mine = (int)(t % c->size) == c->rank;
    if (!d->done) continue;
    hid_t tg = Group(c, g, plan->task[t].name);
    for (int k = 0; k < RS_REDUCE_NTABLES; k++) {
      if (d->rows[k] < 0) continue;
      hsize_t dims[2] = {(hsize_t)d->rows[k], (hsize_t)d->cols[k]};
      /* the column names are known on the reading rank only: a fixed description per table */
      static const char *const cols[RS_REDUCE_NTABLES] = {"strain, sigma_xx (MPa), sigma_yy (MPa), sigma_xy (MPa), pe (eV/atom)[, T (K) for MD]", "penalties, new_minima, chosen, barrier (eV), e_start (eV), e_chosen (eV), evaluations, capped, penalised_atoms, path_saddle (eV)", "T (K), pe (eV/atom), area (A^2/atom), P (MPa)", "Tg from energy, error, glass range (K); Tg from area, error, liquid range (K)", "P (MPa), error, T (K), error, area per atom (A^2)", "mean |psi6|, fraction > 0.7, fraction > 0.9, unlike-neighbour fraction, crystallised (1/0)"};
      Write(c, tg, RsReduceTables[k], H5T_NATIVE_DOUBLE, 2, dims, d->table[k], mine, cols[k]);
    }
    H5Gclose(tg);
  }
  H5Gclose(g);
}

/* /analysis/<task>: the paper's analyses of each finished shear task (rs_analyze.c). */
static void Analysis(Ctx *c, const RsReduction *red, const RsConfig *cfg)
{
  const RsPlan *plan = red->plan;
  if (!cfg->reduce.analyze) return;
  hid_t g = Group(c, c->f, "analysis");
  for (PetscInt t = 0; t < plan->n; t++) {
    const RsTaskData     *d  = &red->data[t];
    const RsTaskAnalysis *an = &d->an;
    const int             mine = (int)(t % c->size) == c->rank;
    if (!d->done || plan->task[t].method == RS_TASK_PREPARE) continue;
    hid_t   tg = Group(c, g, plan->task[t].name);
    hsize_t nd = (hsize_t)an->ndrops, five = 5;
    Write(c, tg, "drops", H5T_NATIVE_DOUBLE, 1, &nd, an->drops, mine, "stress drops over the plastic range after the median filter (MPa)");
    Write(c, tg, "drop_fit", H5T_NATIVE_DOUBLE, 1, &five, an->dropFit, mine, "drops >= xmin, xmin (MPa), PDF exponent tau (CCDF exponent tau - 1), its error, median-filter points");
    hsize_t pb[2] = {RS_AN_BINS, 2}, six = 6;
    Write(c, tg, "flow_profile", H5T_NATIVE_DOUBLE, 2, pb, an->profile, mine, "bin centre y0 (A), mean displacement dx (A), centre-of-mass drift removed; MD: sample -> final state, ABC: first -> last inherent structure");
    Write(c, tg, "nonaffine", H5T_NATIVE_DOUBLE, 1, &six, an->nonaffine, mine, "strain, localisation index (height fraction holding 80 % of the profile's rise), Gaussian core width of the non-affine dx (A), alpha2, participation ratio, atoms");
    if (an->nf > 0) {
      hsize_t nf = (hsize_t)an->nf, m2[2] = {nf, nf}, as[2] = {(hsize_t)an->nasnad, 2}, na = (hsize_t)an->natoms, ne = (hsize_t)an->nextremes, eight = 8, nc = 6 + RS_AN_TOP;
      Write(c, tg, "strain", H5T_NATIVE_DOUBLE, 1, &nf, an->strain, mine, "strain of each stored inherent structure");
      Write(c, tg, "nadm_subset", H5T_NATIVE_DOUBLE, 2, m2, an->nadmSub, mine, "non-affine distance matrix Delta^2 on the compact subset (A^2), Eq. 1");
      Write(c, tg, "nadm_all", H5T_NATIVE_DOUBLE, 2, m2, an->nadmAll, mine, "non-affine distance matrix Delta^2 on all atoms (A^2)");
      Write(c, tg, "asnad", H5T_NATIVE_DOUBLE, 2, as, an->asnad, mine, "strain, delta^2 = Delta^2(g - xi/2, g + xi/2) on the subset (A^2)");
      Write(c, tg, "eta_final", H5T_NATIVE_DOUBLE, 1, &na, an->etaFinal, mine, "von Mises local strain of each atom (id order) from the first to the last inherent structure");
      Write(c, tg, "extremes", H5T_NATIVE_DOUBLE, 1, &ne, an->extremes, mine, "largest incremental local strains per block over the block mean");
      Write(c, tg, "gev", H5T_NATIVE_DOUBLE, 1, &eight, an->gev, mine, "GEV fit of the extremes: mu, s, xi, their errors, mode, values");
      Write(c, tg, "clusters", H5T_NATIVE_DOUBLE, 1, &nc, an->clusters, mine, "largest event: strain before, after, activated fraction, clusters, largest wraps (1/0), atoms, the 7 largest cluster sizes");
      Write(c, tg, "nadm_dimension", H5T_NATIVE_DOUBLE, 1, &five, an->nadmDim, mine, "theta (A^2), image side (pixels), box-counting dimension of the NaDM boundary at theta, its error, subset atoms");
      hsize_t three = 3, sc[2] = {RS_AN_SCAN, 3}, mp[2] = {(hsize_t)an->nmaps, (hsize_t)an->natoms + 1};
      Write(c, tg, "nadm_dimension_scan", H5T_NATIVE_DOUBLE, 2, sc, an->dimScan, mine, "theta (A^2), box-counting dimension of the NaDM boundary, its error; theta x 1/4, 1/2, 1, 2, 4");
      Write(c, tg, "eta_maps", H5T_NATIVE_DOUBLE, 2, mp, an->maps, mine, "per chosen strain (-analyze_eta_strains): strain reached from the first structure, then the von Mises local strain of each atom (id order)");
      Write(c, tg, "asnad_dimension", H5T_NATIVE_DOUBLE, 1, &three, an->asnadDim, mine, "image side (pixels), box-counting dimension of the ASNaD graph (unit square, vertical joins), its error");
    }
    H5Gclose(tg);
  }
  H5Gclose(g);
}

/* /particles/<task>: each finished task's final state in H5MD layout. */
static void Particles(Ctx *c, const RsReduction *red)
{
  const RsPlan *plan = red->plan;
  hid_t         g    = Group(c, c->f, "particles");
  for (PetscInt t = 0; t < plan->n; t++) {
    const RsTaskData *d = &red->data[t];
    const int         mine = (int)(t % c->size) == c->rank;
    if (!d->done) continue;
    hid_t   pg = Group(c, g, plan->task[t].name), box = Group(c, pg, "box");
    int     dim = 2;
    hsize_t de[3] = {1, 2, 2}, dv[3] = {1, (hsize_t)d->natoms, 2}, ds[2] = {1, (hsize_t)d->natoms};
    if (H5LTset_attribute_int(pg, "box", "dimension", &dim, 1) < 0) c->err = 1;
    {
      hid_t   st = H5Tcopy(H5T_C_S1);
      hsize_t two = 2;
      H5Tset_size(st, 9);
      hid_t sp = H5Screate_simple(1, &two, NULL), at = H5Acreate2(box, "boundary", st, sp, H5P_DEFAULT, H5P_DEFAULT);
      if (at < 0 || H5Awrite(at, st, "periodic\0periodic") < 0) c->err = 1;
      H5Aclose(at), H5Sclose(sp), H5Tclose(st);
    }
    Element(c, box, "edges", H5T_NATIVE_DOUBLE, 3, de, d->edges, mine);
    hsize_t two = 2;
    Write(c, box, "origin", H5T_NATIVE_DOUBLE, 1, &two, d->origin, mine, NULL);
    Element(c, pg, "position", H5T_NATIVE_DOUBLE, 3, dv, d->pos, mine);
    Element(c, pg, "image", H5T_NATIVE_INT, 3, dv, d->image, mine);
    Element(c, pg, "species", H5T_NATIVE_INT, 2, ds, d->species, mine);
    Element(c, pg, "id", H5T_NATIVE_LLONG, 2, ds, d->ids, mine);
    H5Gclose(box);
    H5Gclose(pg);
  }
  H5Gclose(g);
}

/* Columns of /flow/points. */
#define RS_ARCHIVE_POINT_COLS 13

/* /flow (points, calibration) and /fits (both laws), one row per point or temperature. */
static void Flow(Ctx *c, const RsReduction *red)
{
  hid_t      g = Group(c, c->f, "flow"), fg = Group(c, c->f, "fits");
  PetscReal *pt = calloc(RS_ARCHIVE_POINT_COLS * (red->npoints + 1), sizeof(PetscReal)), *cal = calloc(12 * (red->ntemps + 1), sizeof(PetscReal));
  PetscReal *fit[2] = {calloc(20 * (red->ntemps + 1), sizeof(PetscReal)), calloc(20 * (red->ntemps + 1), sizeof(PetscReal))};
  char      *why = calloc(3 * (red->ntemps + 1), 512);
  for (PetscInt p = 0; p < red->npoints; p++) {
    const RsFlowPoint *P      = &red->points[p];
    const PetscReal    row[RS_ARCHIVE_POINT_COLS] = {P->T, P->method == RS_TASK_ABC ? 1 : 0, P->q0, P->rate, P->lnRateErr, P->tau, P->tauErr, (PetscReal)P->nsamples, (PetscReal)P->ntasks, P->m, P->mErr, (PetscReal)P->regime, P->capped};
    PetscArraycpy(&pt[RS_ARCHIVE_POINT_COLS * p], row, RS_ARCHIVE_POINT_COLS);
  }
  for (PetscInt k = 0; k < red->ntemps; k++) {
    const RsRateCalib *q      = &red->calib[k];
    const PetscReal    row[12] = {red->temps[k], q->ok, (PetscReal)q->n, q->c[0], q->c[1], q->cov[0], q->cov[1], q->cov[3], q->rate0, q->rate0Err, q->a, q->aErr};
    PetscArraycpy(&cal[12 * k], row, 12);
    snprintf(why + 512 * (3 * k), 512, "%s", q->ok ? "" : q->why);
    for (int l = 0; l < 2; l++) {
      const RsLawFit *f       = l ? &red->fitIII[k] : &red->fitI[k];
      const PetscReal row2[20] = {red->temps[k], f->ok, (PetscReal)f->n, f->rateLo, f->rateHi, f->p[0], f->p[1], l ? f->p[2] : NAN, f->err[0], f->err[1], l ? f->err[2] : NAN, f->bootErr[0], f->bootErr[1], l ? f->bootErr[2] : NAN, (PetscReal)f->nboot, f->chi2, f->redChi2, f->derived, f->derivedErr, (PetscReal)f->np};
      PetscArraycpy(&fit[l][20 * k], row2, 20);
      snprintf(why + 512 * (3 * k + 1 + l), 512, "%s", f->ok ? "" : f->why);
    }
  }
  PetscReal *cr = calloc(3 * (red->ntemps + 1), sizeof(PetscReal));
  for (PetscInt k = 0; k < red->ntemps; k++) cr[3 * k] = red->temps[k], cr[3 * k + 1] = red->cross[k][0], cr[3 * k + 2] = red->cross[k][1];
  hsize_t dp[2] = {(hsize_t)red->npoints, RS_ARCHIVE_POINT_COLS}, dc[2] = {(hsize_t)red->ntemps, 12}, df[2] = {(hsize_t)red->ntemps, 20}, dw[2] = {(hsize_t)red->ntemps, 3};
  Write(c, g, "crossovers", H5T_NATIVE_DOUBLE, 2, dw, cr, c->rank == 0, "T (K), I/II crossover rate, II/III crossover rate (1/s; NaN: no such change of label)");
  free(cr);
  Write(c, g, "points", H5T_NATIVE_DOUBLE, 2, dp, pt, c->rank == 0, "T (K), method (0 MD, 1 ABC), Q0 (eV), rate (1/s; ABC: calibrated, NaN without), error of ln rate, tau (MPa), its standard error, samples, tasks, m, error of m, regime (1, 2, 3; 0 unlabelled), ABC: share of the flow window's strain steps stopped at the penalty cap (NaN: MD)");
  Write(c, g, "calibration", H5T_NATIVE_DOUBLE, 2, dc, cal, c->rank == 0, "T (K), ok, ABC points used, c0 (ln 1/s), c1 (1/eV), var c0, cov c0 c1, var c1, rate0 (1/s), its error, a, its error; ln rate = c0 + c1 Q0, a = 1 + c1 kB T");
  Write(c, fg, "asinh", H5T_NATIVE_DOUBLE, 2, df, fit[0], c->rank == 0, "T (K), ok, points, lowest rate, highest rate (1/s), A (MPa), ln B (ln 1/s), -, their errors (3), bootstrap errors (3), resamples, chi2, chi2/dof, delta_eta Omega = kB T / A (A^3), its error, parameters; tau = A asinh(rate/B)");
  Write(c, fg, "regime3", H5T_NATIVE_DOUBLE, 2, df, fit[1], c->rank == 0, "T (K), ok, points, lowest rate, highest rate (1/s), tau_c (MPa), C (MPa), ln D (ln 1/s), their errors (3), bootstrap errors (3), resamples, chi2, chi2/dof, E0 = kB T (tau_c/C)^(3/2) (eV), its error, parameters; tau = tau_c - C ln(D/rate)^(2/3)");
  hid_t str = H5Tcopy(H5T_C_S1);
  H5Tset_size(str, 512);
  Write(c, fg, "why", str, 2, dw, why, c->rank == 0, "per temperature: calibration, asinh fit, regime III fit: why each is missing (empty when done)");
  H5Tclose(str);
  free(pt), free(cal), free(fit[0]), free(fit[1]), free(why);
  H5Gclose(g);
  H5Gclose(fg);
}

/* /h5md and /parameters (provenance). */
static void Provenance(Ctx *c, const RsReduction *red)
{
  int   ver[2] = {1, 1};
  hid_t g      = Group(c, c->f, "h5md");
  H5Gclose(g);
  c->err |= H5LTset_attribute_int(c->f, "/h5md", "version", ver, 2) < 0;
  g = Group(c, c->f, "h5md/author");
  H5Gclose(g);
  c->err |= H5LTset_attribute_string(c->f, "/h5md/author", "name", "rheosweep") < 0;
  g = Group(c, c->f, "h5md/creator");
  H5Gclose(g);
  c->err |= H5LTset_attribute_string(c->f, "/h5md/creator", "name", "rheosweep") < 0;
  c->err |= H5LTset_attribute_string(c->f, "/h5md/creator", "version", RS_VERSION) < 0;
  g = Group(c, c->f, "parameters");
  H5Gclose(g);
  char *opts = NULL;
  PetscOptionsGetAll(NULL, &opts);
  c->err |= H5LTset_attribute_string(c->f, "/parameters", "options", opts ? opts : "") < 0;
  PetscFree(opts);
  c->err |= H5LTset_attribute_string(c->f, "/parameters", "version", RS_VERSION) < 0;
  c->err |= H5LTset_attribute_string(c->f, "/parameters", "git_hash", RsVersionGitHash()) < 0;
  c->err |= H5LTset_attribute_string(c->f, "/parameters", "build_flags", RsVersionBuildFlags()) < 0;
  c->err |= H5LTset_attribute_string(c->f, "/parameters", "run_dir", red->plan->dir) < 0;
  hid_t fa = H5Fget_access_plist(c->f);
  c->err |= H5LTset_attribute_string(c->f, "/parameters", "driver", H5Pget_driver(fa) == H5FD_MPIO ? "mpio" : "other") < 0;
  H5Pclose(fa);
  c->err |= H5LTset_attribute_int(c->f, "/parameters", "writer_ranks", &c->size, 1) < 0;
}

/* An XDMF reference to the frame of an H5MD value (1 x n [x 2]) as an n [x 2] array. */
static void Slab(FILE *fp, const char *file, const char *path, long long n, int two, const char *type)
{
  fprintf(fp, "     <DataItem ItemType=\"HyperSlab\" Dimensions=\"%lld%s\" Type=\"HyperSlab\">\n", n, two ? " 2" : "");
  if (two) fprintf(fp, "      <DataItem Dimensions=\"3 3\" Format=\"XML\">0 0 0 1 1 1 1 %lld 2</DataItem>\n", n);
  else fprintf(fp, "      <DataItem Dimensions=\"3 2\" Format=\"XML\">0 0 1 1 1 %lld</DataItem>\n", n);
  fprintf(fp, "      <DataItem Dimensions=\"1 %lld%s\" %s Format=\"HDF\">%s:%s</DataItem>\n     </DataItem>\n", n, two ? " 2" : "", type, file, path);
}

/* The ParaView sidecar: one grid per finished task (rank 0). */
static int Sidecar(const RsReduction *red, const char *h5, const char *xmf)
{
  char  tmp[RS_PATH_MAX + 32];
  const char *base = strrchr(h5, '/') ? strrchr(h5, '/') + 1 : h5;
  snprintf(tmp, sizeof tmp, "%s.tmp", xmf);
  FILE *fp = fopen(tmp, "w");
  if (!fp) return -1;
  fprintf(fp, "<?xml version=\"1.0\" ?>\n<Xdmf Version=\"3.0\">\n <Domain>\n  <Grid Name=\"final states\" GridType=\"Collection\" CollectionType=\"Spatial\">\n");
  for (PetscInt t = 0; t < red->plan->n; t++) {
    const RsTaskData *d = &red->data[t];
    const char       *n = red->plan->task[t].name;
    if (!d->done) continue;
    fprintf(fp, "   <Grid Name=\"%s\" GridType=\"Uniform\">\n    <Topology TopologyType=\"Polyvertex\" NumberOfElements=\"%lld\"/>\n", n, (long long)d->natoms);
    char path[RS_TASK_NAME + 64];
    fprintf(fp, "    <Geometry GeometryType=\"XY\">\n");
    snprintf(path, sizeof path, "/particles/%s/position/value", n);
    Slab(fp, base, path, (long long)d->natoms, 1, "NumberType=\"Float\" Precision=\"8\"");
    fprintf(fp, "    </Geometry>\n    <Attribute Name=\"species\" Center=\"Node\">\n");
    snprintf(path, sizeof path, "/particles/%s/species/value", n);
    Slab(fp, base, path, (long long)d->natoms, 0, "NumberType=\"Int\" Precision=\"4\"");
    fprintf(fp, "    </Attribute>\n    <Attribute Name=\"id\" Center=\"Node\">\n");
    snprintf(path, sizeof path, "/particles/%s/id/value", n);
    Slab(fp, base, path, (long long)d->natoms, 0, "NumberType=\"Int\" Precision=\"8\"");
    fprintf(fp, "    </Attribute>\n   </Grid>\n");
  }
  fprintf(fp, "  </Grid>\n </Domain>\n</Xdmf>\n");
  if (fflush(fp) || fsync(fileno(fp)) || fclose(fp)) return -1;
  return rename(tmp, xmf) ? -1 : 0;
}

PetscErrorCode RsArchiveWrite(MPI_Comm comm, const RsConfig *cfg, const RsReduction *red, const char *file)
{
  Ctx  c = {.compress = (int)cfg->reduce.compress};
  char tmp[RS_PATH_MAX + 8], xmf[RS_PATH_MAX + 16];
  PetscFunctionBegin;
  PetscCall(RsDomainSetUp(&c.dom, comm));
  c.rank = c.dom.rank;
  c.size = c.dom.size;
  PetscCall(PetscSNPrintf(tmp, sizeof tmp, "%s.tmp", file));
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL);
  c.f = H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  H5Pclose(fapl);
  int bad = c.f < 0;
  PetscCall(RsDomainBcastInt(&c.dom, 1, &bad));
  PetscCheck(!bad, comm, RS_ERR_FILE, "cannot create the archive '%s' (directory missing or not writable?)", tmp);
  c.dxpl = H5Pcreate(H5P_DATASET_XFER);
  H5Pset_dxpl_mpio(c.dxpl, H5FD_MPIO_COLLECTIVE);
  Provenance(&c, red);
  Tasks(&c, red);
  if (cfg->reduce.injectCrash) abort(); /* testing: a crash in the middle of the write */
  Flow(&c, red);
  Analysis(&c, red, cfg);
  Particles(&c, red);
  H5Pclose(c.dxpl);
  if (H5Fclose(c.f) < 0) c.err = 1;
  PetscReal e = c.err;
  PetscCall(RsDomainMax(&c.dom, 1, &e));
  if (e > 0) {
    if (!c.rank) remove(tmp);
    SETERRQ(comm, RS_ERR_FILE, "writing the archive '%s' failed (disk full?); any previous archive is untouched", tmp);
  }
  int rc = 0;
  if (!c.rank) {
    const size_t l = strlen(file);
    PetscCall(PetscSNPrintf(xmf, sizeof xmf, "%.*s.xmf", (int)(l > 3 && !strcmp(file + l - 3, ".h5") ? l - 3 : l), file));
    rc = RsFileFsync(tmp, 0) || rename(tmp, file) ? 1 : Sidecar(red, file, xmf) ? 2 : 0;
    RsFileFsyncParent(file);
  }
  PetscCall(RsDomainBcastInt(&c.dom, 1, &rc));
  PetscCheck(!rc, comm, RS_ERR_FILE, "%s '%s' failed", rc == 1 ? "renaming the archive to" : "writing the ParaView sidecar for", file);
  PetscFunctionReturn(PETSC_SUCCESS);
}
