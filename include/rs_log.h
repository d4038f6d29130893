/* rs_log.h: PETSc log events of rheosweep's phases, reported by -log_view (time, calls,
   imbalance across ranks per phase). */
#ifndef RS_LOG_H
#define RS_LOG_H
#include "rs_sys.h"

extern PetscLogEvent RS_EventForce, RS_EventNeigh, RS_EventComm, RS_EventIntegrate, RS_EventIO, RS_EventReduce; /* RsReduce: the task's global sums/maxima */

/* Registers the events once (idempotent). */
PetscErrorCode RsLogRegister(void);
#endif
