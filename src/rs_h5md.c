/* rs_h5md.c: H5MD 1.1 output of a state (an MD task's end, a prepared sample).

   /h5md                      version = [1, 1]; author/name; creator/name, creator/version
   /particles/all/box         dimension = 2, boundary = [periodic, periodic]
   /particles/all/box/edges   step[1], time[1] (ps), value[1][2][2]: the cell vectors as rows,
                              a = (Lx, 0), b = (xy, Ly) (A), so triclinic boxes are exact
   /particles/all/{position,velocity,image}  step[1], time[1], value[1][N][2] (A, A/ps, -)
   /particles/all/{species,id}               step[1], time[1], value[1][N] (0-based type; id)
   /observables/<name>        tables (rows x cols) with an attribute `columns` naming them; an
                              MD task writes stress_strain (strain, sigma_xx, sigma_yy,
                              sigma_xy (MPa), pe (eV/atom), T (K)), a sample quench_curve and tg
   /parameters                attributes version, git_hash, build_flags, options (the full
                              options database as text), box_origin (A)
   Atoms are sorted by id. The file is written to <file>.tmp, fsync'd and renamed, so a crash
   never leaves a half-written result. */
#include "rs_h5md.h"
#include "rs_version.h"
#include "rs_file.h"
#include <errno.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <string.h>
#include <unistd.h>

