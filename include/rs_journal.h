/* rs_journal.h: the sweep's journal <dir>/journal: one text line per task state change
   ("<UTC time> start|done|failed|stopped <task> [detail]"), appended by the master and fsync'd,
   and its replay into the plan's task states on the next run. */
#ifndef RS_JOURNAL_H
#define RS_JOURNAL_H
#include "rs_sweep.h"
#include <stdio.h>

typedef struct {
  FILE *fp;
  char  path[RS_PATH_MAX];
} RsJournal;

/* Opens <dir>/journal for appending (creating it); an error names the file. */
PetscErrorCode RsJournalOpen(const char *dir, RsJournal *j);
/* Appends one event line, flushes and fsyncs it; a failed write (full disk) is an error naming the file. */
PetscErrorCode RsJournalAppend(RsJournal *j, const char *event, const char *task, const char *detail);
/* Replays <dir>/journal into the plan: done and failed tasks (with reason and run time), tasks
   stopped with a checkpoint (pending), and starts that never ended (interrupted: the job died,
   by this task's crash or another cause).
   Lines of tasks that are not in the plan are ignored. A missing journal is a fresh run. */
PetscErrorCode RsJournalReplay(RsPlan *plan);
/* Closes the journal. */
PetscErrorCode RsJournalClose(RsJournal *j);
#endif
