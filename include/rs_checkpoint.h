/* rs_checkpoint.h: checkpoints of an MD task (HDF5): everything for a bit-identical
   continuation on the same rank layout (particles in each rank's order, box, deformation,
   thermostat chain, counters, record so far), written to a temporary name, fsync'd and renamed,
   with the previous generation kept as <file>.prev. */
#ifndef RS_CHECKPOINT_H
#define RS_CHECKPOINT_H
#include "rs_md.h"

/* Writes the checkpoint of md (collective; rank 0 writes). */
PetscErrorCode RsCheckpointSave(const RsMD *md, const char *file);
/* True on all ranks if file or file.prev exists. Collective. */
PetscErrorCode RsCheckpointExists(const RsDomain *dom, const char *file, PetscBool *exists);
/* Restores md and its system from file (falling back to file.prev if the newest is damaged);
   md->cfg and md->sys must be set. On another rank count the run continues (valid physics,
   not bit-identical) with a warning. Collective. */
PetscErrorCode RsCheckpointLoad(RsMD *md, const char *file);
/* First value of the driver state stored with the checkpoint (file, else file.prev), or -1 when
   there is none or no readable file (a driver's stage index). Collective. */
PetscErrorCode RsCheckpointPeekExtra(const RsDomain *dom, const char *file, PetscReal *first);
#endif
