/* fuzz_data.c: libFuzzer harness for the LAMMPS data-file parser (RsDataParse, pure C).
   Every input must either fail cleanly (return -1 with a "line N: ..." message, nothing leaked)
   or succeed with a file that satisfies the parser's documented invariants; a violated
   invariant traps so libFuzzer records the input. */
#include "rs_lammps.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A violated invariant is named on stderr (run.sh reports that line), then traps. */
static void __attribute__((noinline, noreturn)) Violated(const char *what, int line)
{
  fprintf(stderr, "invariant violated: %s (%s:%d)\n", what, __FILE__, line);
  __builtin_trap();
}
#define Check(ok) \
  do { \
    if (!(ok)) Violated(#ok, __LINE__); \
  } while (0)

static int CmpI64(const void *a, const void *b)
{
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

static void CheckInvariants(const RsDataFile *d)
{
  Check(d->natoms > 0);
  Check(d->ntypes >= 1 && d->ntypes <= RS_MAX_TYPES);
  Check(d->id && d->type && d->x && d->image && d->v);
  for (int k = 0; k < 3; k++) Check(isfinite(d->lo[k]) && isfinite(d->hi[k]) && d->hi[k] > d->lo[k]);
  Check(isfinite(d->tilt[0]) && d->tilt[1] == 0 && d->tilt[2] == 0);
  Check(fabs(d->tilt[0]) <= 0.5 * (d->hi[0] - d->lo[0]) * (1 + 1e-12));
  for (int t = 0; t < RS_MAX_TYPES; t++) {
    if (t >= d->ntypes) Check(d->massline[t] == 0);
    if (d->massline[t]) Check(d->massline[t] > 0 && isfinite(d->mass[t]) && d->mass[t] > 0);
  }
  int64_t *ids = malloc((size_t)d->natoms * sizeof *ids);
  Check(ids != NULL);
  for (int64_t i = 0; i < d->natoms; i++) {
    Check(d->id[i] > 0);
    Check(d->type[i] >= 1 && d->type[i] <= d->ntypes);
    for (int k = 0; k < 2; k++) {
      Check(isfinite(d->x[2 * i + k]));
      Check(isfinite(d->v[2 * i + k]));
      Check(d->image[2 * i + k] >= -1000000 && d->image[2 * i + k] <= 1000000);
      if (!d->hasVelocities) Check(d->v[2 * i + k] == 0);
    }
    ids[i] = d->id[i];
  }
  qsort(ids, (size_t)d->natoms, sizeof *ids, CmpI64);
  for (int64_t i = 1; i < d->natoms; i++) Check(ids[i] != ids[i - 1]);
  free(ids);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  RsDataFile d;
  char       err[256];
  /* Exact-size copy, so reading even one byte past the end is an ASan report. */
  char *buf = malloc(size ? size : 1);
  if (!buf) return 0;
  if (size) memcpy(buf, data, size);
  int rc = RsDataParse(buf, size, &d, err, sizeof err);
  if (rc == 0) {
    CheckInvariants(&d);
    RsDataFree(&d);
  } else {
    Check(rc == -1);
    Check(memchr(err, 0, sizeof err) != NULL && strncmp(err, "line ", 5) == 0);
    /* On failure nothing is handed back. */
    Check(!d.id && !d.type && !d.x && !d.image && !d.v);
  }
  free(buf);
  return 0;
}
