/* rs_lammps.c: LAMMPS data files.

   The parser is plain C (calloc/free, no PETSc) so it can be fuzzed in isolation and never
   leaks on an error path: every failure goes through one exit that frees what was allocated.
   Accepted: a title line; header lines "N atoms", "N atom types", "lo hi xlo xhi" (y, z) and
   "xy xz yz xy xz yz"; sections Masses, Atoms (atomic: id type x y z [ix iy iz]) and Velocities
   (id vx vy vz), in any order. Anything else (bonds, other atom styles, 3D tilt, non-finite
   numbers, duplicate or unknown ids, wrong counts, degenerate boxes) is an error naming the
   line. Atoms outside a periodic cell are wrapped (with image flags), as LAMMPS read_data does. */
#include "rs_lammps.h"
#include "rs_units.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAXTOK 12

typedef struct {
  const char *buf;
  size_t      len, pos;
  int         lineno;
  char        line[1024];
  char       *tok[MAXTOK];
  int         ntok;
  char       *err;
  size_t      errlen;
} Reader;

static int Fail(Reader *r, const char *fmt, ...)
{
  va_list ap;
  int     k = snprintf(r->err, r->errlen, "line %d: ", r->lineno);
  va_start(ap, fmt);
  if (k >= 0 && (size_t)k < r->errlen) vsnprintf(r->err + k, r->errlen - k, fmt, ap);
  va_end(ap);
  return -1;
}

/* Reads the next line into r->line, strips the comment, splits into tokens. 0 at EOF. */
static int NextLine(Reader *r, char *comment, size_t clen)
{
  if (r->pos >= r->len) return 0;
  size_t start = r->pos, end = start;
  while (end < r->len && r->buf[end] != '\n') end++;
  r->pos = end < r->len ? end + 1 : end;
  r->lineno++;
  size_t n = end - start;
  if (n && r->buf[start + n - 1] == '\r') n--;
  if (n >= sizeof r->line) n = sizeof r->line - 1; /* over-long lines are cut; the tokens then fail to parse */
  memcpy(r->line, r->buf + start, n);
  r->line[n] = 0;
  if (comment && clen) comment[0] = 0;
  for (size_t i = 0; i < n; i++) {
    if (r->line[i] == 0) r->line[i] = ' ';
    if (r->line[i] == '#') {
      if (comment && clen) snprintf(comment, clen, "%s", r->line + i + 1);
      r->line[i] = 0;
      break;
    }
  }
  r->ntok  = 0;
  char *sv = NULL;
  for (char *t = strtok_r(r->line, " \t\f\v", &sv); t && r->ntok < MAXTOK; t = strtok_r(NULL, " \t\f\v", &sv)) r->tok[r->ntok++] = t;
  return 1;
}

static int ParseReal(const char *s, double *v)
{
  char *end;
  errno = 0;
  *v    = strtod(s, &end);
  return end != s && *end == 0 && errno != ERANGE && isfinite(*v);
}

static int ParseInt(const char *s, int64_t *v)
{
  char *end;
  errno = 0;
  long long x = strtoll(s, &end, 10);
  *v          = x;
  return end != s && *end == 0 && errno != ERANGE;
}

