/* rs_log.c: registration of the log events (classid "rheosweep"); wrap phases, never pairs. */
#include "rs_log.h"

PetscLogEvent RS_EventForce, RS_EventNeigh, RS_EventComm, RS_EventIntegrate, RS_EventIO, RS_EventReduce;

PetscErrorCode RsLogRegister(void)
{
  static PetscBool done = PETSC_FALSE;
  PetscClassId     cid;
  PetscFunctionBegin;
  if (done) PetscFunctionReturn(PETSC_SUCCESS);
  done = PETSC_TRUE;
  PetscCall(PetscClassIdRegister("rheosweep", &cid));
  PetscCall(PetscLogEventRegister("RsForce", cid, &RS_EventForce));
  PetscCall(PetscLogEventRegister("RsNeighBuild", cid, &RS_EventNeigh));
  PetscCall(PetscLogEventRegister("RsComm", cid, &RS_EventComm));
  PetscCall(PetscLogEventRegister("RsIntegrate", cid, &RS_EventIntegrate));
  PetscCall(PetscLogEventRegister("RsIO", cid, &RS_EventIO));
  PetscCall(PetscLogEventRegister("RsReduce", cid, &RS_EventReduce));
  PetscFunctionReturn(PETSC_SUCCESS);
}
