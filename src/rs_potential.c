/* rs_potential.c: loads the binary pair potential from YAML and derives the kernel coefficients.

   Both forms are "force-shifted": phi(r) = V(r) - V(rc) - (r - rc) V'(rc) for r < rc, 0 beyond,
   so energy and force vanish continuously at every pair's cutoff.
     lj_smooth_linear: V = 4 eps [(s/r)^12 - (s/r)^6]           (LAMMPS pair_style lj/smooth/linear)
     kmt84:            V = eps [(r0/r)^8 - 2 (r0/r)^4]          (Kobayashi-Maeda-Takeuchi 8-4 form)
   Writing V = k3 p^2 - k4 p with p = r^-6 (12-6) or r^-4 (8-4), the force factor is
   -V'(r) = (k1 p^2 - k2 p) / r with k1 = 2n k3 and k2 = n k4 (n = 6 or 4). The kernel in the
   header follows LAMMPS's operation order so energies agree with LAMMPS to round-off.

   The YAML file is read into its own PETSc options object, so its keys never mix with the run
   configuration, and every key must be consumed: a typo in a potential file is an error. */
#include "rs_potential.h"
#include "rs_config.h"
#include "rs_error.h"
#include <string.h>
#include <strings.h>

const char *const RsPairForms[] = {"lj_smooth_linear", "kmt84", "RsPairForm", "RS_PAIR_", NULL};

PetscInt RsPotentialFindSpecies(const RsPotential *pot, const char *name)
{
  for (PetscInt i = 0; i < pot->ntypes; i++)
    if (!strcasecmp(pot->species[i], name)) return i;
  return -1;
}

