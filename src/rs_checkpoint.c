/* rs_checkpoint.c: MD checkpoints in HDF5 (hdf5_hl "lite" API, serial file written by rank 0).

   Layout: attributes on / (format, version, git hash, rank count and grid), /md/scalars
   (step, counters, thermostat and deformation state as doubles, see the Pack order below),
   /md/chain (eta, etaDot, etaDotDot, etaMass), /md/baro (barostat rates, pressure, MTK term and
   its chain), /md/box (lo, Lx, Ly, xy of the current box and of
   the box when the deformation started), /md/record (n x 6), /md/check (the MD settings a
   continuation must share), /particles/counts (atoms per rank) and /particles/data (n x 8:
   x, y, vx, vy, ix, iy, type, id), concatenated in rank order and, within a rank, in its
   current memory order, so the same layout resumes with the same summation order.

   Crash safety: written to <file>.tmp, fsync'd, then <file> (if any) becomes <file>.prev and
   <file>.tmp becomes <file>, then the directory is fsync'd. A reader that finds <file> damaged
   or missing uses <file>.prev. Loading never modifies either file. */
#include "rs_checkpoint.h"
#include "rs_version.h"
#include "rs_file.h"
#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <string.h>
#include <unistd.h>

#define NPART   RS_ATOM_NPACK
#define NSCALAR 20
#define NCHECK  12
#define NBARO   (7 + 4 * RS_MAX_CHAIN)

/* The MD settings that a continuation must share with the run that wrote the checkpoint. */
static void CheckValues(const RsMDConfig *c, PetscReal v[NCHECK])
{
  v[0] = c->ensemble;
  v[1] = c->dt;
  v[2] = c->deform;
  v[3] = c->rate;
  v[4] = c->tstart;
  v[5] = c->tstop;
  v[6] = c->tdamp;
  v[7] = c->tchain;
  v[8] = c->pressure;
  v[9] = c->pdamp;
  v[10] = c->couple;
  v[11] = c->pchain;
}

static void PackBaro(const RsMD *md, PetscReal *v)
{
  for (int i = 0; i < 3; i++) {
    v[i]     = md->omegaDot[i];
    v[3 + i] = md->pCurrent[i];
  }
  v[6] = md->mtk2;
  for (int i = 0; i < RS_MAX_CHAIN; i++) {
    v[7 + i]                    = md->etap[i];
    v[7 + RS_MAX_CHAIN + i]     = md->etapDot[i];
    v[7 + 2 * RS_MAX_CHAIN + i] = md->etapDotDot[i];
    v[7 + 3 * RS_MAX_CHAIN + i] = md->etapMass[i];
  }
}

static void UnpackBaro(RsMD *md, const PetscReal *v)
{
  for (int i = 0; i < 3; i++) {
    md->omegaDot[i] = v[i];
    md->pCurrent[i] = v[3 + i];
  }
  md->mtk2 = v[6];
  for (int i = 0; i < RS_MAX_CHAIN; i++) {
    md->etap[i]       = v[7 + i];
    md->etapDot[i]    = v[7 + RS_MAX_CHAIN + i];
    md->etapDotDot[i] = v[7 + 2 * RS_MAX_CHAIN + i];
    md->etapMass[i]   = v[7 + 3 * RS_MAX_CHAIN + i];
  }
  md->etapDot[RS_MAX_CHAIN] = 0;
}
static const char *const checkNames[NCHECK] = {"-md_ensemble", "-md_dt", "-md_deform", "-md_rate", "-md_temperature", "-md_temperature_stop", "-md_tdamp", "-md_tchain", "-md_pressure", "-md_pdamp", "-md_couple", "-md_pchain"};