/* One H5MD time-dependent element with a single frame. */
static int WriteElement(hid_t f, const char *group, PetscInt64 step, PetscReal time, int rank, const hsize_t *dims, hid_t type, const void *data)
{
  char    path[256];
  hsize_t one[1] = {1};
  int     rc     = 0;
  hid_t   g      = H5Gcreate2(f, group, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (g < 0) return -1;
  long long st = step;
  snprintf(path, sizeof path, "%s/step", group);
  rc |= H5LTmake_dataset(f, path, 1, one, H5T_NATIVE_LLONG, &st) < 0;
  snprintf(path, sizeof path, "%s/time", group);
  rc |= H5LTmake_dataset_double(f, path, 1, one, &time) < 0;
  snprintf(path, sizeof path, "%s/value", group);
  rc |= H5LTmake_dataset(f, path, rank, dims, type, data) < 0;
  H5Gclose(g);
  return rc ? -1 : 0;
}

static int WriteFile(const char *path, const RsSystem *sys, PetscInt64 step, PetscReal time, const RsH5Table *obs, PetscInt nobs, const char *key, PetscInt64 n, const PetscReal *all)
{
  const RsBox *b = &sys->box;
  hid_t        f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  int          rc = 0, ver[2] = {1, 1}, dim = 2;
  if (f < 0) return -1;
  PetscReal *pos, *vel;
  int       *img, *spec;
  long long *ids;
  pos  = malloc(sizeof(PetscReal) * 2 * (size_t)(n + 1));
  vel  = malloc(sizeof(PetscReal) * 2 * (size_t)(n + 1));
  img  = malloc(sizeof(int) * 2 * (size_t)(n + 1));
  spec = malloc(sizeof(int) * (size_t)(n + 1));
  ids  = malloc(sizeof(long long) * (size_t)(n + 1));
  if (!pos || !vel || !img || !spec || !ids) rc = 1;
  for (PetscInt64 k = 0; !rc && k < n; k++) {
    const PetscReal *r = &all[(RS_ATOM_NPACK + 1) * k]; /* id, then x y vx vy ix iy type id */
    ids[k]             = (long long)r[0];
    pos[2 * k]         = r[1];
    pos[2 * k + 1]     = r[2];
    vel[2 * k]         = r[3];
    vel[2 * k + 1]     = r[4];
    img[2 * k]         = (int)r[5];
    img[2 * k + 1]     = (int)r[6];
    spec[k]            = (int)r[7];
  }
  const PetscReal edges[4] = {b->Lx, 0.0, b->xy, b->Ly}, origin[2] = {b->lo[0], b->lo[1]};
  hsize_t         de[3] = {1, 2, 2}, dv[3] = {1, (hsize_t)n, 2}, ds[2] = {1, (hsize_t)n};
  hid_t           g;
  if (!rc) {
    g = H5Gcreate2(f, "/h5md", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Gclose(g);
    rc |= H5LTset_attribute_int(f, "/h5md", "version", ver, 2) < 0;
    g = H5Gcreate2(f, "/h5md/author", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Gclose(g);
    rc |= H5LTset_attribute_string(f, "/h5md/author", "name", "rheosweep") < 0;
    g = H5Gcreate2(f, "/h5md/creator", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Gclose(g);
    rc |= H5LTset_attribute_string(f, "/h5md/creator", "name", "rheosweep") < 0;
    rc |= H5LTset_attribute_string(f, "/h5md/creator", "version", RS_VERSION) < 0;
    g = H5Gcreate2(f, "/particles", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Gclose(g);
    g = H5Gcreate2(f, "/particles/all", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Gclose(g);
    g = H5Gcreate2(f, "/particles/all/box", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Gclose(g);
    rc |= H5LTset_attribute_int(f, "/particles/all/box", "dimension", &dim, 1) < 0;
    {
      /* boundary: fixed-length string array attribute */
      hid_t   st = H5Tcopy(H5T_C_S1);
      hsize_t two[1] = {2};
      H5Tset_size(st, 9);
      hid_t sp = H5Screate_simple(1, two, NULL), bg = H5Gopen2(f, "/particles/all/box", H5P_DEFAULT);
      hid_t a  = H5Acreate2(bg, "boundary", st, sp, H5P_DEFAULT, H5P_DEFAULT);
      rc |= a < 0 || H5Awrite(a, st, "periodic\0periodic\0") < 0;
      if (a >= 0) H5Aclose(a);
      H5Sclose(sp);
      H5Gclose(bg);
      H5Tclose(st);
    }
    rc |= WriteElement(f, "/particles/all/box/edges", step, time, 3, de, H5T_NATIVE_DOUBLE, edges);
    rc |= WriteElement(f, "/particles/all/position", step, time, 3, dv, H5T_NATIVE_DOUBLE, pos);
    rc |= WriteElement(f, "/particles/all/velocity", step, time, 3, dv, H5T_NATIVE_DOUBLE, vel);
    rc |= WriteElement(f, "/particles/all/image", step, time, 3, dv, H5T_NATIVE_INT, img);
    rc |= WriteElement(f, "/particles/all/species", step, time, 2, ds, H5T_NATIVE_INT, spec);
    rc |= WriteElement(f, "/particles/all/id", step, time, 2, ds, H5T_NATIVE_LLONG, ids);
    g = H5Gcreate2(f, "/observables", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Gclose(g);
    for (PetscInt k = 0; k < nobs; k++) {
      char    path[256];
      double  dummy[16] = {0};
      hsize_t dd[2]     = {(hsize_t)obs[k].rows, (hsize_t)obs[k].cols};
      snprintf(path, sizeof path, "/observables/%s", obs[k].name);
      rc |= H5LTmake_dataset_double(f, path, 2, dd, obs[k].rows ? obs[k].data : dummy) < 0;
      rc |= H5LTset_attribute_string(f, path, "columns", obs[k].columns) < 0;
    }
    g = H5Gcreate2(f, "/parameters", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Gclose(g);
    char *opts = NULL;
    PetscOptionsGetAll(NULL, &opts);
    rc |= H5LTset_attribute_string(f, "/parameters", "options", opts ? opts : "") < 0;
    PetscFree(opts);
    rc |= H5LTset_attribute_string(f, "/parameters", "version", RS_VERSION) < 0;
    rc |= H5LTset_attribute_string(f, "/parameters", "git_hash", RsVersionGitHash()) < 0;
    rc |= H5LTset_attribute_string(f, "/parameters", "build_flags", RsVersionBuildFlags()) < 0;
    rc |= H5LTset_attribute_double(f, "/parameters", "box_origin", origin, 2) < 0;
    if (key) rc |= H5LTset_attribute_string(f, "/parameters", "key", key) < 0;
  }
  free(pos);
  free(vel);
  free(img);
  free(spec);
  free(ids);
  rc |= H5Fclose(f) < 0;
  return rc ? -1 : 0;
}

PetscErrorCode RsH5MDWrite(const RsSystem *sys, const char *file, PetscInt64 step, PetscReal time, const RsH5Table *obs, PetscInt nobs, const char *key)
{
  PetscReal *all = NULL;
  PetscInt64 n;
  int        err = 0;
  PetscFunctionBegin;
  PetscCall(RsSystemGatherAtoms(sys, &n, &all));
  if (!sys->dom.rank) {
    char tmp[RS_PATH_MAX + 8];
    PetscCall(PetscSNPrintf(tmp, sizeof tmp, "%s.tmp", file));
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    if (WriteFile(tmp, sys, step, time, obs, nobs, key, n, all)) {
      err = 1;
      remove(tmp);
    } else if (RsFileFsync(tmp, 0) || rename(tmp, file)) err = 2;
    else RsFileFsyncParent(file);
    PetscCall(PetscFree(all));
  }
  PetscCall(RsDomainBcastInt(&sys->dom, 1, &err));
  PetscCheck(!err, sys->dom.comm, RS_ERR_FILE, "cannot write '%s' (%s)", file, err == 1 ? "HDF5 write failed, disk full?" : "rename failed");
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsH5MDWriteTask(const RsMD *md, const char *file, const char *key)
{
  const RsH5Table rec = {"stress_strain", md->nrecord, 6, (const PetscReal *)md->record, "strain, sigma_xx (MPa), sigma_yy (MPa), sigma_xy (MPa), pe (eV/atom), T (K); averages over each strain interval"};
  PetscFunctionBegin;
  PetscCall(RsH5MDWrite(md->sys, file, md->step, md->step * md->cfg->dt, &rec, 1, key));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* One element's value (1 x rows [x k]) of /particles/<group>/<name> into a new array. */
static int ReadElement(hid_t f, const char *group, const char *name, hid_t type, size_t size, void **out, hsize_t *rows)
{
  char    path[512];
  hsize_t dims[3] = {0, 0, 0};
  int     rank;
  snprintf(path, sizeof path, "/particles/%s/%s/value", group, name);
  if (H5LTget_dataset_ndims(f, path, &rank) < 0 || rank < 2 || rank > 3 || H5LTget_dataset_info(f, path, dims, NULL, NULL) < 0) return -1;
  const size_t cnt = (size_t)dims[1] * (rank == 3 ? dims[2] : 1);
  *out             = malloc(size * (cnt + 1));
  *rows            = dims[1];
  return *out && H5LTread_dataset(f, path, type, *out) >= 0 ? 0 : -1;
}

int RsH5MDReadFrame(hid_t f, const char *group, PetscInt64 *n, PetscReal **pos, int **image, int **species, long long **ids, PetscReal edges[4])
{
  const char *names[4] = {"position", "image", "species", "id"};
  void      **outs[4]  = {(void **)pos, (void **)image, (void **)species, (void **)ids};
  const hid_t types[4] = {H5T_NATIVE_DOUBLE, H5T_NATIVE_INT, H5T_NATIVE_INT, H5T_NATIVE_LLONG};
  const size_t sizes[4] = {sizeof(PetscReal), sizeof(int), sizeof(int), sizeof(long long)};
  char        path[512];
  hsize_t     rows, dims[3];
  int         rc = 0;
  snprintf(path, sizeof path, "/particles/%s/position/value", group);
  if (H5LTget_dataset_info(f, path, dims, NULL, NULL) < 0) return -1;
  *n = (PetscInt64)dims[1];
  for (int k = 0; k < 4; k++)
    if (outs[k]) rc |= ReadElement(f, group, names[k], types[k], sizes[k], outs[k], &rows) < 0 || (PetscInt64)rows != *n;
  snprintf(path, sizeof path, "/particles/%s/box/edges/value", group);
  if (edges) rc |= H5LTread_dataset_double(f, path, edges) < 0;
  return rc ? -1 : 0;
}

PetscErrorCode RsH5ReadKey(const RsDomain *dom, const char *file, char *key, size_t len, PetscBool *found)
{
  int  state = 0; /* 0 no file, 1 key read, 2 unreadable or no key */
  PetscFunctionBegin;
  key[0] = 0;
  if (!dom->rank && access(file, F_OK) == 0) {
    hid_t f;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    state = 2;
    f     = H5Fopen(file, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f >= 0) {
      hsize_t     dims[1];
      H5T_class_t cls;
      size_t      sz = 0;
      if (H5Aexists_by_name(f, "/parameters", "key", H5P_DEFAULT) > 0 && H5LTget_attribute_info(f, "/parameters", "key", dims, &cls, &sz) >= 0 && sz < len) {
        if (H5LTget_attribute_string(f, "/parameters", "key", key) >= 0) state = 1;
      }
      H5Fclose(f);
    }
  }
  PetscCall(RsDomainBcastInt(dom, 1, &state));
  PetscCheck(state != 2, dom->comm, RS_ERR_INPUT, "'%s' exists but is not a rheosweep file with a parameter key (a foreign or damaged HDF5 file?): move it away or choose another name", file);
  {
    int n = (int)strlen(key);
    PetscCall(RsDomainBcastInt(dom, 1, &n));
    PetscReal *b;
    PetscCall(PetscMalloc1(n + 1, &b));
    for (int i = 0; i < n; i++) b[i] = (PetscReal)(unsigned char)key[i];
    PetscCall(RsDomainBcast(dom, n, b));
    for (int i = 0; i < n; i++) key[i] = (char)(int)b[i];
    key[n] = 0;
    PetscCall(PetscFree(b));
  }
  *found = state == 1 ? PETSC_TRUE : PETSC_FALSE;
  PetscFunctionReturn(PETSC_SUCCESS);
}
