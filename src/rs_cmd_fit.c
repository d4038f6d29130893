/* rs_cmd_fit.c: `rheosweep fit curve.csv`: the flow-law fits of any flow curve. The CSV has
   the columns rate (1/s), tau (MPa) and optionally its standard error (MPa), one point per
   line, a header line optional; without errors every point gets the same weight and the
   parameter errors come from the scatter. Temperature from -fit_temperature (for the derived
   quantities); fit ranges from the regime labels or -fit_range_i / -fit_range_iii. */
#include "rs_cmd.h"
#include "rs_reduce.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Reads the CSV into points (method MD, one sample); errors name the file and line. */
static PetscErrorCode ReadCurve(MPI_Comm comm, const char *file, PetscReal T, PetscInt *n, RsFlowPoint **pts)
{
  FILE     *fp = fopen(file, "r");
  char      line[1024];
  PetscInt  cap = 64, k = 0, lineno = 0, ncols = -1;
  PetscFunctionBegin;
  PetscCheck(fp, comm, RS_ERR_FILE, "cannot open the flow curve '%s': %s", file, strerror(errno));
  PetscCall(PetscCalloc1(cap, pts));
  while (fgets(line, sizeof line, fp)) {
    double v[3];
    char  *s = line, *end;
    int    m = 0;
    lineno++;
    while (*s == ' ' || *s == '\t') s++;
    if (*s == '#' || *s == '\n' || *s == 0) continue;
    for (; m < 3; m++) {
      v[m] = strtod(s, &end);
      if (end == s) break;
      s = end;
      while (*s == ' ' || *s == '\t') s++;
      if (*s == ',') s++;
    }
    if (m == 0 && k == 0 && lineno == 1) continue; /* header */
    if (m < 2 || (ncols >= 0 && m != ncols)) {
      fclose(fp);
      SETERRQ(comm, RS_ERR_INPUT, "%s:%d: expected rate,tau[,error] (numbers, %s columns on every line)", file, (int)lineno, ncols >= 0 ? (ncols == 3 ? "three" : "two") : "2 or 3");
    }
    ncols = m;
    if (k == cap) PetscCall(PetscRealloc(sizeof(RsFlowPoint) * (cap *= 2), pts));
    (*pts)[k++] = (RsFlowPoint){.method = RS_TASK_MD, .T = T, .rate = v[0], .tau = v[1], .tauErr = m == 3 ? v[2] : 1.0, .lnRateErr = 0, .nsamples = 1, .ntasks = 1, .q0 = NAN, .m = NAN, .mErr = NAN, .capped = NAN};
  }
  fclose(fp);
  PetscCheck(k > 0, comm, RS_ERR_INPUT, "the flow curve '%s' holds no points", file);
  for (PetscInt i = 0; i < k; i++) PetscCheck((*pts)[i].rate > 0 && (*pts)[i].tauErr > 0 && PetscIsNormalReal((*pts)[i].tau), comm, RS_ERR_INPUT, "%s: point %d has rate %g /s, tau %g MPa, error %g MPa: rates and errors must be positive, stresses finite", file, (int)i + 1, (double)(*pts)[i].rate, (double)(*pts)[i].tau, (double)(*pts)[i].tauErr);
  *n = k;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsCmdFit(MPI_Comm comm, const RsConfig *cfg)
{
  RsReduction red;
  PetscFunctionBegin;
  PetscCheck(cfg->io.in[0], comm, RS_ERR_INPUT, "fit needs a flow curve: rheosweep fit curve.csv (columns rate, tau[, error])");
  PetscCall(PetscMemzero(&red, sizeof red));
  PetscCall(ReadCurve(comm, cfg->io.in, cfg->reduce.fitT, &red.npoints, &red.points));
  PetscCall(RsReduceFit(&red, &cfg->reduce.flow));
  PetscCall(RsReduceView(comm, &red));
  PetscBool any = PETSC_FALSE;
  for (PetscInt k = 0; k < red.ntemps; k++) any = any || red.fitI[k].ok || red.fitIII[k].ok;
  if (!any) RsExitCode = RS_EXIT_FAILED_TASKS; /* nothing could be fitted: exit code 2 */
  PetscCall(RsReduceDestroy(&red));
  PetscFunctionReturn(PETSC_SUCCESS);
}