static void PackScalars(const RsMD *md, PetscReal s[NSCALAR])
{
  PetscMemzero(s, NSCALAR * sizeof *s);
  s[0]  = (PetscReal)md->step;
  s[1]  = (PetscReal)md->beginStep;
  s[2]  = (PetscReal)md->endStep;
  s[3]  = (PetscReal)md->deformStep0;
  s[4]  = md->tCurrent;
  s[5]  = md->tTarget;
  s[6]  = md->hrate[0];
  s[7]  = md->hrate[1];
  s[8]  = md->hrate[2];
  s[9]  = md->strain;
  s[10] = md->sys->tiltShift;
  s[11] = (PetscReal)md->sys->nflips;
  s[12] = (PetscReal)md->nacc;
  for (int a = 0; a < 6; a++) s[13 + a] = md->acc[a];
  s[19] = (PetscReal)md->natoms;
}

static void UnpackScalars(RsMD *md, const PetscReal s[NSCALAR])
{
  md->step           = (PetscInt64)s[0];
  md->beginStep      = (PetscInt64)s[1];
  md->endStep        = (PetscInt64)s[2];
  md->deformStep0    = (PetscInt64)s[3];
  md->tCurrent       = s[4];
  md->tTarget        = s[5];
  md->hrate[0]       = s[6];
  md->hrate[1]       = s[7];
  md->hrate[2]       = s[8];
  md->strain         = s[9];
  md->sys->tiltShift = s[10];
  md->sys->nflips    = (PetscInt)s[11];
  md->nacc           = (PetscInt)s[12];
  for (int a = 0; a < 6; a++) md->acc[a] = s[13 + a];
}

static void PackBox(const RsBox *b, PetscReal *v)
{
  v[0] = b->lo[0];
  v[1] = b->lo[1];
  v[2] = b->Lx;
  v[3] = b->Ly;
  v[4] = b->xy;
}
static void UnpackBox(RsBox *b, const PetscReal *v)
{
  b->lo[0] = v[0];
  b->lo[1] = v[1];
  b->Lx    = v[2];
  b->Ly    = v[3];
  b->xy    = v[4];
}

