/* rs_file.h: crash-safe output (write temp, fsync, rename, fsync dir): POSIX helpers and the
   CSV table writer of the record files. */
#ifndef RS_FILE_H
#define RS_FILE_H
#include "rs_domain.h"

/* fsyncs a file (dir = 0) or a directory (dir = 1) by path; 0 on success, -1 otherwise. */
int RsFileFsync(const char *path, int dir);
/* fsyncs the directory that contains path (after a rename into it); 0 on success. */
int RsFileFsyncParent(const char *path);
/* Writes a CSV table (the header line, then nrows rows of ncols doubles printed with %.17g, NaN
   as an empty cell) to file on rank 0 through file.tmp, fsync and rename; a failure is one
   error on every rank naming the file, and leaves any previous file intact. Collective. */
PetscErrorCode RsFileWriteCSV(const RsDomain *dom, const char *file, const char *header, PetscInt nrows, PetscInt ncols, const PetscReal *data);
#endif
