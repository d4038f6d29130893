/* rs_lammps.h: LAMMPS data files (2D, triclinic, atom_style atomic, optional image flags and
   Velocities): a PETSc-free parser with line-numbered errors (fuzzed), conversion to an
   RsSystem, and an atomic writer. */
#ifndef RS_LAMMPS_H
#define RS_LAMMPS_H
#include "rs_system.h"
#include <stddef.h>
#include <stdint.h>

typedef struct {
  int64_t  natoms;
  int      ntypes;
  double   lo[3], hi[3], tilt[3]; /* x, y, z bounds; xy, xz, yz */
  double   mass[RS_MAX_TYPES];
  int      massline[RS_MAX_TYPES]; /* line of each Masses entry, 0 if absent */
  int64_t *id;
  int     *type;   /* 1-based LAMMPS type */
  double  *x;      /* [2*natoms] */
  int     *image;  /* [2*natoms] */
  double  *v;      /* [2*natoms], zero unless hasVelocities */
  int      hasVelocities;
} RsDataFile;

/* Parses a data file held in memory. Returns 0, or -1 with "line N: what" in err. Pure C. */
int RsDataParse(const char *buf, size_t len, RsDataFile *d, char *err, size_t errlen);
/* Frees the arrays of a parsed file. */
void RsDataFree(RsDataFile *d);
/* Reads and parses a file (collective: every rank reads); errors name "file:line". */
PetscErrorCode RsDataRead(MPI_Comm comm, const char *file, RsDataFile *d);
/* Fills box and owned particles of sys from a parsed file, mapping types onto the potential's
   species (checking count and masses). */
PetscErrorCode RsDataToSystem(const RsDataFile *d, const char *file, RsSystem *sys);
/* Writes the owned atoms of sys as a LAMMPS data file, sorted by id, to file.tmp then renamed. */
PetscErrorCode RsDataWrite(const char *file, const RsSystem *sys, const char *title);
#endif
