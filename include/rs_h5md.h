/* rs_h5md.h: the task output file of an MD run: final particle state in H5MD layout (2D
   triclinic box edges), the stress-strain record under /observables, and provenance under
   /parameters. Written to <file>.tmp by rank 0, then renamed. */
#ifndef RS_H5MD_H
#define RS_H5MD_H
#include "rs_md.h"

/* Writes md's final state and record to file (collective; rank 0 writes). */
PetscErrorCode RsH5MDWriteTask(const RsMD *md, const char *file);
#endif