PetscErrorCode RsPotentialSetPair(RsPotential *pot, PetscInt i, PetscInt j, PetscReal eps, PetscReal sigma, PetscReal rcut)
{
  PetscFunctionBegin;
  PetscCheck(i >= 0 && j >= 0 && i < pot->ntypes && j < pot->ntypes, PETSC_COMM_SELF, RS_ERR_INPUT, "pair (%" PetscInt_FMT ",%" PetscInt_FMT ") outside %" PetscInt_FMT " species", i, j, pot->ntypes);
  const PetscReal n  = pot->form == RS_PAIR_LJ_SMOOTH_LINEAR ? 6.0 : 4.0;
  PetscReal       k3 = pot->form == RS_PAIR_LJ_SMOOTH_LINEAR ? 4.0 * eps * pow(sigma, 12.0) : eps * pow(sigma, 8.0);
  PetscReal       k4 = pot->form == RS_PAIR_LJ_SMOOTH_LINEAR ? 4.0 * eps * pow(sigma, 6.0) : 2.0 * eps * pow(sigma, 4.0);
  PetscReal       k1 = 2.0 * n * k3, k2 = n * k4;
  PetscReal       cinv = 1.0 / rcut, cp = pow(cinv, 2.0 * n / 2.0);
  for (int s = 0; s < 2; s++) {
    PetscInt a = s ? j : i, b = s ? i : j, t = a * RS_MAX_TYPES + b;
    pot->epsilon[a][b] = eps;
    pot->sigma[a][b]   = sigma;
    pot->rcut[a][b]    = rcut;
    pot->rc[t]         = rcut;
    pot->cutsq[t]      = rcut * rcut;
    pot->k1[t]         = k1;
    pot->k2[t]         = k2;
    pot->k3[t]         = k3;
    pot->k4[t]         = k4;
    pot->ecut[t]       = cp * (k3 * cp - k4);
    pot->dcut[t]       = cinv * cp * (k1 * cp - k2);
  }
  pot->cutmax = PetscMax(pot->cutmax, rcut);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Reads one scalar real key that must exist; names file and key when it does not. */
static PetscErrorCode GetRequiredReal(PetscOptions opts, const char *file, const char *key, PetscReal *v)
{
  PetscBool set;
  PetscFunctionBegin;
  PetscCall(PetscOptionsGetReal(opts, NULL, key, v, &set));
  PetscCheck(set, PETSC_COMM_SELF, RS_ERR_INPUT, "potential file '%s': missing key '%s'", file, key + 1);
  PetscCheck(PetscIsNormalReal(*v) && *v > 0, PETSC_COMM_SELF, RS_ERR_INPUT, "potential file '%s': key '%s' must be a positive number, got %g", file, key + 1, (double)*v);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Reads the parameters of pair (i,j) from the key "<A>_<B>" (either order accepted). */
static PetscErrorCode LoadPair(PetscOptions opts, RsPotential *pot, PetscInt i, PetscInt j)
{
  char        key[3][96], base[64] = "";
  const char *rname = pot->form == RS_PAIR_LJ_SMOOTH_LINEAR ? "sigma" : "r0";
  PetscReal   v[3];
  PetscFunctionBegin;
  for (int order = 0; order < 2 && !base[0]; order++) {
    char      probe[96];
    PetscBool has;
    PetscInt  a = order ? j : i, b = order ? i : j;
    PetscCall(PetscSNPrintf(probe, sizeof probe, "-%s_%s_epsilon", pot->species[a], pot->species[b]));
    PetscCall(PetscOptionsHasName(opts, NULL, probe, &has));
    if (has) PetscCall(PetscSNPrintf(base, sizeof base, "-%s_%s", pot->species[a], pot->species[b]));
  }
  PetscCheck(base[0], PETSC_COMM_SELF, RS_ERR_INPUT, "potential file '%s': missing pair '%s_%s' (keys epsilon, %s, rcut)", pot->file, pot->species[i], pot->species[j], rname);
  PetscCall(PetscSNPrintf(key[0], sizeof key[0], "%s_epsilon", base));
  PetscCall(PetscSNPrintf(key[1], sizeof key[1], "%s_%s", base, rname));
  PetscCall(PetscSNPrintf(key[2], sizeof key[2], "%s_rcut", base));
  for (int k = 0; k < 3; k++) PetscCall(GetRequiredReal(opts, pot->file, key[k], &v[k]));
  PetscCheck(v[2] > v[1], PETSC_COMM_SELF, RS_ERR_INPUT, "potential file '%s': %s_rcut = %g must exceed %s = %g", pot->file, base + 1, (double)v[2], rname, (double)v[1]);
  PetscCall(RsPotentialSetPair(pot, i, j, v[0], v[1], v[2]));
  {
    const PetscInt t = i * RS_MAX_TYPES + j;
    const PetscReal c[6] = {pot->k1[t], pot->k2[t], pot->k3[t], pot->k4[t], pot->ecut[t], pot->dcut[t]};
    for (int k = 0; k < 6; k++) PetscCheck(isfinite(c[k]), PETSC_COMM_SELF, RS_ERR_INPUT, "potential file '%s': pair %s gives non-finite coefficients (epsilon %g, %s %g out of range)", pot->file, base + 1, (double)v[0], rname, (double)v[1]);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Turns the first key of a non-empty PetscOptionsLeftGet list into an error naming it. */
static PetscErrorCode CheckAllKeysUsed(PetscOptions opts, const char *file)
{
  PetscInt n, nleft;
  char   **names, **values;
  PetscFunctionBegin;
  PetscCall(PetscOptionsLeftGet(opts, &n, &names, &values));
  char first[128] = "";
  nleft = n; /* LeftRestore zeroes n */
  if (n > 0) PetscCall(PetscStrncpy(first, names[0], sizeof first));
  PetscCall(PetscOptionsLeftRestore(opts, &n, &names, &values));
  PetscCheck(nleft == 0, PETSC_COMM_SELF, RS_ERR_INPUT, "potential file '%s': unknown key '%s'", file, first);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Fills pot from the file's own options object; spec[] receives the species strings (the caller
   frees what is left in it, so an early error return leaks nothing). */
static PetscErrorCode LoadFromOptions(MPI_Comm comm, PetscOptions opts, const char *file, RsPotential *pot, char **spec)
{
  PetscBool set;
  PetscInt  nspec = RS_MAX_TYPES + 1, nmass = RS_MAX_TYPES;
  PetscFunctionBegin;
  PetscCall(RsOptionsInsertFileYAML(comm, opts, file, "potential file"));
  PetscCall(PetscOptionsGetString(opts, NULL, "-name", pot->name, sizeof pot->name, &set));
  if (!set) PetscCall(PetscStrncpy(pot->name, "unnamed", sizeof pot->name));
  {
    PetscInt form = RS_PAIR_LJ_SMOOTH_LINEAR;
    PetscCall(PetscOptionsGetEList(opts, NULL, "-form", RsPairForms, 2, &form, &set));
    PetscCheck(set, comm, RS_ERR_INPUT, "potential file '%s': missing key 'form' (lj_smooth_linear or kmt84)", file);
    pot->form = (RsPairForm)form;
  }
  PetscCall(PetscOptionsGetStringArray(opts, NULL, "-species", spec, &nspec, &set));
  PetscCheck(set && nspec >= 1, comm, RS_ERR_INPUT, "potential file '%s': missing key 'species' (a list of names)", file);
  PetscCheck(nspec <= RS_MAX_TYPES, comm, RS_ERR_INPUT, "potential file '%s': at most %d species", file, RS_MAX_TYPES);
  pot->ntypes = nspec;
  for (PetscInt i = 0; i < nspec; i++) {
    PetscCheck(strlen(spec[i]) > 0 && strlen(spec[i]) < sizeof pot->species[i], comm, RS_ERR_INPUT, "potential file '%s': bad species name '%s'", file, spec[i]);
    PetscCheck(RsPotentialFindSpecies(pot, spec[i]) < 0, comm, RS_ERR_INPUT, "potential file '%s': species '%s' listed twice", file, spec[i]);
    PetscCall(PetscStrncpy(pot->species[i], spec[i], sizeof pot->species[i]));
    PetscCall(PetscFree(spec[i]));
  }
  PetscCall(PetscOptionsGetRealArray(opts, NULL, "-mass", pot->mass, &nmass, &set));
  PetscCheck(set && nmass == nspec, comm, RS_ERR_INPUT, "potential file '%s': key 'mass' needs %" PetscInt_FMT " values (one per species)", file, nspec);
  for (PetscInt i = 0; i < nspec; i++) PetscCheck(PetscIsNormalReal(pot->mass[i]) && pot->mass[i] > 0, comm, RS_ERR_INPUT, "potential file '%s': mass of '%s' must be positive", file, pot->species[i]);
  for (PetscInt i = 0; i < nspec; i++)
    for (PetscInt j = i; j < nspec; j++) PetscCall(LoadPair(opts, pot, i, j));
  PetscCall(CheckAllKeysUsed(opts, file));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsPotentialLoad(MPI_Comm comm, const char *file, RsPotential *pot)
{
  PetscOptions   opts;
  char          *spec[RS_MAX_TYPES + 1] = {NULL};
  PetscErrorCode ierr;
  PetscFunctionBegin;
  PetscCall(PetscMemzero(pot, sizeof *pot));
  PetscCall(PetscStrncpy(pot->file, file, sizeof pot->file));
  PetscCall(PetscOptionsCreate(&opts));
  RsErrorSetOptionsFile(opts, file);
  ierr = LoadFromOptions(comm, opts, file, pot, spec);
  RsErrorSetOptionsFile(NULL, NULL);
  /* release the options object and any species strings on the error paths too */
  for (int i = 0; i <= RS_MAX_TYPES; i++) PetscCall(PetscFree(spec[i]));
  PetscCall(PetscOptionsDestroy(&opts));
  PetscCall(ierr);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsPotentialWriteLammps(const RsPotential *pot, FILE *fp, const char *tablepath, const char *tablename)
{
  PetscFunctionBegin;
  if (pot->form == RS_PAIR_LJ_SMOOTH_LINEAR) {
    fprintf(fp, "pair_style lj/smooth/linear %.17g\n", (double)pot->cutmax);
    for (PetscInt i = 0; i < pot->ntypes; i++)
      for (PetscInt j = i; j < pot->ntypes; j++)
        fprintf(fp, "pair_coeff %d %d %.17g %.17g %.17g   # %s-%s\n", (int)i + 1, (int)j + 1, (double)pot->epsilon[i][j], (double)pot->sigma[i][j], (double)pot->rcut[i][j], pot->species[i], pot->species[j]);
  } else {
    /* LAMMPS has no 8-4 force-shifted style: tabulate phi and -phi' finely (spline, 20000 points). */
    const int N = 20000;
    FILE     *tf = fopen(tablepath, "w");
    PetscCheck(tf, PETSC_COMM_SELF, RS_ERR_FILE, "cannot write table file '%s'", tablepath);
    fprintf(tf, "# rheosweep %s (kmt84) pair table\n", pot->name);
    for (PetscInt i = 0; i < pot->ntypes; i++)
      for (PetscInt j = i; j < pot->ntypes; j++) {
        const PetscInt t  = i * RS_MAX_TYPES + j;
        const double   r0 = 0.5 * pot->sigma[i][j], r1 = pot->rcut[i][j];
        fprintf(tf, "\n%s_%s\nN %d R %.17g %.17g\n\n", pot->species[i], pot->species[j], N, r0, r1);
        for (int k = 0; k < N; k++) {
          double    r = r0 + (r1 - r0) * k / (N - 1), fp;
          PetscReal e = k == N - 1 ? 0.0 : RsPairEval(RS_PAIR_KMT84, pot, t, r * r, &fp);
          fprintf(tf, "%d %.17g %.17g %.17g\n", k + 1, r, (double)e, k == N - 1 ? 0.0 : fp * r);
        }
      }
    fclose(tf);
    fprintf(fp, "pair_style table spline %d\n", N);
    for (PetscInt i = 0; i < pot->ntypes; i++)
      for (PetscInt j = i; j < pot->ntypes; j++) fprintf(fp, "pair_coeff %d %d %s %s_%s %.17g\n", (int)i + 1, (int)j + 1, tablename, pot->species[i], pot->species[j], (double)pot->rcut[i][j]);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
