/* rs_farm.c: the master/worker farm (DESIGN.md section 2).

   Rank 0 of the sweep's communicator is the master: it replays the journal, dispatches pending
   tasks one at a time to idle worker groups (samples first, then longest expected cost first; a
   shear task only after its sample is done), journals every state change, and prints one line
   per event and a summary every -sweep_progress seconds. The other ranks are split into groups
   of -sweep_ranks_per_task; a group's leader receives a task index, the group runs it on its own
   communicator and the leader sends back the outcome. Nobody spins while waiting: every wait is
   MPI_Test with sleeps growing to 2 ms, so an oversubscribed master or an idle group costs
   almost no CPU. With one rank the master runs every task itself, in the same order. */
#include "rs_farm.h"
#include "rs_journal.h"
#include "rs_h5md.h"
#include "rs_stop.h"
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define RS_TAG_TASK   7101
#define RS_TAG_RESULT 7102
#define RS_MAX_INTERRUPTED 20 /* starts without an end (no crash record) before a task is given up */

/* Completes req without spinning: MPI_Test, then sleeps from 20 us growing to 2 ms, calling
   idle(ctx) (if given) after every sleep. */
static PetscErrorCode WaitQuietly(MPI_Request *req, MPI_Status *st, PetscErrorCode (*idle)(void *), void *ctx)
{
  int  done = 0;
  long ns   = 20000;
  PetscFunctionBegin;
  for (;;) {
    PetscCallMPI(MPI_Test(req, &done, st ? st : MPI_STATUS_IGNORE));
    if (done) break;
    struct timespec ts = {0, ns};
    nanosleep(&ts, NULL);
    if (ns < 2000000) ns *= 2;
    if (idle) PetscCall(idle(ctx));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

typedef struct {
  const RsConfig *cfg;
  RsPlan         *plan;
  RsJournal       journal;
  PetscInt       *order;       /* dispatch order */
  PetscInt        ngroups, g;  /* worker groups, ranks per group */
  PetscInt       *running;     /* task of each group, -1 = idle */
  double         *started;     /* wall time each group's task started */
  double          t0, lastSummary;
  double          costDone, rankSecondsDone; /* for the speed correction of the cost model */
  PetscInt        failed;
  PetscBool       stopping;    /* a task stopped with a checkpoint: dispatch nothing more */
} Master;

/* "[h:mm:ss]" since the start of the run. */
static void Clock(double s, char *out, size_t len)
{
  const long t = (long)s;
  snprintf(out, len, "%ld:%02ld:%02ld", t / 3600, (t / 60) % 60, t % 60);
}

/* One line from the master, flushed at once. */
static PetscErrorCode Say(Master *m, const char *fmt, const char *name, const char *what)
{
  char c[32];
  PetscFunctionBegin;
  Clock(MPI_Wtime() - m->t0, c, sizeof c);
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, PETSC_STDOUT, "[%s] ", c));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, PETSC_STDOUT, fmt, name, what));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, PETSC_STDOUT, "\n"));
  fflush(PETSC_STDOUT);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Marks task t failed (journal + line). */