/* Rank 0: writes the HDF5 file; returns 0 or -1. */
static int WriteFile(const char *path, const RsMD *md, const PetscInt64 *counts, const PetscReal *parts, PetscInt64 ntot)
{
  hid_t     f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  PetscReal scal[NSCALAR], chain[4 * RS_MAX_CHAIN], box[10], check[NCHECK];
  int       rc = 0;
  if (f < 0) return -1;
  PackScalars(md, scal);
  for (int i = 0; i < RS_MAX_CHAIN; i++) {
    chain[i]                    = md->eta[i];
    chain[RS_MAX_CHAIN + i]     = md->etaDot[i];
    chain[2 * RS_MAX_CHAIN + i] = md->etaDotDot[i];
    chain[3 * RS_MAX_CHAIN + i] = md->etaMass[i];
  }
  PackBox(&md->sys->box, box);
  PackBox(&md->box0, box + 5);
  CheckValues(md->cfg, check);
  PetscReal baro[NBARO];
  hsize_t   bd[1] = {NBARO};
  PackBaro(md, baro);
  int dims[2] = {md->sys->dom.dims[0], md->sys->dom.dims[1]}, size = md->sys->dom.size;
  hsize_t one[1] = {NSCALAR}, ch[2] = {4, RS_MAX_CHAIN}, bx[1] = {10}, ck[1] = {NCHECK}, nr[1] = {(hsize_t)size}, pd[2] = {(hsize_t)ntot, NPART}, rd[2] = {(hsize_t)md->nrecord, 6};
  rc |= H5LTset_attribute_string(f, "/", "format", "rheosweep md checkpoint 1") < 0;
  rc |= H5LTset_attribute_string(f, "/", "version", RS_VERSION) < 0;
  rc |= H5LTset_attribute_string(f, "/", "git_hash", RsVersionGitHash()) < 0;
  rc |= H5LTset_attribute_int(f, "/", "ranks", &size, 1) < 0;
  rc |= H5LTset_attribute_int(f, "/", "grid", dims, 2) < 0;
  hid_t g = H5Gcreate2(f, "/md", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), gp = H5Gcreate2(f, "/particles", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  rc |= g < 0 || gp < 0;
  rc |= H5LTmake_dataset_double(f, "/md/scalars", 1, one, scal) < 0;
  rc |= H5LTmake_dataset_double(f, "/md/chain", 2, ch, chain) < 0;
  rc |= H5LTmake_dataset_double(f, "/md/box", 1, bx, box) < 0;
  rc |= H5LTmake_dataset_double(f, "/md/check", 1, ck, check) < 0;
  rc |= H5LTmake_dataset_double(f, "/md/baro", 1, bd, baro) < 0;
  if (md->nextra > 0) {
    hsize_t ed[1] = {(hsize_t)md->nextra};
    rc |= H5LTmake_dataset_double(f, "/md/extra", 1, ed, md->extra) < 0;
  }
  rc |= H5LTmake_dataset_double(f, "/md/record", 2, rd, md->nrecord ? (const double *)md->record : scal) < 0;
  rc |= H5LTmake_dataset(f, "/particles/counts", 1, nr, H5T_NATIVE_INT64, counts) < 0;
  rc |= H5LTmake_dataset_double(f, "/particles/data", 2, pd, parts) < 0;
  if (g >= 0) H5Gclose(g);
  if (gp >= 0) H5Gclose(gp);
  rc |= H5Fclose(f) < 0;
  return rc ? -1 : 0;
}

PetscErrorCode RsCheckpointSave(const RsMD *md, const char *file)
{
  const RsSystem    *sys = md->sys;
  const RsParticles *p   = &sys->p;
  PetscReal         *mine, *all = NULL;
  PetscInt64        *counts;
  int                err = 0;
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(NPART * p->n + 1, &mine));
  PetscCall(PetscCalloc1(sys->dom.size, &counts));
  for (PetscInt i = 0; i < p->n; i++) RsParticlesPackAtom(p, i, &mine[NPART * i]);
  PetscCall(RsDomainGatherOrdered(&sys->dom, p->n, NPART, mine, counts, &all));
  PetscCall(PetscFree(mine));
  if (!sys->dom.rank) {
    char       tmp[RS_PATH_MAX + 8], prev[RS_PATH_MAX + 8];
    PetscInt64 ntot = 0;
    for (PetscMPIInt r = 0; r < sys->dom.size; r++) ntot += counts[r];
    PetscCall(PetscSNPrintf(tmp, sizeof tmp, "%s.tmp", file));
    PetscCall(PetscSNPrintf(prev, sizeof prev, "%s.prev", file));
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    if (WriteFile(tmp, md, counts, all, ntot) || RsFileFsync(tmp, 0)) err = 1;
    else if (access(file, F_OK) == 0 && rename(file, prev) != 0) err = 2;
    else if (rename(tmp, file) != 0) err = 2;
    else RsFileFsyncParent(file);
    if (err == 1) remove(tmp);
    PetscCall(PetscFree(all));
  }
  PetscCall(RsDomainBcastInt(&sys->dom, 1, &err));
  PetscCheck(!err, sys->dom.comm, RS_ERR_FILE, "cannot write checkpoint '%s' (%s); the previous checkpoint is intact", file, err == 1 ? "write failed, disk full?" : "rename failed");
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsCheckpointExists(const RsDomain *dom, const char *file, PetscBool *exists)
{
  char prev[RS_PATH_MAX + 8];
  int  e;
  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(prev, sizeof prev, "%s.prev", file));
  e = access(file, F_OK) == 0 || access(prev, F_OK) == 0;
  PetscCall(RsDomainBcastInt(dom, 1, &e));
  *exists = e ? PETSC_TRUE : PETSC_FALSE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Rank 0: reads everything; returns 0, or -1 with a reason. */
static int ReadFile(const char *path, PetscReal *scal, PetscReal *chain, PetscReal *box, PetscReal *check, PetscReal *baro, PetscReal **extra, PetscInt64 *nextra, int *ranks, PetscInt64 **counts, PetscReal **parts, PetscInt64 *ntot, PetscReal **record, PetscInt64 *nrecord, const char **why)
{
  hsize_t     dims[2] = {0, 0};
  H5T_class_t cls;
  size_t      sz;
  char        fmt[64] = "";
  hid_t       f;
  *why = "not an HDF5 file or unreadable";
  if (access(path, R_OK) != 0) return *why = "missing", -1;
  f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) return -1;
  int rc = 0;
  if (H5LTget_attribute_string(f, "/", "format", fmt) < 0 || strcmp(fmt, "rheosweep md checkpoint 1")) {
    H5Fclose(f);
    return *why = "not a rheosweep MD checkpoint", -1;
  }
  *why = "damaged (a dataset is missing or has the wrong size)";
  rc |= H5LTget_attribute_int(f, "/", "ranks", ranks) < 0;
  rc |= H5LTget_dataset_info(f, "/md/scalars", dims, &cls, &sz) < 0 || dims[0] != NSCALAR;
  rc |= H5LTread_dataset_double(f, "/md/scalars", scal) < 0;
  rc |= H5LTget_dataset_info(f, "/md/chain", dims, &cls, &sz) < 0 || dims[0] != 4 || dims[1] != RS_MAX_CHAIN;
  if (!rc) rc |= H5LTread_dataset_double(f, "/md/chain", chain) < 0;
  rc |= H5LTget_dataset_info(f, "/md/box", dims, &cls, &sz) < 0 || dims[0] != 10;
  if (!rc) rc |= H5LTread_dataset_double(f, "/md/box", box) < 0;
  rc |= H5LTget_dataset_info(f, "/md/check", dims, &cls, &sz) < 0 || dims[0] != NCHECK;
  if (!rc) rc |= H5LTread_dataset_double(f, "/md/check", check) < 0;
  rc |= H5LTget_dataset_info(f, "/md/baro", dims, &cls, &sz) < 0 || dims[0] != NBARO;
  if (!rc) rc |= H5LTread_dataset_double(f, "/md/baro", baro) < 0;
  *nextra = 0;
  if (!rc && H5Lexists(f, "/md/extra", H5P_DEFAULT) > 0) { /* a driver's progress, optional */
    rc |= H5LTget_dataset_info(f, "/md/extra", dims, &cls, &sz) < 0;
    if (!rc) {
      *nextra = (PetscInt64)dims[0];
      *extra  = malloc(sizeof(PetscReal) * (size_t)(*nextra + 1));
      rc |= !*extra || H5LTread_dataset_double(f, "/md/extra", *extra) < 0;
    }
  }
  rc |= H5LTget_dataset_info(f, "/particles/counts", dims, &cls, &sz) < 0 || (int)dims[0] != *ranks || *ranks < 1;
  if (!rc) {
    *counts = malloc(sizeof(PetscInt64) * (size_t)*ranks);
    rc |= !*counts || H5LTread_dataset(f, "/particles/counts", H5T_NATIVE_INT64, *counts) < 0;
  }
  rc |= H5LTget_dataset_info(f, "/particles/data", dims, &cls, &sz) < 0 || dims[1] != NPART;
  if (!rc) {
    *ntot  = (PetscInt64)dims[0];
    *parts = malloc(sizeof(PetscReal) * (size_t)(*ntot * NPART + 1));
    rc |= !*parts || H5LTread_dataset_double(f, "/particles/data", *parts) < 0;
    PetscInt64 sum = 0;
    for (int r = 0; !rc && r < *ranks; r++) sum += (*counts)[r];
    rc |= sum != *ntot || *ntot != (PetscInt64)scal[19];
  }
  rc |= H5LTget_dataset_info(f, "/md/record", dims, &cls, &sz) < 0 || dims[1] != 6;
  if (!rc) {
    *nrecord = (PetscInt64)dims[0];
    *record  = malloc(sizeof(PetscReal) * (size_t)(*nrecord * 6 + 6));
    rc |= !*record || (*nrecord > 0 && H5LTread_dataset_double(f, "/md/record", *record) < 0);
  }
  H5Fclose(f);
  return rc ? -1 : 0;
}

