/* rs_task.c: one task of a sweep on one worker group's communicator. The task's configuration
   is the sweep's with the task's own values (sample, temperature, rate or Q0, seed, strain) and
   file names under the run directory; the subcommand that runs it (prepare, md, quasistatic)
   is the same code a user runs by hand. Everything the command prints, and its error line,
   goes to the task's log file; the master sees only the outcome. */
#include "rs_farm.h"
#include "rs_cmd.h"
#include "rs_error.h"
#include "rs_file.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char crashPath[RS_PATH_MAX]; /* <task>.crash of the task running in this process, "" = none */

/* A fatal signal during a task appends a line to <task>.crash (async-signal-safe calls only),
   so the next run knows which task killed the job, then dies as it would have. */
static void CrashHandler(int sig)
{
  if (crashPath[0]) {
    const int fd = open(crashPath, O_WRONLY | O_CREAT | O_APPEND, 0666);
    if (fd >= 0) {
      char line[] = "signal 00\n";
      line[7] = (char)('0' + (sig / 10) % 10);
      line[8] = (char)('0' + sig % 10);
      (void)!write(fd, line, sizeof line - 1);
      (void)fsync(fd);
      close(fd);
    }
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

/* Installs CrashHandler for the signals of a crashing process (once). */
static void InstallCrashHandler(void)
{
  static int done = 0;
  const int  sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
  if (done) return;
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) signal(sigs[i], CrashHandler);
  done = 1;
}

/* Writes text to path through path.tmp, fsync and rename (rank 0 of the group). */
static PetscErrorCode WriteSmallFile(const char *path, const char *text)
{
  char tmp[RS_PATH_MAX + 8];
  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(tmp, sizeof tmp, "%s.tmp", path));
  FILE *fp = fopen(tmp, "w");
  PetscCheck(fp, PETSC_COMM_SELF, RS_ERR_FILE, "cannot write '%s': %s", tmp, strerror(errno));
  const int ok = fprintf(fp, "%s\n", text) > 0 && fflush(fp) == 0 && fsync(fileno(fp)) == 0;
  PetscCheck(fclose(fp) == 0 && ok, PETSC_COMM_SELF, RS_ERR_FILE, "writing '%s' failed (disk full?)", tmp);
  PetscCheck(rename(tmp, path) == 0, PETSC_COMM_SELF, RS_ERR_FILE, "cannot rename '%s' to '%s': %s", tmp, path, strerror(errno));
  (void)RsFileFsyncParent(path);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The task's configuration: the sweep's, with the task's values and file names. */
static PetscErrorCode TaskConfig(const RsConfig *base, const RsPlan *plan, PetscInt t, RsConfig *c)
{
  const RsTask        *k = &plan->task[t];
  const RsSweepConfig *w = &base->sweep;
  PetscFunctionBegin;
  *c               = *base;
  c->io.key        = k->key;
  c->io.out[0]     = 0;
  c->io.record[0]  = 0;
  c->io.h5[0]      = 0;
  c->prepCurve[0]  = 0;
  c->prepH5[0]     = 0;
  c->qs.record[0]  = 0;
  c->qs.h5[0]      = 0;
  c->qs.isDir[0]   = 0;
  c->md.isDir[0]   = 0;
  c->md.ckptResume = PETSC_TRUE;
  c->md.stopStep   = 0;
  PetscCall(RsPlanTaskPath(plan, t, ".ckpt.h5", c->md.ckptFile, sizeof c->md.ckptFile));
  if (k->method == RS_TASK_PREPARE) {
    c->prep.seed = k->seed;
    PetscCall(RsPlanTaskPath(plan, t, ".data", c->io.out, sizeof c->io.out));
    PetscCall(RsPlanTaskPath(plan, t, ".h5", c->prepH5, sizeof c->prepH5));
    PetscCall(RsPlanTaskPath(plan, t, ".quench.csv", c->prepCurve, sizeof c->prepCurve));
    c->md.ckptEvery = w->mdCkptEvery;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(RsPlanTaskPath(plan, k->dep, ".data", c->io.in, sizeof c->io.in));
  if (k->method == RS_TASK_MD) {
    c->md.ensemble  = RS_ENSEMBLE_NVT;
    c->md.deform    = RS_DEFORM_SIMPLE_SHEAR;
    c->md.rate      = k->rate;
    c->md.strain    = w->strain;
    c->md.steps     = 0;
    c->md.tstart    = c->md.tstop = k->temperature;
    c->md.velocityT = k->temperature;
    c->md.seed      = k->seed;
    c->md.ckptEvery = w->mdCkptEvery;
    c->md.isDir[0]  = 0;
    if (c->md.isStrain > 0) PetscCall(RsPlanTaskPath(plan, t, ".is", c->md.isDir, sizeof c->md.isDir));
    PetscCall(RsPlanTaskPath(plan, t, ".h5", c->io.h5, sizeof c->io.h5));
    PetscCall(RsPlanTaskPath(plan, t, ".csv", c->io.record, sizeof c->io.record));
  } else {
    c->qs.method          = RS_QS_ABC;
    c->qs.strain          = w->strain;
    c->abc.q0             = k->q0;
    c->abc.temperature    = k->temperature;
    c->abc.seed           = k->seed;
    c->md.ckptEvery       = w->qsCkptEvery;
    PetscCall(RsPlanTaskPath(plan, t, ".h5", c->qs.h5, sizeof c->qs.h5));
    PetscCall(RsPlanTaskPath(plan, t, ".csv", c->qs.record, sizeof c->qs.record));
    if (c->qs.isEvery > 0) PetscCall(RsPlanTaskPath(plan, t, ".is", c->qs.isDir, sizeof c->qs.isDir));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Runs the task's command with its output in the log; returns the command's error code. */
static PetscErrorCode RunLogged(MPI_Comm comm, const RsConfig *c, const RsPlan *plan, PetscInt t, FILE *log)
{
  const RsTask *k = &plan->task[t];
  FILE         *out = PETSC_STDOUT;
  if (log) {
    PETSC_STDOUT = log;
    RsErrorSetStream(log);
  }
  RsErrorClearLast();
  RsExitCode          = RS_EXIT_OK;
  PetscErrorCode ierr = 0;
  if (!strcmp(c->sweep.injectCrash, k->name)) abort(); /* testing: a process that dies */
  if (!strcmp(c->sweep.injectFailure, k->name)) ierr = PetscError(comm, __LINE__, PETSC_FUNCTION_NAME, __FILE__, RS_ERR_SCIENCE, PETSC_ERROR_INITIAL, "injected failure (-sweep_inject_failure %s)", k->name);
  else if (k->method == RS_TASK_PREPARE) ierr = RsCmdPrepare(comm, c);
  else if (k->method == RS_TASK_MD) ierr = RsCmdMD(comm, c);
  else ierr = RsCmdQuasistatic(comm, c);
  if (log) {
    fflush(log);
    PETSC_STDOUT = out;
    RsErrorSetStream(NULL);
  }
  return ierr;
}

PetscErrorCode RsTaskRun(MPI_Comm comm, const RsConfig *cfg, const RsPlan *plan, PetscInt t, RsTaskResult *res)
{
  const RsTask *k = &plan->task[t];
  RsConfig     *c;
  PetscMPIInt   rank, size;
  FILE         *log = NULL;
  char          path[RS_PATH_MAX];
  PetscFunctionBegin;
  PetscCall(RsFarmGroupInfo(comm, &rank, &size));
  PetscCall(PetscNew(&c));
  PetscCall(TaskConfig(cfg, plan, t, c));
  PetscLogDouble t0, t1;
  PetscCall(PetscTime(&t0));
  if (!rank) {
    PetscCall(RsPlanTaskPath(plan, t, ".key", path, sizeof path));
    PetscCall(WriteSmallFile(path, k->key));
    if (c->qs.isDir[0]) PetscCheck(mkdir(c->qs.isDir, 0777) == 0 || errno == EEXIST, PETSC_COMM_SELF, RS_ERR_FILE, "cannot create '%s': %s", c->qs.isDir, strerror(errno));
    if (c->md.isDir[0]) PetscCheck(mkdir(c->md.isDir, 0777) == 0 || errno == EEXIST, PETSC_COMM_SELF, RS_ERR_FILE, "cannot create '%s': %s", c->md.isDir, strerror(errno));
    PetscCall(RsPlanTaskPath(plan, t, ".log", path, sizeof path));
    log = fopen(path, "a");
    PetscCheck(log, PETSC_COMM_SELF, RS_ERR_FILE, "cannot write the task log '%s': %s", path, strerror(errno));
    fprintf(log, "# task %s on %d ranks\n# key: %s\n", k->name, size, k->key);
  }
  InstallCrashHandler();
  PetscCall(RsPlanTaskPath(plan, t, ".crash", crashPath, sizeof crashPath));
  PetscErrorCode ierr = RunLogged(comm, c, plan, t, log);
  crashPath[0]        = 0;
  int            all  = ierr ? 1 : RsExitCode == RS_EXIT_REQUEUE ? 3 : RsExitCode == RS_EXIT_FAILED_TASKS ? 2 : 0;
  PetscCall(RsFarmAgree(comm, &all));
  PetscCall(PetscTime(&t1));
  *res         = (RsTaskResult){.task = (int)t, .seconds = t1 - t0};
  res->state   = all == 3 ? RS_TASK_PENDING : all ? RS_TASK_FAILED : RS_TASK_DONE;
  if (all == 2) snprintf(res->reason, sizeof res->reason, "%s", k->method == RS_TASK_PREPARE ? "the sample crystallised (see its log)" : "did not converge (see its log)");
  else if (all == 1) snprintf(res->reason, sizeof res->reason, "%s", RsErrorLast()[0] ? RsErrorLast() : "failed on another rank of the group (see the log)");
  if (!rank) {
    fprintf(log, "# task %s %s after %.1f s%s%s\n", k->name, res->state == RS_TASK_DONE ? "done" : res->state == RS_TASK_FAILED ? "failed" : "stopped with a checkpoint", res->seconds, res->reason[0] ? ": " : "", res->reason);
    fclose(log);
    if (res->state == RS_TASK_DONE) { /* the task (or sample) file holds the final state: drop the checkpoints */
      (void)unlink(c->md.ckptFile);
      PetscCall(PetscSNPrintf(path, sizeof path, "%s.prev", c->md.ckptFile));
      (void)unlink(path);
    }
  }
  PetscCall(PetscFree(c));
  PetscFunctionReturn(PETSC_SUCCESS);
}