static PetscErrorCode Fail(Master *m, PetscInt t, const char *reason)
{
  RsTask *k = &m->plan->task[t];
  PetscFunctionBegin;
  k->state = RS_TASK_FAILED;
  snprintf(k->reason, sizeof k->reason, "%s", reason);
  m->failed++;
  PetscCall(RsJournalAppend(&m->journal, "failed", k->name, reason));
  PetscCall(Say(m, "failed  %s: %s", k->name, reason));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Summary: counts, elapsed time and the ETA from the cost model corrected by measured speed. */
static PetscErrorCode Summary(Master *m, const char *what)
{
  PetscInt     n[4] = {0, 0, 0, 0};
  const double now = MPI_Wtime(), corr = m->costDone > 0 ? m->rankSecondsDone / m->costDone : 1.0;
  double       left = 0;
  char         el[32], eta[32], line[256];
  PetscFunctionBegin;
  for (PetscInt t = 0; t < m->plan->n; t++) {
    n[m->plan->task[t].state]++;
    if (m->plan->task[t].state == RS_TASK_PENDING) left += corr * m->plan->task[t].cost;
  }
  for (PetscInt q = 0; q < PetscMax(m->ngroups, 1); q++)
    if (m->running[q] >= 0) left += PetscMax(0.0, corr * m->plan->task[m->running[q]].cost - (now - m->started[q]) * m->g);
  Clock(now - m->t0, el, sizeof el);
  Clock(left / (PetscMax(m->ngroups, 1) * m->g), eta, sizeof eta);
  snprintf(line, sizeof line, "%" PetscInt_FMT " done, %" PetscInt_FMT " running, %" PetscInt_FMT " failed, %" PetscInt_FMT " pending; elapsed %s, ETA %s%s", n[RS_TASK_DONE], n[RS_TASK_RUNNING], n[RS_TASK_FAILED], n[RS_TASK_PENDING], el, eta, m->costDone > 0 ? "" : " (cost model, not yet measured)");
  PetscCall(Say(m, "%s: %s", what, line));
  m->lastSummary = now;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Notices a stop request (signal, wall time): no new tasks from now on. */
static PetscErrorCode CheckStop(Master *m)
{
  const char *why = "";
  PetscFunctionBegin;
  if (m->stopping || !RsStopRequested(&why)) PetscFunctionReturn(PETSC_SUCCESS);
  m->stopping = PETSC_TRUE;
  PetscCall(Say(m, "stop    %s: %s", why, "no new tasks; running tasks stop at their next checkpoint"));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* While the master waits: summaries every -sweep_progress seconds, and stop requests. */
static PetscErrorCode MasterIdle(void *ctx)
{
  Master *m = (Master *)ctx;
  PetscFunctionBegin;
  if (MPI_Wtime() - m->lastSummary > m->cfg->sweep.progress) PetscCall(Summary(m, "progress"));
  PetscCall(CheckStop(m));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Next task to dispatch (-1: none ready); fails tasks whose sample failed. */
static PetscErrorCode NextTask(Master *m, PetscInt *next)
{
  PetscFunctionBegin;
  *next = -1;
  PetscCall(CheckStop(m));
  if (m->stopping) PetscFunctionReturn(PETSC_SUCCESS);
  for (PetscInt i = 0; i < m->plan->n; i++) {
    const PetscInt t = m->order[i];
    RsTask        *k = &m->plan->task[t];
    if (k->state != RS_TASK_PENDING) continue;
    if (k->dep >= 0 && m->plan->task[k->dep].state == RS_TASK_FAILED) {
      char why[256];
      snprintf(why, sizeof why, "its sample %s failed", m->plan->task[k->dep].name);
      PetscCall(Fail(m, t, why));
      continue;
    }
    if (k->dep >= 0 && m->plan->task[k->dep].state != RS_TASK_DONE) continue;
    *next = t;
    break;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Journals the start of task t on group q. */
static PetscErrorCode Start(Master *m, PetscInt q, PetscInt t)
{
  RsTask *k = &m->plan->task[t];
  char    detail[64];
  PetscFunctionBegin;
  snprintf(detail, sizeof detail, "group=%" PetscInt_FMT " attempt=%" PetscInt_FMT, q, k->interrupted + 1);
  PetscCall(RsJournalAppend(&m->journal, "start", k->name, detail));
  k->state      = RS_TASK_RUNNING;
  m->running[q] = t;
  m->started[q] = MPI_Wtime();
  PetscCall(Say(m, "start   %s%s", k->name, k->crashes ? " (again after it killed its process)" : k->interrupted ? " (again after the job was interrupted)" : ""));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Records the outcome of group q's task. */
static PetscErrorCode Finish(Master *m, PetscInt q, const RsTaskResult *r)
{
  RsTask *k = &m->plan->task[r->task];
  char    detail[64];
  PetscFunctionBegin;
  m->running[q] = -1;
  if (r->state == RS_TASK_FAILED) PetscCall(Fail(m, r->task, r->reason));
  else if (r->state == RS_TASK_PENDING) {
    k->state = RS_TASK_PENDING;
    PetscCall(RsJournalAppend(&m->journal, "stopped", k->name, "checkpointed"));
    PetscCall(Say(m, "stopped %s%s", k->name, " (checkpointed; run the same command again to continue)"));
    if (!m->stopping) PetscCall(Say(m, "stop    %s: %s", "a task stopped", "no new tasks"));
    m->stopping = PETSC_TRUE;
  } else {
    k->state   = RS_TASK_DONE;
    k->seconds = r->seconds;
    m->costDone += k->cost;
    m->rankSecondsDone += r->seconds * m->g;
    snprintf(detail, sizeof detail, "seconds=%.3f", r->seconds);
    PetscCall(RsJournalAppend(&m->journal, "done", k->name, detail));
    snprintf(detail, sizeof detail, " (%.1f s)", r->seconds);
    PetscCall(Say(m, "done    %s%s", k->name, detail));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Creates the run directory layout, parents included (rank 0). */
static PetscErrorCode MakeDirs(const char *dir)
{
  const char *sub[] = {"", "/samples", "/tasks"};
  char        path[RS_PATH_MAX];
  PetscFunctionBegin;
  PetscCall(PetscStrncpy(path, dir, sizeof path));
  for (char *c = path + 1; *c; c++)
    if (*c == '/') {
      *c = 0;
      PetscCheck(mkdir(path, 0777) == 0 || errno == EEXIST, PETSC_COMM_SELF, RS_ERR_FILE, "cannot create the run directory's parent '%s': %s", path, strerror(errno));
      *c = '/';
    }
  for (int i = 0; i < 3; i++) {
    PetscCall(PetscSNPrintf(path, sizeof path, "%s%s", dir, sub[i]));
    PetscCheck(mkdir(path, 0777) == 0 || errno == EEXIST, PETSC_COMM_SELF, RS_ERR_FILE, "cannot create the run directory '%s': %s", path, strerror(errno));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Master set-up: directories, journal replay, verification of finished tasks, retry limits. */
static PetscErrorCode MasterSetUp(Master *m)
{
  RsPlan *plan = m->plan;
  char    path[RS_PATH_MAX], *key;
  PetscFunctionBegin;
  PetscCall(MakeDirs(plan->dir));
  PetscCall(RsJournalReplay(plan));
  PetscCall(RsJournalOpen(plan->dir, &m->journal));
  PetscCall(PetscMalloc1(RS_KEY_MAX, &key));
  for (PetscInt t = 0; t < plan->n; t++) {
    RsTask   *k = &plan->task[t];
    PetscBool found;
    if (k->state == RS_TASK_DONE) { /* the journal says done: the task file must say so too */
      RsDomain self = {.comm = PETSC_COMM_SELF, .rank = 0, .size = 1};
      PetscCall(RsPlanTaskPath(plan, t, ".h5", path, sizeof path));
      PetscCall(RsH5ReadKey(&self, path, key, RS_KEY_MAX, &found));
      if (!found || strcmp(key, k->key)) {
        PetscCall(PetscFPrintf(PETSC_COMM_SELF, PETSC_STDOUT, "# warning: task %s is journaled as done but %s is %s: running it again\n", k->name, path, found ? "from other parameters" : "missing"));
        k->state = RS_TASK_PENDING;
      }
    }
    if (k->state == RS_TASK_FAILED) m->failed++;
    PetscCall(RsPlanTaskPath(plan, t, ".crash", path, sizeof path));
    FILE *fp = fopen(path, "r");
    if (fp) {
      for (int ch; (ch = fgetc(fp)) != EOF;) k->crashes += ch == '\n';
      fclose(fp);
    }
    if (k->state == RS_TASK_PENDING && (k->crashes > m->cfg->sweep.retries || k->interrupted > RS_MAX_INTERRUPTED)) {
      char why[256];
      if (k->crashes > m->cfg->sweep.retries) snprintf(why, sizeof why, "it killed its process %" PetscInt_FMT " times (-sweep_retries %" PetscInt_FMT "; signals in its .crash file)", k->crashes, m->cfg->sweep.retries);
      else snprintf(why, sizeof why, "interrupted %" PetscInt_FMT " times without finishing (killed from outside, e.g. out of memory?)", k->interrupted);
      PetscCall(Fail(m, t, why));
    }
  }
  PetscCall(PetscFree(key));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Dispatch order: samples first, then by expected cost, longest first (ties: plan order). */
static PetscErrorCode Order(Master *m)
{
  const RsPlan *plan = m->plan;
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(plan->n, &m->order));
  for (PetscInt i = 0; i < plan->n; i++) m->order[i] = i;
  for (PetscInt i = 1; i < plan->n; i++) { /* insertion sort: stable and deterministic */
    const PetscInt t = m->order[i];
    PetscInt       j = i;
    for (; j > 0; j--) {
      const RsTask *a = &plan->task[m->order[j - 1]], *b = &plan->task[t];
      const int     pa = a->method == RS_TASK_PREPARE, pb = b->method == RS_TASK_PREPARE;
      if (pa > pb || (pa == pb && a->cost >= b->cost)) break;
      m->order[j] = m->order[j - 1];
    }
    m->order[j] = t;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The master's loop over worker groups (ngroups >= 1) or, with none, running tasks itself. */
static PetscErrorCode MasterRun(Master *m, MPI_Comm comm)
{
  RsTaskResult r;
  MPI_Request  req = MPI_REQUEST_NULL;
  PetscInt     t, nrun = 0;
  PetscFunctionBegin;
  PetscCall(Summary(m, "plan"));
  if (!m->ngroups) {
    for (;;) {
      PetscCall(NextTask(m, &t));
      if (t < 0) break;
      PetscCall(Start(m, 0, t));
      PetscCall(RsTaskRun(PETSC_COMM_SELF, m->cfg, m->plan, t, &r));
      PetscCall(Finish(m, 0, &r));
      if (MPI_Wtime() - m->lastSummary > m->cfg->sweep.progress) PetscCall(Summary(m, "progress"));
    }
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  for (;;) {
    for (PetscInt q = 0; q < m->ngroups; q++) { /* fill idle groups */
      if (m->running[q] >= 0) continue;
      PetscCall(NextTask(m, &t));
      if (t < 0) break;
      PetscCall(Start(m, q, t));
      int ti = (int)t;
      PetscCallMPI(MPI_Send(&ti, 1, MPI_INT, (int)(1 + q * m->g), RS_TAG_TASK, comm));
      nrun++;
    }
    if (!nrun) break;
    MPI_Status st;
    PetscCallMPI(MPI_Irecv(&r, sizeof r, MPI_BYTE, MPI_ANY_SOURCE, RS_TAG_RESULT, comm, &req));
    PetscCall(WaitQuietly(&req, &st, MasterIdle, m));
    nrun--;
    PetscCall(Finish(m, (st.MPI_SOURCE - 1) / m->g, &r));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A worker: the group leader receives task indices from the master, the group runs them. */
static PetscErrorCode WorkerRun(MPI_Comm comm, MPI_Comm group, const RsConfig *cfg, const RsPlan *plan)
{
  PetscMPIInt grank;
  MPI_Request req;
  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(group, &grank));
  for (;;) {
    int t = -1;
    if (!grank) {
      PetscCallMPI(MPI_Irecv(&t, 1, MPI_INT, 0, RS_TAG_TASK, comm, &req));
      PetscCall(WaitQuietly(&req, NULL, NULL, NULL));
    }
    PetscCallMPI(MPI_Ibcast(&t, 1, MPI_INT, 0, group, &req));
    PetscCall(WaitQuietly(&req, NULL, NULL, NULL));
    if (t < 0) break;
    RsTaskResult r;
    PetscCall(RsTaskRun(group, cfg, plan, t, &r));
    if (!grank) PetscCallMPI(MPI_Send(&r, sizeof r, MPI_BYTE, 0, RS_TAG_RESULT, comm));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsFarmGroupInfo(MPI_Comm comm, PetscMPIInt *rank, PetscMPIInt *size)
{
  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, rank));
  PetscCallMPI(MPI_Comm_size(comm, size));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsFarmAgree(MPI_Comm comm, int *code)
{
  int all;
  PetscFunctionBegin;
  PetscCallMPI(MPI_Allreduce(code, &all, 1, MPI_INT, MPI_MAX, comm));
  *code = all;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsFarmRun(MPI_Comm comm, const RsConfig *cfg, RsPlan *plan, PetscInt *failed, PetscBool *stopped)
{
  PetscMPIInt rank, size;
  PetscInt    out[3] = {0, 0, 0}; /* failed tasks, stopped, master's error code */
  MPI_Request req;
  MPI_Comm    group;
  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  const PetscInt g = cfg->sweep.ranksPerTask, ngroups = size > 1 ? (size - 1) / g : 0;
  PetscCheck(size == 1 ? g == 1 : ngroups >= 1, comm, RS_ERR_INPUT, "-sweep_ranks_per_task %" PetscInt_FMT " is larger than the %d worker ranks of this job (rank 0 is the master): start at least %" PetscInt_FMT " ranks", g, size > 1 ? size - 1 : 0, g + 1);
  const int color = rank > 0 && rank - 1 < ngroups * g ? (rank - 1) / (int)g : MPI_UNDEFINED;
  PetscCallMPI(MPI_Comm_split(comm, color, rank, &group));
  if (!rank) {
    Master        m = {.cfg = cfg, .plan = plan, .ngroups = ngroups, .g = size > 1 ? g : 1, .t0 = MPI_Wtime()};
    struct rusage u0, u;
    getrusage(RUSAGE_SELF, &u0);
    m.lastSummary = m.t0;
    PetscCall(PetscMalloc2(PetscMax(ngroups, 1), &m.running, PetscMax(ngroups, 1), &m.started));
    for (PetscInt q = 0; q < PetscMax(ngroups, 1); q++) m.running[q] = -1;
    if (size > 1 && (size - 1) % g) PetscCall(PetscFPrintf(PETSC_COMM_SELF, PETSC_STDOUT, "# warning: %d worker ranks do not divide into groups of %" PetscInt_FMT ": %d ranks stay idle\n", size - 1, g, (int)((size - 1) % g)));
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, PETSC_STDOUT, "# rheosweep sweep: %" PetscInt_FMT " tasks, %s, run directory %s\n", plan->n, ngroups ? "rank 0 dispatches to worker groups" : "one rank runs every task in turn", plan->dir));
    if (ngroups) PetscCall(PetscFPrintf(PETSC_COMM_SELF, PETSC_STDOUT, "# %" PetscInt_FMT " worker groups of %" PetscInt_FMT " ranks; per-task output in %s/tasks/<task>.log\n", ngroups, g, plan->dir));
    PetscErrorCode ierr = MasterSetUp(&m);
    if (!ierr) ierr = Order(&m);
    if (!ierr) ierr = MasterRun(&m, comm);
    for (PetscInt q = 0; q < ngroups; q++) { /* release the workers, also after an error */
      int stop = -1;
      MPI_Send(&stop, 1, MPI_INT, (int)(1 + q * g), RS_TAG_TASK, comm);
    }
    if (!ierr) ierr = Summary(&m, "end");
    getrusage(RUSAGE_SELF, &u);
    const double cpu = (u.ru_utime.tv_sec - u0.ru_utime.tv_sec) + (u.ru_stime.tv_sec - u0.ru_stime.tv_sec) + 1e-6 * (u.ru_utime.tv_usec - u0.ru_utime.tv_usec + u.ru_stime.tv_usec - u0.ru_stime.tv_usec), wall = MPI_Wtime() - m.t0;
    if (!ierr && ngroups) ierr = PetscFPrintf(PETSC_COMM_SELF, PETSC_STDOUT, "# master: %.3f s CPU over %.1f s wall of the farm (%.2f %%)\n", cpu, wall, 100 * cpu / PetscMax(wall, 1e-9));
    out[0] = m.failed;
    for (PetscInt t = 0; t < plan->n; t++) out[1] = out[1] || plan->task[t].state == RS_TASK_PENDING; /* stopped with work left: exit 3 */
    out[2] = ierr;
    (void)RsJournalClose(&m.journal);
    PetscCall(PetscFree(m.order));
    PetscCall(PetscFree2(m.running, m.started));
  } else if (group != MPI_COMM_NULL) PetscCall(WorkerRun(comm, group, cfg, plan));
  if (group != MPI_COMM_NULL) PetscCallMPI(MPI_Comm_free(&group));
  PetscCallMPI(MPI_Ibcast(out, 3, MPIU_INT, 0, comm, &req)); /* everyone learns the outcome (also of a master error) */
  PetscCall(WaitQuietly(&req, NULL, NULL, NULL));
  *failed  = out[0];
  *stopped = out[1] ? PETSC_TRUE : PETSC_FALSE;
  PetscFunctionReturn((PetscErrorCode)out[2]); /* the master printed its error; the others end quietly with its code */
}
