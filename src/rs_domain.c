/* rs_domain.c: the decomposition of one task.

   The grid lives in fractional coordinates: rank (cx, cy) owns s in [cx/dx, (cx+1)/dx) x
   [cy/dy, (cy+1)/dy). Under shear the tilt changes and fractional coordinates with it, so an
   atom's owner is decided from s at every neighbour-list rebuild. A box flip changes s_x by
   +-s_y, moving atoms across several subdomains at once: migration is therefore an irregular
   all-to-all exchange (counts with MPI_Alltoall, payload with MPI_Alltoallv), not a neighbour
   shift. Task communicators are small (a few ranks), so this costs little at rebuilds, and the
   same path serves a restart on another rank layout.

   Received atoms are appended in source-rank order and then sorted by cell by the caller, so a
   given rank layout always produces the same order: runs are bit-reproducible. */
#include "rs_domain.h"
#include "rs_log.h"
#include <math.h>
#include <stdlib.h>

#define RS_MIGRATE_NPER RS_ATOM_NPACK

PetscErrorCode RsDomainSetUp(RsDomain *dom, MPI_Comm comm)
{
  PetscFunctionBegin;
  PetscCall(RsLogRegister()); /* RsReduce */
  dom->comm = comm;
  PetscCallMPI(MPI_Comm_rank(comm, &dom->rank));
  PetscCallMPI(MPI_Comm_size(comm, &dom->size));
  dom->dims[0] = dom->dims[1] = 0;
  PetscCallMPI(MPI_Dims_create(dom->size, 2, dom->dims));
  dom->coords[0] = dom->rank % dom->dims[0];
  dom->coords[1] = dom->rank / dom->dims[0];
  for (int d = 0; d < 2; d++) {
    for (int dir = 0; dir < 2; dir++) {
      int c[2] = {dom->coords[0], dom->coords[1]};
      c[d]     = (c[d] + (dir ? 1 : -1) + dom->dims[d]) % dom->dims[d];
      dom->nbr[d][dir] = c[1] * dom->dims[0] + c[0];
    }
    dom->lo[d] = (PetscReal)dom->coords[d] / dom->dims[d];
    dom->hi[d] = (PetscReal)(dom->coords[d] + 1) / dom->dims[d];
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscMPIInt RsDomainOwner(const RsDomain *dom, const PetscReal s[2])
{
  int c[2];
  for (int d = 0; d < 2; d++) {
    PetscReal f = s[d] - floor(s[d]);
    c[d]        = (int)(f * dom->dims[d]);
    /* exact boundaries: the subdomain owning f is the one with lo <= f < hi */
    while (c[d] > 0 && f < (PetscReal)c[d] / dom->dims[d]) c[d]--;
    while (c[d] < dom->dims[d] - 1 && f >= (PetscReal)(c[d] + 1) / dom->dims[d]) c[d]++;
    c[d] = PetscMin(PetscMax(c[d], 0), dom->dims[d] - 1);
  }
  return c[1] * dom->dims[0] + c[0];
}

PetscErrorCode RsDomainMigrate(const RsDomain *dom, const RsBox *box, RsParticles *p)
{
  PetscMPIInt *dest, *scount, *rcount, *sdispl, *rdispl;
  PetscReal   *sbuf, *rbuf;
  PetscInt     nkeep = 0, nsend = 0, nrecv = 0;
  PetscFunctionBegin;
  p->nghost = 0;
  if (dom->size == 1) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscMalloc1(p->n, &dest));
  PetscCall(PetscCalloc4(dom->size, &scount, dom->size, &rcount, dom->size + 1, &sdispl, dom->size + 1, &rdispl));
  for (PetscInt i = 0; i < p->n; i++) {
    PetscReal s[2];
    RsBoxToFrac(box, &p->x[2 * i], s);
    dest[i] = RsDomainOwner(dom, s);
    if (dest[i] != dom->rank) {
      scount[dest[i]] += RS_MIGRATE_NPER;
      nsend++;
    }
  }
  PetscCallMPI(MPI_Alltoall(scount, 1, MPI_INT, rcount, 1, MPI_INT, dom->comm));
  for (PetscMPIInt r = 0; r < dom->size; r++) {
    sdispl[r + 1] = sdispl[r] + scount[r];
    rdispl[r + 1] = rdispl[r] + rcount[r];
  }
  nrecv = rdispl[dom->size] / RS_MIGRATE_NPER;
  PetscCall(PetscMalloc2(nsend * RS_MIGRATE_NPER + 1, &sbuf, nrecv * RS_MIGRATE_NPER + 1, &rbuf));
  {
    PetscMPIInt *fill;
    PetscCall(PetscMalloc1(dom->size, &fill));
    for (PetscMPIInt r = 0; r < dom->size; r++) fill[r] = sdispl[r];
    for (PetscInt i = 0; i < p->n; i++) {
      if (dest[i] != dom->rank) {
        RsParticlesPackAtom(p, i, &sbuf[fill[dest[i]]]);
        fill[dest[i]] += RS_MIGRATE_NPER;
      } else {
        if (nkeep != i) { /* stable compaction of the atoms that stay */
          PetscReal b[RS_MIGRATE_NPER];
          RsParticlesPackAtom(p, i, b);
          RsParticlesUnpackAtom(p, nkeep, b);
        }
        nkeep++;
      }
    }
    PetscCall(PetscFree(fill));
  }
  PetscCallMPI(MPI_Alltoallv(sbuf, scount, sdispl, MPIU_REAL, rbuf, rcount, rdispl, MPIU_REAL, dom->comm));
  PetscCall(RsParticlesReserve(p, nkeep + nrecv));
  for (PetscInt k = 0; k < nrecv; k++) RsParticlesUnpackAtom(p, nkeep + k, &rbuf[k * RS_MIGRATE_NPER]);
  p->n = nkeep + nrecv;
  PetscCall(PetscFree2(sbuf, rbuf));
  PetscCall(PetscFree4(scount, rcount, sdispl, rdispl));
  PetscCall(PetscFree(dest));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsDomainFilterOwned(const RsDomain *dom, const RsBox *box, RsParticles *p)
{
  PetscInt nkeep = 0;
  PetscFunctionBegin;
  p->nghost = 0;
  for (PetscInt i = 0; i < p->n; i++) {
    PetscReal s[2], b[RS_MIGRATE_NPER];
    RsBoxToFrac(box, &p->x[2 * i], s);
    if (RsDomainOwner(dom, s) != dom->rank) continue;
    if (nkeep != i) {
      RsParticlesPackAtom(p, i, b);
      RsParticlesUnpackAtom(p, nkeep, b);
    }
    nkeep++;
  }
  p->n = nkeep;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsDomainCheckWidth(const RsDomain *dom, const RsBox *box, PetscReal cutghost)
{
  PetscReal w[2];
  PetscFunctionBegin;
  RsBoxWidths(box, w);
  for (int d = 0; d < 2; d++) {
    PetscReal sub = w[d] / dom->dims[d];
    PetscCheck(sub >= cutghost, dom->comm, RS_ERR_INPUT, "subdomains are %g A wide across the %s faces (%d ranks over a %g A box), less than cutoff + skin = %g A: use fewer ranks per task", (double)sub, d ? "y" : "x", dom->dims[d], (double)w[d], (double)cutghost);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static int CmpFirst(const void *a, const void *b)
{
  PetscReal x = *(const PetscReal *)a, y = *(const PetscReal *)b;
  return x < y ? -1 : x > y;
}

PetscErrorCode RsDomainGatherById(const RsDomain *dom, const RsParticles *p, PetscInt nper, const PetscReal *mine, PetscInt64 *ntotal, PetscReal **all)
{
  PetscMPIInt *counts = NULL, *displ = NULL, mycount = (PetscMPIInt)(p->n * (nper + 1));
  PetscReal   *buf, *out = NULL;
  PetscFunctionBegin;
  PetscCall(PetscMalloc1(mycount + 1, &buf));
  for (PetscInt i = 0; i < p->n; i++) { /* prefix each record by its id for sorting */
    buf[i * (nper + 1)] = (PetscReal)p->id[i];
    for (PetscInt k = 0; k < nper; k++) buf[i * (nper + 1) + 1 + k] = mine[i * nper + k];
  }
  if (!dom->rank) PetscCall(PetscMalloc2(dom->size, &counts, dom->size + 1, &displ));
  PetscCallMPI(MPI_Gather(&mycount, 1, MPI_INT, counts, 1, MPI_INT, 0, dom->comm));
  if (!dom->rank) {
    displ[0] = 0;
    for (PetscMPIInt r = 0; r < dom->size; r++) displ[r + 1] = displ[r] + counts[r];
    PetscCall(PetscMalloc1(displ[dom->size] + 1, &out));
  }
  PetscCallMPI(MPI_Gatherv(buf, mycount, MPIU_REAL, out, counts, displ, MPIU_REAL, 0, dom->comm));
  *ntotal = 0;
  *all    = NULL;
  if (!dom->rank) {
    *ntotal = displ[dom->size] / (nper + 1);
    qsort(out, (size_t)*ntotal, (size_t)(nper + 1) * sizeof(PetscReal), CmpFirst);
    *all = out;
    PetscCall(PetscFree2(counts, displ));
  }
  PetscCall(PetscFree(buf));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsDomainGatherOrdered(const RsDomain *dom, PetscInt n, PetscInt nper, const PetscReal *mine, PetscInt64 *counts, PetscReal **all)
{
  PetscMPIInt *c = NULL, *displ = NULL, my = (PetscMPIInt)(n * nper);
  PetscFunctionBegin;
  *all = NULL;
  if (!dom->rank) PetscCall(PetscMalloc2(dom->size, &c, dom->size + 1, &displ));
  PetscCallMPI(MPI_Gather(&my, 1, MPI_INT, c, 1, MPI_INT, 0, dom->comm));
  if (!dom->rank) {
    displ[0] = 0;
    for (PetscMPIInt r = 0; r < dom->size; r++) {
      displ[r + 1] = displ[r] + c[r];
      counts[r]    = c[r] / nper;
    }
    PetscCall(PetscMalloc1(displ[dom->size] + 1, all));
  }
  PetscCallMPI(MPI_Gatherv(mine, my, MPIU_REAL, *all, c, displ, MPIU_REAL, 0, dom->comm));
  if (!dom->rank) PetscCall(PetscFree2(c, displ));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsDomainScatterOrdered(const RsDomain *dom, const PetscInt64 *counts, PetscInt nper, const PetscReal *all, PetscInt *n, PetscReal **mine)
{
  PetscMPIInt *c = NULL, *displ = NULL, my;
  PetscFunctionBegin;
  if (!dom->rank) {
    PetscCall(PetscMalloc2(dom->size, &c, dom->size + 1, &displ));
    displ[0] = 0;
    for (PetscMPIInt r = 0; r < dom->size; r++) {
      c[r]         = (PetscMPIInt)(counts[r] * nper);
      displ[r + 1] = displ[r] + c[r];
    }
  }
  PetscCallMPI(MPI_Scatter(c, 1, MPI_INT, &my, 1, MPI_INT, 0, dom->comm));
  PetscCall(PetscMalloc1(my + 1, mine));
  PetscCallMPI(MPI_Scatterv(all, c, displ, MPIU_REAL, *mine, my, MPIU_REAL, 0, dom->comm));
  *n = my / nper;
  if (!dom->rank) PetscCall(PetscFree2(c, displ));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* In-place allreduce of nv reals with op over the task's ranks, logged as RsReduce. */
static PetscErrorCode Allreduce(const RsDomain *dom, PetscInt nv, PetscReal *v, MPI_Op op)
{
  PetscFunctionBegin;
  if (dom->size > 1) {
    PetscCall(PetscLogEventBegin(RS_EventReduce, 0, 0, 0, 0));
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, v, (PetscMPIInt)nv, MPIU_REAL, op, dom->comm));
    PetscCall(PetscLogEventEnd(RS_EventReduce, 0, 0, 0, 0));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsDomainSum(const RsDomain *dom, PetscInt nv, PetscReal *v)
{
  return Allreduce(dom, nv, v, MPI_SUM);
}

/* MPI op of RsDomainSumMax on one element of a contiguous block of doubles: block[0] holds the
   number of summed values (the same on every rank), then the sums, then the maxima (padding
   included). A whole block is one element, so MPI never splits it into segments. */
static void SumMaxOp(void *in, void *inout, int *len, MPI_Datatype *type)
{
  int size;
  MPI_Type_size(*type, &size);
  const int n = size / (int)sizeof(PetscReal);
  for (int e = 0; e < *len; e++) {
    const PetscReal *a = (const PetscReal *)in + (size_t)e * n;
    PetscReal       *b = (PetscReal *)inout + (size_t)e * n;
    const int        k = (int)a[0];
    for (int i = 1; i <= k; i++) b[i] += a[i];
    for (int i = k + 1; i < n; i++) b[i] = PetscMax(a[i], b[i]);
  }
}

PetscErrorCode RsDomainSumMax(const RsDomain *dom, PetscInt nsum, PetscReal *sum, PetscInt nmax, PetscReal *max)
{
  static MPI_Op       op = MPI_OP_NULL;
  static MPI_Datatype block[40]; /* 2^b doubles, made on first use and kept */
  PetscReal           buf[64], *v = buf;
  int                 b = 3;
  PetscFunctionBegin;
  if (dom->size == 1) PetscFunctionReturn(PETSC_SUCCESS);
  if (op == MPI_OP_NULL) PetscCallMPI(MPI_Op_create(SumMaxOp, 1, &op));
  while (((PetscInt)1 << b) < 1 + nsum + nmax) b++;
  const PetscInt len = (PetscInt)1 << b;
  if (!block[b]) {
    PetscCallMPI(MPI_Type_contiguous((PetscMPIInt)len, MPIU_REAL, &block[b]));
    PetscCallMPI(MPI_Type_commit(&block[b]));
  }
  if (len > 64) PetscCall(PetscMalloc1(len, &v));
  v[0] = (PetscReal)nsum;
  for (PetscInt i = 0; i < nsum; i++) v[1 + i] = sum[i];
  for (PetscInt i = 0; i < nmax; i++) v[1 + nsum + i] = max[i];
  for (PetscInt i = 1 + nsum + nmax; i < len; i++) v[i] = 0;
  PetscCall(PetscLogEventBegin(RS_EventReduce, 0, 0, 0, 0));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, v, 1, block[b], op, dom->comm));
  PetscCall(PetscLogEventEnd(RS_EventReduce, 0, 0, 0, 0));
  for (PetscInt i = 0; i < nsum; i++) sum[i] = v[1 + i];
  for (PetscInt i = 0; i < nmax; i++) max[i] = v[1 + nsum + i];
  if (v != buf) PetscCall(PetscFree(v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsDomainBcast(const RsDomain *dom, PetscInt nv, PetscReal *v)
{
  PetscFunctionBegin;
  if (dom->size > 1 && nv > 0) PetscCallMPI(MPI_Bcast(v, (PetscMPIInt)nv, MPIU_REAL, 0, dom->comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsDomainBcastInt(const RsDomain *dom, PetscInt nv, int *v)
{
  PetscFunctionBegin;
  if (dom->size > 1 && nv > 0) PetscCallMPI(MPI_Bcast(v, (PetscMPIInt)nv, MPI_INT, 0, dom->comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsDomainMax(const RsDomain *dom, PetscInt nv, PetscReal *v)
{
  return Allreduce(dom, nv, v, MPI_MAX);
}

PetscErrorCode RsDomainAny(const RsDomain *dom, PetscBool *flag)
{
  PetscFunctionBegin;
  if (dom->size > 1) {
    int f = *flag ? 1 : 0;
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &f, 1, MPI_INT, MPI_LOR, dom->comm));
    *flag = f ? PETSC_TRUE : PETSC_FALSE;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
