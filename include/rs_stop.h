/* rs_stop.h: stopping early and cleanly: SIGUSR1, SIGUSR2 or SIGTERM, or the wall-time limit
   (-walltime minus -walltime_margin), only set a flag; a task's ranks agree on it at their next
   safe point (a regular checkpoint step), write nothing extra, and end with exit code 3 so the
   same command (or a requeued batch job) continues bit-identically. */
#ifndef RS_STOP_H
#define RS_STOP_H
#include "rs_domain.h"

/* Installs the signal handlers and the wall-time deadline (seconds from now; <= 0 = none). */
PetscErrorCode RsStopInstall(PetscReal walltime, PetscReal margin);
/* True when this process saw a stop request (signal or deadline); why names it. Not collective. */
PetscBool RsStopRequested(const char **why);
/* At a safe point: true on every rank of dom when any of them saw a stop request. Collective. */
PetscErrorCode RsStopAgreed(const RsDomain *dom, PetscBool *stop);
/* Parses a Slurm-style duration ([D-]HH:MM:SS, MM:SS or minutes) into seconds; -1 when malformed. */
PetscReal RsStopParseDuration(const char *s);
#endif
