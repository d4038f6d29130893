/* rs_file.c: fsync by path, used around the temp-then-rename protocol of every output file, so a
   result is either the old complete file or the new complete file, never a partial one; and the
   CSV table writer built on it. */
#include "rs_file.h"
#include <fcntl.h>
#include <libgen.h>
#include <string.h>
#include <unistd.h>

int RsFileFsync(const char *path, int dir)
{
  int fd = open(path, dir ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) return -1;
  int rc = fsync(fd);
  close(fd);
  return rc;
}

int RsFileFsyncParent(const char *path)
{
  char buf[RS_PATH_MAX];
  snprintf(buf, sizeof buf, "%s", path);
  return RsFileFsync(dirname(buf), 1);
}

PetscErrorCode RsFileWriteCSV(const RsDomain *dom, const char *file, const char *header, PetscInt nrows, PetscInt ncols, const PetscReal *data)
{
  int err = 0;
  PetscFunctionBegin;
  if (!dom->rank) {
    char  tmp[RS_PATH_MAX + 8];
    FILE *fp;
    PetscCall(PetscSNPrintf(tmp, sizeof tmp, "%s.tmp", file));
    fp = fopen(tmp, "w");
    if (!fp) err = 1;
    else {
      fprintf(fp, "%s\n", header);
      for (PetscInt r = 0; r < nrows; r++)
        for (PetscInt c = 0; c < ncols; c++) {
          const PetscReal v = data[r * ncols + c];
          if (!PetscIsNanReal(v)) fprintf(fp, "%.17g", (double)v);
          fputc(c + 1 < ncols ? ',' : '\n', fp);
        }
      err = ferror(fp) | (fclose(fp) != 0);
      if (!err) err = RsFileFsync(tmp, 0) != 0 || rename(tmp, file) != 0;
      if (err) remove(tmp);
      else RsFileFsyncParent(file);
    }
  }
  PetscCall(RsDomainBcastInt(dom, 1, &err));
  PetscCheck(!err, dom->comm, RS_ERR_FILE, "cannot write '%s' (disk full, or no write permission?); any previous version is intact", file);
  PetscFunctionReturn(PETSC_SUCCESS);
}