PetscErrorCode RsCheckpointLoad(RsMD *md, const char *file)
{
  RsSystem   *sys = md->sys;
  PetscReal   scal[NSCALAR], chain[4 * RS_MAX_CHAIN], box[10], check[NCHECK], baro[NBARO], *parts = NULL, *record = NULL, *mine, *extra = NULL;
  PetscInt64 *counts = NULL, ntot = 0, nrecord = 0, nextra = 0;
  int         ranks = 0, err = 0, used = 0;
  PetscFunctionBegin;
  if (!sys->dom.rank) {
    const char *why = "", *why2 = "";
    char        prev[RS_PATH_MAX + 8];
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    PetscCall(PetscSNPrintf(prev, sizeof prev, "%s.prev", file));
    if (ReadFile(file, scal, chain, box, check, baro, &extra, &nextra, &ranks, &counts, &parts, &ntot, &record, &nrecord, &why)) {
      free(counts);
      free(parts);
      free(record);
      free(extra);
      counts = NULL;
      parts  = NULL;
      record = NULL;
      extra  = NULL;
      if (ReadFile(prev, scal, chain, box, check, baro, &extra, &nextra, &ranks, &counts, &parts, &ntot, &record, &nrecord, &why2)) err = 1;
      else {
        used = 1;
        PetscCall(PetscInfo(NULL, "checkpoint '%s' is %s; using '%s'\n", file, why, prev));
        fprintf(stderr, "rheosweep: warning: checkpoint '%s' is %s; continuing from the previous generation '%s'\n", file, why, prev);
      }
    }
    if (err) fprintf(stderr, "rheosweep: error: cannot restart from checkpoint '%s' (%s) nor '%s' (%s)\n", file, why, prev, why2);
  }
  PetscCall(RsDomainBcastInt(&sys->dom, 1, &err));
  PetscCheck(!err, sys->dom.comm, RS_ERR_SCIENCE, "checkpoint '%s' unusable", file);
  (void)used;
  PetscCall(RsDomainBcast(&sys->dom, NSCALAR, scal));
  PetscCall(RsDomainBcast(&sys->dom, 4 * RS_MAX_CHAIN, chain));
  PetscCall(RsDomainBcast(&sys->dom, 10, box));
  PetscCall(RsDomainBcast(&sys->dom, NCHECK, check));
  PetscCall(RsDomainBcast(&sys->dom, NBARO, baro));
  PetscCall(RsDomainBcastInt(&sys->dom, 1, &ranks));
  {
    PetscReal c[3] = {(PetscReal)ntot, (PetscReal)nrecord, (PetscReal)nextra};
    PetscCall(RsDomainBcast(&sys->dom, 3, c));
    ntot    = (PetscInt64)c[0];
    nrecord = (PetscInt64)c[1];
    nextra  = (PetscInt64)c[2];
  }
  {
    PetscReal *ex;
    PetscCall(PetscMalloc1(nextra + 1, &ex));
    if (!sys->dom.rank && nextra) PetscCall(PetscArraycpy(ex, extra, nextra));
    PetscCall(RsDomainBcast(&sys->dom, nextra, ex));
    PetscCall(RsMDSetExtra(md, (PetscInt)nextra, ex));
    PetscCall(PetscFree(ex));
  }
  {
    PetscReal now[NCHECK];
    CheckValues(md->cfg, now);
    for (int k = 0; k < NCHECK; k++) PetscCheck(now[k] == check[k], sys->dom.comm, RS_ERR_INPUT, "checkpoint '%s' was written with %s = %g, this run has %g: use the same value or a new checkpoint file", file, checkNames[k], (double)check[k], (double)now[k]);
  }
  UnpackScalars(md, scal);
  UnpackBaro(md, baro);
  for (int i = 0; i < RS_MAX_CHAIN; i++) {
    md->eta[i]       = chain[i];
    md->etaDot[i]    = chain[RS_MAX_CHAIN + i];
    md->etaDotDot[i] = chain[2 * RS_MAX_CHAIN + i];
    md->etaMass[i]   = chain[3 * RS_MAX_CHAIN + i];
  }
  md->etaDot[RS_MAX_CHAIN] = 0;
  UnpackBox(&sys->box, box);
  UnpackBox(&md->box0, box + 5);
  for (int a = 0; a < 3; a++) sys->vrate[a] = md->hrate[a];
  md->natoms = ntot;
  /* the record so far */
  PetscCall(PetscFree(md->record));
  md->maxrecord = (PetscInt)nrecord + 256;
  PetscCall(PetscMalloc1(md->maxrecord, &md->record));
  if (!sys->dom.rank && nrecord) PetscCall(PetscArraycpy((PetscReal *)md->record, record, 6 * nrecord));
  PetscCall(RsDomainBcast(&sys->dom, 6 * nrecord, (PetscReal *)md->record));
  md->nrecord = (PetscInt)nrecord;
  /* particles: the same layout gets its own slice in saved order; another layout gets all, then keeps its own */
  PetscInt n;
  if (ranks == sys->dom.size) PetscCall(RsDomainScatterOrdered(&sys->dom, counts, NPART, parts, &n, &mine));
  else {
    PetscCall(PetscPrintf(sys->dom.comm, "rheosweep: warning: checkpoint '%s' was written on %d ranks, continuing on %d: physically valid, not bit-identical\n", file, ranks, sys->dom.size));
    PetscCall(PetscMalloc1(ntot * NPART + 1, &mine));
    if (!sys->dom.rank) PetscCall(PetscArraycpy(mine, parts, ntot * NPART));
    PetscCall(RsDomainBcast(&sys->dom, ntot * NPART, mine));
    n = (PetscInt)ntot;
  }
  RsParticles *p = &sys->p;
  PetscCall(RsParticlesReserve(p, n));
  p->n      = n;
  p->nghost = 0;
  for (PetscInt i = 0; i < n; i++) RsParticlesUnpackAtom(p, i, &mine[NPART * i]);
  PetscCall(PetscFree(mine));
  if (ranks != sys->dom.size) PetscCall(RsDomainFilterOwned(&sys->dom, &sys->box, p));
  free(counts);
  free(parts);
  free(record);
  free(extra);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsCheckpointPeekExtra(const RsDomain *dom, const char *file, PetscReal *first)
{
  PetscReal v = -1;
  PetscFunctionBegin;
  if (!dom->rank) {
    char prev[RS_PATH_MAX + 8];
    PetscCall(PetscSNPrintf(prev, sizeof prev, "%s.prev", file));
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    for (int k = 0; k < 2 && v < 0; k++) {
      const char *path = k ? prev : file;
      hid_t       f    = access(path, R_OK) == 0 ? H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT) : -1;
      if (f < 0) continue;
      hsize_t     dims[1];
      H5T_class_t cls;
      size_t      sz;
      if (H5Lexists(f, "/md/extra", H5P_DEFAULT) > 0 && H5LTget_dataset_info(f, "/md/extra", dims, &cls, &sz) >= 0 && dims[0] > 0) {
        PetscReal *buf = malloc(sizeof(PetscReal) * (size_t)dims[0]);
        if (buf && H5LTread_dataset_double(f, "/md/extra", buf) >= 0) v = buf[0];
        free(buf);
      }
      H5Fclose(f);
    }
  }
  PetscCall(RsDomainBcast(dom, 1, &v));
  *first = v;
  PetscFunctionReturn(PETSC_SUCCESS);
}
