/* rs_cmd_frames.c: `rheosweep export -in sweep.h5 -out frames.dump`: particle frames of a
   rheosweep HDF5 file (the final states in a sweep archive, or the state in a task, sample or
   inherent-structure file) as a LAMMPS dump (triclinic, unwrapped image flags kept) or extended
   XYZ, the formats OVITO reads (it has no H5MD reader). -export_frames picks tasks of an
   archive by name (default: all), -export_format lammps-dump | xyz. */
#include "rs_cmd.h"
#include "rs_h5md.h"
#include <hdf5.h>
#include <hdf5_hl.h>
#include <stdlib.h>
#include <string.h>

/* One frame of /particles/<group> into the open output. Returns 0 on success. */
static int Frame(hid_t f, const char *group, long frame, int xyz, const RsPotential *pot, FILE *out)
{
  char       path[512];
  double     e[4], origin[2] = {0, 0}, *pos = NULL;
  int       *img = NULL, *sp = NULL;
  long long *id = NULL;
  PetscInt64 nn = 0;
  int        rc = RsH5MDReadFrame(f, group, &nn, &pos, &img, &sp, &id, e) < 0;
  const long long n = (long long)nn;
  snprintf(path, sizeof path, "/particles/%s/box/origin", group);
  if (H5LTpath_valid(f, path, 1) > 0) rc |= H5LTread_dataset_double(f, path, origin) < 0;
  else if (H5LTget_attribute_double(f, "/parameters", "box_origin", origin) < 0) origin[0] = origin[1] = 0;
  for (long long k = 0; !rc && k < n; k++) rc |= sp[k] < 0 || sp[k] >= pot->ntypes;
  if (!rc) {
    const double lx = e[0], xy = e[2], ly = e[3];
    if (xyz) {
      fprintf(out, "%lld\nLattice=\"%.12g 0 0 %.12g %.12g 0 0 0 1\" Origin=\"%.12g %.12g -0.5\" Properties=species:S:1:pos:R:3:id:I:1:image:I:2 pbc=\"T T F\" frame=%s\n", n, lx, xy, ly, origin[0], origin[1], group);
      for (long long k = 0; k < n; k++) fprintf(out, "%s %.12g %.12g 0 %lld %d %d\n", pot->species[sp[k]], pos[2 * k], pos[2 * k + 1], id[k], img[2 * k], img[2 * k + 1]);
    } else {
      fprintf(out, "ITEM: TIMESTEP\n%ld\nITEM: NUMBER OF ATOMS\n%lld\nITEM: BOX BOUNDS xy xz yz pp pp pp\n", frame, n);
      fprintf(out, "%.12g %.12g %.12g\n%.12g %.12g 0\n-0.5 0.5 0\n", origin[0] + PetscMin(0.0, xy), origin[0] + lx + PetscMax(0.0, xy), xy, origin[1], origin[1] + ly);
      fprintf(out, "ITEM: ATOMS id type element x y z ix iy\n");
      for (long long k = 0; k < n; k++) fprintf(out, "%lld %d %s %.12g %.12g 0 %d %d\n", id[k], sp[k] + 1, pot->species[sp[k]], pos[2 * k], pos[2 * k + 1], img[2 * k], img[2 * k + 1]);
    }
  }
  free(pos), free(img), free(sp), free(id);
  return rc ? -1 : 0;
}

/* H5Literate callback: collects the group names under /particles. */
static herr_t Names(hid_t g, const char *name, const H5L_info_t *info, void *ctx)
{
  char **list = (char **)ctx;
  size_t l = strlen(*list);
  char  *n = realloc(*list, l + strlen(name) + 2);
  if (!n) return -1;
  snprintf(n + l, strlen(name) + 2, "%s%s", l ? "," : "", name);
  *list = n;
  return 0;
}

PetscErrorCode RsCmdExportFrames(MPI_Comm comm, const RsConfig *cfg)
{
  RsPotential pot;
  RsDomain    dom;
  char        path[RS_PATH_MAX], tmp[RS_PATH_MAX + 8], *list = NULL;
  int         err = 0, nframes = 0;
  PetscFunctionBegin;
  PetscCheck(cfg->io.in[0] && cfg->io.out[0], comm, RS_ERR_INPUT, "export needs -in <rheosweep HDF5 file> and -out <file> (-export_format lammps-dump | xyz)");
  PetscCall(RsConfigResolvePath(cfg->model.potential, path, sizeof path));
  PetscCall(RsPotentialLoad(comm, path, &pot));
  PetscCall(RsDomainSetUp(&dom, comm));
  if (!dom.rank) {
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t f = H5Fis_hdf5(cfg->io.in) > 0 ? H5Fopen(cfg->io.in, H5F_ACC_RDONLY, H5P_DEFAULT) : -1;
    if (f < 0) err = 1;
    else if (H5LTpath_valid(f, "/particles", 1) <= 0) err = 2;
    else {
      list = calloc(1, 1);
      if (cfg->io.exportFrames[0] && strcmp(cfg->io.exportFrames, "all")) {
        free(list);
        list = strdup(cfg->io.exportFrames);
      } else {
        hid_t g = H5Gopen2(f, "/particles", H5P_DEFAULT);
        H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, NULL, Names, &list);
        H5Gclose(g);
      }
      PetscCall(PetscSNPrintf(tmp, sizeof tmp, "%s.tmp", cfg->io.out));
      FILE *out = fopen(tmp, "w");
      if (!out) err = 3;
      char *save = NULL;
      for (char *name = out && list ? strtok_r(list, ",", &save) : NULL; name && !err; name = strtok_r(NULL, ",", &save)) {
        if (Frame(f, name, nframes, cfg->io.exportFormat == 1, &pot, out)) {
          err = 4;
          snprintf(path, sizeof path, "%s", name);
        }
        nframes++;
      }
      if (out && (fclose(out) || (!err && rename(tmp, cfg->io.out)))) err = err ? err : 3;
      if (err) remove(tmp);
      free(list);
      H5Fclose(f);
    }
  }
  PetscCall(RsDomainBcastInt(&dom, 1, &err));
  PetscCall(RsDomainBcastInt(&dom, 1, &nframes));
  PetscCheck(err != 1, comm, RS_ERR_FILE, "'%s' is missing, not HDF5 or damaged", cfg->io.in);
  PetscCheck(err != 2, comm, RS_ERR_FILE, "'%s' has no /particles: not a rheosweep state, task or archive file", cfg->io.in);
  PetscCheck(err != 3, comm, RS_ERR_FILE, "cannot write '%s'", cfg->io.out);
  PetscCheck(err != 4, comm, RS_ERR_INPUT, "no readable frame '%s' in '%s' (names: the task names under /particles, or 'all'; species must match -model_potential)", dom.rank ? "?" : path, cfg->io.in);
  PetscCall(PetscPrintf(comm, "# export: %d frame(s) of %s -> %s (%s)\n", nframes, cfg->io.in, cfg->io.out, cfg->io.exportFormat ? "extended XYZ" : "LAMMPS dump"));
  PetscFunctionReturn(PETSC_SUCCESS);
}
