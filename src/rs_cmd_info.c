/* rs_cmd_info.c: `rheosweep info file.h5`: what a rheosweep HDF5 file is (sweep archive, task
   file, sample file, checkpoint, inherent structure) with its provenance and every dataset's
   shape; for an archive also the task states and the fits. A file that is not HDF5, or HDF5
   that rheosweep did not write, is one error naming it. */
#include "rs_cmd.h"
#include <stdlib.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <string.h>

/* Prints one object (H5Ovisit callback). */
static herr_t Visit(hid_t loc, const char *name, const H5O_info_t *info, void *ctx)
{
  int *count = (int *)ctx;
  if (info->type == H5O_TYPE_DATASET) {
    hid_t   ds = H5Dopen2(loc, name, H5P_DEFAULT), sp = H5Dget_space(ds);
    hsize_t dims[8];
    int     r = H5Sget_simple_extent_ndims(sp);
    H5Sget_simple_extent_dims(sp, dims, NULL);
    printf("  /%-60s [", name);
    for (int k = 0; k < r; k++) printf("%s%llu", k ? " x " : "", (unsigned long long)dims[k]);
    printf("]\n");
    H5Sclose(sp);
    H5Dclose(ds);
    (*count)++;
  }
  return 0;
}

/* A string attribute, or "" when absent. */
static void Attr(hid_t f, const char *obj, const char *name, char *out, size_t len)
{
  hsize_t     n;
  H5T_class_t cls;
  size_t      sz;
  out[0] = 0;
  if (H5Aexists_by_name(f, obj, name, H5P_DEFAULT) > 0 && H5LTget_attribute_info(f, obj, name, &n, &cls, &sz) >= 0 && cls == H5T_STRING && sz < len) H5LTget_attribute_string(f, obj, name, out);
}

PetscErrorCode RsCmdInfo(MPI_Comm comm, const RsConfig *cfg)
{
  const char *file = cfg->io.in;
  char        kind[64] = "", version[64], hash[64], key[8192];
  int         count = 0;
  RsDomain    dom;
  PetscFunctionBegin;
  PetscCheck(file[0], comm, RS_ERR_INPUT, "info needs a file: rheosweep info file.h5");
  PetscCall(RsDomainSetUp(&dom, comm));
  if (dom.rank) PetscFunctionReturn(PETSC_SUCCESS);
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
  PetscCheck(H5Fis_hdf5(file) > 0, PETSC_COMM_SELF, RS_ERR_FILE, "'%s' is missing or not an HDF5 file", file);
  hid_t f = H5Fopen(file, H5F_ACC_RDONLY, H5P_DEFAULT);
  PetscCheck(f >= 0, PETSC_COMM_SELF, RS_ERR_FILE, "'%s' is a damaged HDF5 file (cannot open it)", file);
  Attr(f, "/", "format", kind, sizeof kind);
  const PetscBool ckpt = strstr(kind, "rheosweep") ? PETSC_TRUE : PETSC_FALSE, params = H5Lexists(f, "parameters", H5P_DEFAULT) > 0 ? PETSC_TRUE : PETSC_FALSE;
  if (!ckpt && !params) {
    H5Fclose(f);
    SETERRQ(PETSC_COMM_SELF, RS_ERR_FILE, "'%s' is HDF5 but not a rheosweep file (no /parameters and no checkpoint format)", file);
  }
  const char *obj = params ? "/parameters" : "/";
  Attr(f, obj, "version", version, sizeof version);
  Attr(f, obj, "git_hash", hash, sizeof hash);
  Attr(f, obj, "key", key, sizeof key);
  if (ckpt) {
    char fmt[64];
    PetscCall(PetscStrncpy(fmt, kind, sizeof fmt));
    snprintf(kind, sizeof kind, "checkpoint (%.50s)", fmt);
  }
  else if (H5Lexists(f, "flow", H5P_DEFAULT) > 0) snprintf(kind, sizeof kind, "sweep archive");
  else if (H5LTpath_valid(f, "/observables/quench_curve", 1) > 0) snprintf(kind, sizeof kind, "glass sample");
  else if (H5LTpath_valid(f, "/observables/abc_steps", 1) > 0) snprintf(kind, sizeof kind, "ABC task file");
  else if (H5LTpath_valid(f, "/observables/stress_strain", 1) > 0) snprintf(kind, sizeof kind, "task file");
  else snprintf(kind, sizeof kind, "state (H5MD)");
  printf("file: %s\nkind: %s\nwritten_by: rheosweep %s (%s)\n", file, kind, version[0] ? version : "?", hash[0] ? hash : "?");
  if (key[0]) printf("key: \"%.300s%s\"\n", key, strlen(key) > 300 ? " ..." : "");
  if (!strcmp(kind, "sweep archive")) {
    hsize_t dims[2] = {0, 0};
    if (H5LTget_dataset_info(f, "/tasks/state", dims, NULL, NULL) >= 0 && dims[0] > 0) {
      hid_t  ds = H5Dopen2(f, "/tasks/state", H5P_DEFAULT), ty = H5Dget_type(ds);
      size_t sz = H5Tget_size(ty);
      char  *s  = malloc(sz * dims[0]);
      int    n[3] = {0, 0, 0};
      if (s && H5Dread(ds, ty, H5S_ALL, H5S_ALL, H5P_DEFAULT, s) >= 0)
        for (hsize_t i = 0; i < dims[0]; i++) n[!strncmp(s + i * sz, "done", 4) ? 0 : !strncmp(s + i * sz, "failed", 6) ? 1 : 2]++;
      printf("tasks: {total: %llu, done: %d, failed: %d, not_done: %d}\n", (unsigned long long)dims[0], n[0], n[1], n[2]);
      free(s);
      H5Tclose(ty);
      H5Dclose(ds);
    }
    const char *fits[2] = {"/fits/asinh", "/fits/regime3"};
    for (int l = 0; l < 2; l++) {
      double row[20];
      if (H5LTget_dataset_info(f, fits[l], dims, NULL, NULL) >= 0 && dims[0] >= 1 && dims[1] == 20) {
        double *all = malloc(sizeof(double) * 20 * dims[0]);
        if (all && H5LTread_dataset_double(f, fits[l], all) >= 0)
          for (hsize_t k = 0; k < dims[0]; k++) {
            memcpy(row, all + 20 * k, sizeof row);
            if (row[1] > 0) printf("%s: {T_K: %g, points: %g, p: [%.6g, %.6g%s%.6g], err: [%.3g, %.3g%s%.3g]}\n", fits[l] + 6, row[0], row[2], row[5], row[6], l ? ", " : "", l ? row[7] : 0.0, row[8], row[9], l ? ", " : "", l ? row[10] : 0.0);
            else printf("%s: {T_K: %g, fitted: no}\n", fits[l] + 6, row[0]);
          }
        free(all);
      }
    }
  }
  printf("datasets:\n");
  H5Ovisit2(f, H5_INDEX_NAME, H5_ITER_NATIVE, Visit, &count, H5O_INFO_BASIC);
  printf("# %d datasets\n", count);
  H5Fclose(f);
  PetscFunctionReturn(PETSC_SUCCESS);
}
