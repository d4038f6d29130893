/* rs_journal.c: the append-only journal of a sweep (see rs_journal.h). Lines are written with
   one fprintf, then fflush + fsync, so a crash leaves at most a torn last line, which replay
   skips. */
#include "rs_journal.h"
#include "rs_file.h"
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

PetscErrorCode RsJournalOpen(const char *dir, RsJournal *j)
{
  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(j->path, sizeof j->path, "%s/journal", dir));
  j->fp = fopen(j->path, "a");
  PetscCheck(j->fp, PETSC_COMM_SELF, RS_ERR_FILE, "cannot open the journal '%s' for appending: %s", j->path, strerror(errno));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsJournalAppend(RsJournal *j, const char *event, const char *task, const char *detail)
{
  char      stamp[32];
  time_t    now = time(NULL);
  struct tm tm;
  PetscFunctionBegin;
  gmtime_r(&now, &tm);
  strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  const int w = fprintf(j->fp, "%s %s %s%s%s\n", stamp, event, task, detail && detail[0] ? " " : "", detail ? detail : "");
  PetscCheck(w > 0 && fflush(j->fp) == 0 && fsync(fileno(j->fp)) == 0, PETSC_COMM_SELF, RS_ERR_FILE, "writing the journal '%s' failed (disk full?): %s", j->path, strerror(errno));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Index of the task called name, -1 when it is not in the plan. */
static PetscInt FindTask(const RsPlan *plan, const char *name)
{
  for (PetscInt t = 0; t < plan->n; t++)
    if (!strcmp(plan->task[t].name, name)) return t;
  return -1;
}

PetscErrorCode RsJournalReplay(RsPlan *plan)
{
  char  path[RS_PATH_MAX], line[1024], stamp[64], event[32], name[RS_TASK_NAME + 1];
  FILE *fp;
  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, sizeof path, "%s/journal", plan->dir));
  fp = fopen(path, "r");
  if (!fp) PetscFunctionReturn(PETSC_SUCCESS);
  while (fgets(line, sizeof line, fp)) {
    int      off = 0;
    size_t   len = strlen(line);
    if (!len || line[len - 1] != '\n') break; /* torn last line */
    line[len - 1] = 0;
    if (sscanf(line, "%63s %31s %128s %n", stamp, event, name, &off) < 3) continue;
    const PetscInt t = FindTask(plan, name);
    if (t < 0) continue;
    RsTask     *k      = &plan->task[t];
    const char *detail = off ? line + off : "";
    if (!strcmp(event, "start")) {
      if (k->state == RS_TASK_RUNNING) k->interrupted++;
      k->state = RS_TASK_RUNNING;
    } else if (!strcmp(event, "done")) {
      k->state = RS_TASK_DONE;
      (void)sscanf(detail, "seconds=%lf", &k->seconds);
    } else if (!strcmp(event, "failed")) {
      k->state = RS_TASK_FAILED;
      snprintf(k->reason, sizeof k->reason, "%s", detail);
    } else if (!strcmp(event, "stopped")) k->state = RS_TASK_PENDING;
  }
  fclose(fp);
  for (PetscInt t = 0; t < plan->n; t++)
    if (plan->task[t].state == RS_TASK_RUNNING) {
      plan->task[t].interrupted++;
      plan->task[t].state = RS_TASK_PENDING;
    }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsJournalClose(RsJournal *j)
{
  PetscFunctionBegin;
  if (j->fp) fclose(j->fp);
  j->fp = NULL;
  PetscFunctionReturn(PETSC_SUCCESS);
}