static int CmpId(const void *a, const void *b)
{
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

/* Index of atom id in the sorted (id, index) pairs, or -1. */
static int64_t FindId(const int64_t *sorted, int64_t n, int64_t id)
{
  int64_t lo = 0, hi = n - 1;
  while (lo <= hi) {
    int64_t mid = lo + (hi - lo) / 2;
    if (sorted[2 * mid] == id) return sorted[2 * mid + 1];
    if (sorted[2 * mid] < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/* Skips blank lines after a section keyword; returns 1 on the first data line. */
static int SkipBlank(Reader *r)
{
  while (NextLine(r, NULL, 0))
    if (r->ntok > 0) return 1;
  return 0;
}

static int IsSectionWord(const char *w)
{
  static const char *words[] = {"Masses", "Atoms", "Velocities", "Bonds", "Angles", "Dihedrals", "Impropers", "Ellipsoids", "Lines", "Triangles", "Bodies", "Pair", "PairIJ", "Bond", "Angle", "Dihedral", "Improper", "BondBond", "BondAngle", "MiddleBondTorsion", "EndBondTorsion", "AngleTorsion", "AngleAngleTorsion", "BondBond13", "AngleAngle", NULL};
  for (int i = 0; words[i]; i++)
    if (!strcmp(w, words[i])) return 1;
  return 0;
}

/* LAMMPS names the atom style in a comment after "Atoms": only atomic (or none) is accepted. */
static int CheckAtomStyle(Reader *r, const char *comment)
{
  char style[32] = "";
  if (strcmp(r->tok[0], "Atoms") || sscanf(comment, "%31s", style) != 1 || !strcmp(style, "atomic")) return 0;
  return Fail(r, "atom style '%s' is not supported (atomic only)", style);
}

int RsDataParse(const char *buf, size_t len, RsDataFile *d, char *err, size_t errlen)
{
  Reader   r   = {buf, len, 0, 0, {0}, {0}, 0, err, errlen};
  int64_t *map = NULL; /* sorted (id, index) pairs */
  int      rc = -1, haveAtoms = 0, haveBox[3] = {0, 0, 0}, haveNatoms = 0, haveTypes = 0, haveMasses = 0;
  char     comment[64];
  memset(d, 0, sizeof *d);
  d->lo[2] = -0.5;
  d->hi[2] = 0.5;
  if (errlen) err[0] = 0;
  if (!NextLine(&r, NULL, 0)) {
    Fail(&r, "empty file");
    goto done;
  }
  int64_t nlines = 1;
  for (size_t i = 0; i < len; i++) nlines += buf[i] == '\n';
  /* header */
  for (;;) {
    if (!NextLine(&r, comment, sizeof comment)) {
      Fail(&r, "end of file before the Atoms section");
      goto done;
    }
    if (r.ntok == 0) continue;
    if (IsSectionWord(r.tok[0])) {
      if (CheckAtomStyle(&r, comment)) goto done;
      break;
    }
    double a, b, c;
    int64_t n;
    if (r.ntok == 2 && !strcmp(r.tok[1], "atoms")) {
      if (!ParseInt(r.tok[0], &n) || n <= 0) {
        Fail(&r, "bad atom count '%s'", r.tok[0]);
        goto done;
      }
      if (n > nlines) { /* also guards the allocation below */
        Fail(&r, "declares %lld atoms but the file has only %lld lines (truncated?)", (long long)n, (long long)nlines);
        goto done;
      }
      d->natoms  = n;
      haveNatoms = 1;
    } else if (r.ntok == 3 && !strcmp(r.tok[1], "atom") && !strcmp(r.tok[2], "types")) {
      if (!ParseInt(r.tok[0], &n) || n <= 0 || n > RS_MAX_TYPES) {
        Fail(&r, "bad atom type count '%s' (1 to %d supported)", r.tok[0], RS_MAX_TYPES);
        goto done;
      }
      d->ntypes = (int)n;
      haveTypes = 1;
    } else if (r.ntok == 4 && strlen(r.tok[2]) == 3 && r.tok[2][0] == r.tok[3][0] && r.tok[2][0] >= 'x' && r.tok[2][0] <= 'z' && !strcmp(r.tok[2] + 1, "lo") && !strcmp(r.tok[3] + 1, "hi")) {
      int k = r.tok[2][0] - 'x';
      if (!ParseReal(r.tok[0], &a) || !ParseReal(r.tok[1], &b)) {
        Fail(&r, "bad box bounds");
        goto done;
      }
      if (!(b > a)) {
        Fail(&r, "degenerate box: %s = %g is not above %s = %g", r.tok[3], b, r.tok[2], a);
        goto done;
      }
      d->lo[k]   = a;
      d->hi[k]   = b;
      haveBox[k] = 1;
    } else if (r.ntok == 6 && !strcmp(r.tok[3], "xy") && !strcmp(r.tok[4], "xz") && !strcmp(r.tok[5], "yz")) {
      if (!ParseReal(r.tok[0], &a) || !ParseReal(r.tok[1], &b) || !ParseReal(r.tok[2], &c)) {
        Fail(&r, "bad tilt factors");
        goto done;
      }
      if (b != 0 || c != 0) {
        Fail(&r, "tilt xz and yz must be 0 in 2D");
        goto done;
      }
      d->tilt[0] = a;
    } else {
      Fail(&r, "unsupported header line (a 2D atom_style atomic file has atoms, atom types, box bounds, tilt)");
      goto done;
    }
  }
  if (!haveNatoms || !haveTypes || !haveBox[0] || !haveBox[1]) {
    Fail(&r, "header lacks %s", !haveNatoms ? "'N atoms'" : !haveTypes ? "'N atom types'" : !haveBox[0] ? "'xlo xhi'" : "'ylo yhi'");
    goto done;
  }
  if (!(fabs(d->tilt[0]) <= 0.5 * (d->hi[0] - d->lo[0]) * (1 + 1e-12))) {
    Fail(&r, "tilt xy = %g exceeds half the box length %g", d->tilt[0], 0.5 * (d->hi[0] - d->lo[0]));
    goto done;
  }
  d->id    = calloc((size_t)d->natoms, sizeof *d->id);
  d->type  = calloc((size_t)d->natoms, sizeof *d->type);
  d->x     = calloc((size_t)d->natoms * 2, sizeof *d->x);
  d->image = calloc((size_t)d->natoms * 2, sizeof *d->image);
  d->v     = calloc((size_t)d->natoms * 2, sizeof *d->v);
  map      = calloc((size_t)d->natoms * 2, sizeof *map);
  if (!d->id || !d->type || !d->x || !d->image || !d->v || !map) {
    Fail(&r, "out of memory for %lld atoms", (long long)d->natoms);
    goto done;
  }
  /* sections: r.tok[0] holds the current section keyword */
  for (;;) {
    char sect[32];
    snprintf(sect, sizeof sect, "%s", r.tok[0]);
    int secline = r.lineno;
    if (!strcmp(sect, "Masses")) {
      if (haveMasses) {
        Fail(&r, "second Masses section");
        goto done;
      }
      haveMasses = 1;
      for (int k = 0; k < d->ntypes; k++) {
        int64_t t;
        double  m;
        if (!(k ? NextLine(&r, NULL, 0) && r.ntok > 0 : SkipBlank(&r))) {
          Fail(&r, "Masses section (line %d) ends after %d of %d entries", secline, k, d->ntypes);
          goto done;
        }
        if (r.ntok != 2 || !ParseInt(r.tok[0], &t) || !ParseReal(r.tok[1], &m) || t < 1 || t > d->ntypes || !(m > 0)) {
          Fail(&r, "bad Masses entry (expected: type mass>0, type 1..%d)", d->ntypes);
          goto done;
        }
        if (d->massline[t - 1]) {
          Fail(&r, "mass of type %d given twice", (int)t);
          goto done;
        }
        d->mass[t - 1]     = m;
        d->massline[t - 1] = r.lineno;
      }
    } else if (!strcmp(sect, "Atoms")) {
      if (haveAtoms) {
        Fail(&r, "second Atoms section");
        goto done;
      }
      haveAtoms = 1;
      for (int64_t i = 0; i < d->natoms; i++) {
        int64_t id, t, ix = 0, iy = 0, iz = 0;
        double  x, y, z;
        if (!(i ? NextLine(&r, NULL, 0) && r.ntok > 0 : SkipBlank(&r))) {
          Fail(&r, "Atoms section (line %d) ends after %lld of %lld atoms", secline, (long long)i, (long long)d->natoms);
          goto done;
        }
        if (r.ntok != 5 && r.ntok != 8) {
          Fail(&r, "atom line needs 'id type x y z' or 'id type x y z ix iy iz' (atom_style atomic), found %d fields", r.ntok);
          goto done;
        }
        if (!ParseInt(r.tok[0], &id) || id <= 0 || !ParseInt(r.tok[1], &t) || !ParseReal(r.tok[2], &x) || !ParseReal(r.tok[3], &y) || !ParseReal(r.tok[4], &z) ||
            (r.ntok == 8 && (!ParseInt(r.tok[5], &ix) || !ParseInt(r.tok[6], &iy) || !ParseInt(r.tok[7], &iz)))) {
          Fail(&r, "bad number in atom line (ids positive integers, coordinates finite)");
          goto done;
        }
        if (t < 1 || t > d->ntypes) {
          Fail(&r, "atom %lld has type %lld outside 1..%d", (long long)id, (long long)t, d->ntypes);
          goto done;
        }
        if (iz != 0 || z != 0) {
          Fail(&r, "atom %lld is not in the 2D plane (z = %g, iz = %lld)", (long long)id, z, (long long)iz);
          goto done;
        }
        if (ix < -1000000 || ix > 1000000 || iy < -1000000 || iy > 1000000) {
          Fail(&r, "atom %lld has image flags out of range", (long long)id);
          goto done;
        }
        d->id[i]           = id;
        d->type[i]         = (int)t;
        d->x[2 * i]        = x;
        d->x[2 * i + 1]    = y;
        d->image[2 * i]    = (int)ix;
        d->image[2 * i + 1] = (int)iy;
        map[2 * i]         = id;
        map[2 * i + 1]     = i;
      }
      qsort(map, (size_t)d->natoms, 2 * sizeof *map, CmpId);
      for (int64_t i = 1; i < d->natoms; i++)
        if (map[2 * i] == map[2 * i - 2]) {
          Fail(&r, "atom id %lld appears twice in the Atoms section (line %d)", (long long)map[2 * i], secline);
          goto done;
        }
    } else if (!strcmp(sect, "Velocities")) {
      if (!haveAtoms) {
        Fail(&r, "Velocities section before the Atoms section");
        goto done;
      }
      if (d->hasVelocities) {
        Fail(&r, "second Velocities section");
        goto done;
      }
      d->hasVelocities = 1;
      for (int64_t i = 0; i < d->natoms; i++) {
        int64_t id;
        double  vx, vy, vz;
        if (!(i ? NextLine(&r, NULL, 0) && r.ntok > 0 : SkipBlank(&r))) {
          Fail(&r, "Velocities section (line %d) ends after %lld of %lld atoms", secline, (long long)i, (long long)d->natoms);
          goto done;
        }
        if (r.ntok != 4 || !ParseInt(r.tok[0], &id) || !ParseReal(r.tok[1], &vx) || !ParseReal(r.tok[2], &vy) || !ParseReal(r.tok[3], &vz)) {
          Fail(&r, "velocity line needs 'id vx vy vz' with finite numbers");
          goto done;
        }
        int64_t k = FindId(map, d->natoms, id);
        if (k < 0) {
          Fail(&r, "velocity for unknown atom id %lld", (long long)id);
          goto done;
        }
        d->v[2 * k]     = vx;
        d->v[2 * k + 1] = vy;
      }
    } else {
      Fail(&r, "unsupported section '%s' (atom_style atomic files have Masses, Atoms, Velocities)", sect);
      goto done;
    }
    /* find the next section keyword or EOF */
    int more = 0;
    while (NextLine(&r, comment, sizeof comment)) {
      if (r.ntok == 0) continue;
      if (!IsSectionWord(r.tok[0])) {
        Fail(&r, "unexpected line after the %s section (more entries than declared?)", sect);
        goto done;
      }
      if (CheckAtomStyle(&r, comment)) goto done;
      more = 1;
      break;
    }
    if (!more) break;
  }
  if (!haveAtoms) {
    Fail(&r, "no Atoms section");
    goto done;
  }
  rc = 0;
done:
  free(map);
  if (rc) RsDataFree(d);
  return rc;
}

void RsDataFree(RsDataFile *d)
{
  free(d->id);
  free(d->type);
  free(d->x);
  free(d->image);
  free(d->v);
  d->id    = NULL;
  d->type  = NULL;
  d->x     = NULL;
  d->image = NULL;
  d->v     = NULL;
}

PetscErrorCode RsDataRead(MPI_Comm comm, const char *file, RsDataFile *d)
{
  FILE  *fp;
  char  *buf, err[512];
  long   len;
  PetscFunctionBegin;
  fp = fopen(file, "rb");
  PetscCheck(fp, comm, RS_ERR_FILE, "cannot open data file '%s': %s", file, strerror(errno));
  PetscCheck(fseek(fp, 0, SEEK_END) == 0 && (len = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0, comm, RS_ERR_FILE, "cannot read data file '%s'", file);
  PetscCall(PetscMalloc1(len + 1, &buf));
  size_t got = fread(buf, 1, (size_t)len, fp);
  fclose(fp);
  PetscCheck(got == (size_t)len, comm, RS_ERR_FILE, "short read on data file '%s'", file);
  int rc = RsDataParse(buf, (size_t)len, d, err, sizeof err);
  PetscCall(PetscFree(buf));
  PetscCheck(rc == 0, comm, RS_ERR_INPUT, "data file '%s' %s", file, err);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsDataToSystem(const RsDataFile *d, const char *file, RsSystem *sys)
{
  const RsPotential *pot = sys->pot;
  RsParticles       *p   = &sys->p;
  PetscFunctionBegin;
  PetscCheck(d->ntypes <= pot->ntypes, PETSC_COMM_SELF, RS_ERR_INPUT, "data file '%s' has %d atom types but potential '%s' defines %" PetscInt_FMT " species", file, d->ntypes, pot->name, pot->ntypes);
  for (int t = 0; t < d->ntypes; t++)
    PetscCheck(!d->massline[t] || fabs(d->mass[t] - pot->mass[t]) <= 1e-6 * pot->mass[t], PETSC_COMM_SELF, RS_ERR_INPUT, "data file '%s' line %d: mass %g of type %d differs from %s mass %g in potential '%s'", file, d->massline[t], d->mass[t], t + 1, pot->species[t], (double)pot->mass[t], pot->name);
  sys->box.lo[0] = d->lo[0];
  sys->box.lo[1] = d->lo[1];
  sys->box.Lx    = d->hi[0] - d->lo[0];
  sys->box.Ly    = d->hi[1] - d->lo[1];
  sys->box.xy    = d->tilt[0];
  PetscCall(RsBoxValidate(&sys->box, file));
  PetscCall(RsParticlesReserve(p, (PetscInt)d->natoms));
  p->n      = (PetscInt)d->natoms;
  p->nghost = 0;
  for (PetscInt i = 0; i < p->n; i++) {
    p->id[i]   = d->id[i];
    p->type[i] = d->type[i] - 1;
    for (int k = 0; k < 2; k++) {
      p->x[2 * i + k]     = d->x[2 * i + k];
      p->v[2 * i + k]     = d->v[2 * i + k];
      p->image[2 * i + k] = d->image[2 * i + k];
    }
    RsBoxWrap(&sys->box, &p->x[2 * i], &p->image[2 * i]);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Rank 0's part of RsDataWrite: writes the gathered id-sorted records; returns 0 or an errno-like code. */
static int WriteGathered(const char *tmp, const RsSystem *sys, const char *title, PetscInt64 n, const PetscReal *all)
{
  const RsBox *b  = &sys->box;
  FILE        *fp = fopen(tmp, "w");
  if (!fp) return errno ? errno : EIO;
  fprintf(fp, "%s\n\n%lld atoms\n%d atom types\n\n", title, (long long)n, (int)sys->pot->ntypes);
  fprintf(fp, "%.17g %.17g xlo xhi\n%.17g %.17g ylo yhi\n-0.5 0.5 zlo zhi\n%.17g 0 0 xy xz yz\n\nMasses\n\n", (double)b->lo[0], (double)(b->lo[0] + b->Lx), (double)b->lo[1], (double)(b->lo[1] + b->Ly), (double)b->xy);
  for (PetscInt t = 0; t < sys->pot->ntypes; t++) fprintf(fp, "%d %.17g # %s\n", (int)t + 1, (double)sys->pot->mass[t], sys->pot->species[t]);
  fprintf(fp, "\nAtoms # atomic\n\n");
  for (PetscInt64 k = 0; k < n; k++) {
    const PetscReal *r = &all[(RS_ATOM_NPACK + 1) * k]; /* id, then x y vx vy ix iy type id */
    fprintf(fp, "%lld %d %.17g %.17g 0 %d %d 0\n", (long long)r[0], (int)r[7] + 1, (double)r[1], (double)r[2], (int)r[5], (int)r[6]);
  }
  fprintf(fp, "\nVelocities\n\n");
  for (PetscInt64 k = 0; k < n; k++) {
    const PetscReal *r = &all[(RS_ATOM_NPACK + 1) * k];
    fprintf(fp, "%lld %.17g %.17g 0\n", (long long)r[0], (double)r[3], (double)r[4]);
  }
  int bad = ferror(fp);
  bad |= fflush(fp) != 0;
  bad |= fsync(fileno(fp)) != 0;
  bad |= fclose(fp) != 0;
  if (bad) remove(tmp);
  return bad ? EIO : 0;
}

PetscErrorCode RsDataWrite(const char *file, const RsSystem *sys, const char *title)
{
  char       tmp[RS_PATH_MAX + 8];
  PetscReal *all = NULL;
  PetscInt64 n;
  int        err = 0;
  PetscFunctionBegin;
  PetscCall(RsSystemGatherAtoms(sys, &n, &all));
  PetscCall(PetscSNPrintf(tmp, sizeof tmp, "%s.tmp", file));
  if (!sys->dom.rank) {
    err = WriteGathered(tmp, sys, title, n, all);
    if (!err && rename(tmp, file) != 0) err = errno ? errno : EIO;
    PetscCall(PetscFree(all));
  }
  PetscCall(RsDomainBcastInt(&sys->dom, 1, &err));
  PetscCheck(!err, sys->dom.comm, RS_ERR_FILE, "writing data file '%s' failed: %s; nothing was replaced", file, strerror(err));
  PetscFunctionReturn(PETSC_SUCCESS);
}
