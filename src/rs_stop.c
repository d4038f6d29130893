/* rs_stop.c: the stop flag (see rs_stop.h). The handlers only store the signal number in a
   sig_atomic_t; the deadline is compared with PetscTime at safe points. */
#include "rs_stop.h"
#include <signal.h>
#include <stdio.h>
#include <string.h>

static volatile sig_atomic_t stopSignal = 0;
static PetscLogDouble         deadline   = 0; /* PetscTime at which to stop; 0 = none */

static void OnSignal(int sig)
{
  stopSignal = sig;
}

PetscErrorCode RsStopInstall(PetscReal walltime, PetscReal margin)
{
  struct sigaction sa;
  PetscLogDouble   now;
  PetscFunctionBegin;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &sa, NULL);
  sigaction(SIGUSR2, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  PetscCall(PetscTime(&now));
  deadline = walltime > 0 ? now + walltime - margin : 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscBool RsStopRequested(const char **why)
{
  PetscLogDouble now = 0;
  if (stopSignal) {
    if (why) *why = stopSignal == SIGUSR1 ? "SIGUSR1" : stopSignal == SIGUSR2 ? "SIGUSR2" : "SIGTERM";
    return PETSC_TRUE;
  }
  if (deadline > 0 && !PetscTime(&now) && now >= deadline) {
    if (why) *why = "wall time (-walltime minus -walltime_margin)";
    return PETSC_TRUE;
  }
  return PETSC_FALSE;
}

PetscErrorCode RsStopAgreed(const RsDomain *dom, PetscBool *stop)
{
  PetscFunctionBegin;
  *stop = RsStopRequested(NULL);
  PetscCall(RsDomainAny(dom, stop));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscReal RsStopParseDuration(const char *s)
{
  long d = 0, h = 0, m = 0, x = 0;
  char c;
  if (!s || !*s) return 0;
  if (sscanf(s, "%ld-%ld:%ld:%ld%c", &d, &h, &m, &x, &c) == 4) return ((d * 24 + h) * 60 + m) * 60.0 + x;
  if (sscanf(s, "%ld:%ld:%ld%c", &h, &m, &x, &c) == 3) return (h * 60 + m) * 60.0 + x;
  if (sscanf(s, "%ld:%ld%c", &m, &x, &c) == 2) return m * 60.0 + x;
  if (sscanf(s, "%ld%c", &m, &c) == 1) return m * 60.0;
  return -1;
}
