/* rs_h5md.h: the task output file of an MD run: final particle state in H5MD layout (2D
   triclinic box edges), the stress-strain record under /observables, and provenance under
   /parameters. Written to <file>.tmp by rank 0, then renamed. */
#ifndef RS_H5MD_H
#define RS_H5MD_H
#include "rs_md.h"
#include <hdf5.h>

/* A table stored under /observables/<name>. */
typedef struct {
  const char      *name;
  PetscInt         rows, cols;
  const PetscReal *data; /* row-major */
  const char      *columns;
} RsH5Table;

/* Writes the state of sys (H5MD, sorted by id) plus tables, provenance and an optional
   parameter key (/parameters attribute "key") to file, through a temporary name (collective;
   rank 0 writes). */
PetscErrorCode RsH5MDWrite(const RsSystem *sys, const char *file, PetscInt64 step, PetscReal time, const RsH5Table *obs, PetscInt nobs, const char *key);
/* Reads the parameter key of a rheosweep file: found = false when the file does not exist; an
   error when it exists but holds no key (foreign or damaged). Collective. */
PetscErrorCode RsH5ReadKey(const RsDomain *dom, const char *file, char *key, size_t len, PetscBool *found);
/* Reads the first frame of the H5MD particle group /particles/<group> of an open file: the atom
   count and, each when its pointer is not NULL, positions (n x 2), image flags (n x 2), species
   and ids (arrays from malloc) and the cell edges (Lx, 0, xy, Ly). 0 on success, -1 when an
   element is missing or the counts disagree (arrays read so far are still returned). */
int RsH5MDReadFrame(hid_t f, const char *group, PetscInt64 *n, PetscReal **pos, int **image, int **species, long long **ids, PetscReal edges[4]);
/* Writes md's final state and stress-strain record to file, with the parameter key (NULL =
   none) (collective). */
PetscErrorCode RsH5MDWriteTask(const RsMD *md, const char *file, const char *key);
#endif
