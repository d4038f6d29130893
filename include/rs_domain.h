/* rs_domain.h: spatial domain decomposition of one task over its communicator: a 2D grid of
   ranks over the fractional coordinates of the (tilted) box, ownership, migration of atoms to
   their owners, and gathering atoms on rank 0 for output. */
#ifndef RS_DOMAIN_H
#define RS_DOMAIN_H
#include "rs_box.h"
#include "rs_particles.h"

typedef struct {
  MPI_Comm    comm;      /* the task's communicator ("world") */
  PetscMPIInt rank, size;
  int         dims[2];   /* ranks along fractional x and y */
  int         coords[2]; /* this rank's grid position; rank = coords[1] * dims[0] + coords[0] */
  PetscMPIInt nbr[2][2]; /* [dim][0 = lower, 1 = upper] neighbour ranks (periodic) */
  PetscReal   lo[2], hi[2]; /* fractional bounds of this rank's subdomain */
} RsDomain;

/* Lays out the rank grid on comm (MPI_Dims_create). Collective. */
PetscErrorCode RsDomainSetUp(RsDomain *dom, MPI_Comm comm);
/* Rank owning fractional point s (s wrapped into [0,1)). */
PetscMPIInt RsDomainOwner(const RsDomain *dom, const PetscReal s[2]);
/* Sends every owned atom whose position lies in another rank's subdomain to that rank (any
   distance: works after box flips and for restarts on another layout). Positions must be
   wrapped. Collective. */
PetscErrorCode RsDomainMigrate(const RsDomain *dom, const RsBox *box, RsParticles *p);
/* Keeps only the atoms this rank owns (after every rank loaded the same full set). */
PetscErrorCode RsDomainFilterOwned(const RsDomain *dom, const RsBox *box, RsParticles *p);
/* Error unless every subdomain is at least cutghost wide (perpendicular). Collective verdict. */
PetscErrorCode RsDomainCheckWidth(const RsDomain *dom, const RsBox *box, PetscReal cutghost);
/* Gathers nper doubles per owned atom (packed by the caller) onto rank 0, sorted by id: *all
   holds ntotal records of nper + 1 doubles (the id, then the values) there, NULL elsewhere.
   Collective. */
PetscErrorCode RsDomainGatherById(const RsDomain *dom, const RsParticles *p, PetscInt nper, const PetscReal *mine, PetscInt64 *ntotal, PetscReal **all);
/* Gathers nper doubles per owned atom onto rank 0 in rank order, each rank's atoms in its
   local order: *all (rank 0) holds the records, counts[r] the atoms of rank r. Collective. */
PetscErrorCode RsDomainGatherOrdered(const RsDomain *dom, PetscInt n, PetscInt nper, const PetscReal *mine, PetscInt64 *counts, PetscReal **all);
/* Inverse of RsDomainGatherOrdered: rank r receives counts[r] records (counts given on rank 0). */
PetscErrorCode RsDomainScatterOrdered(const RsDomain *dom, const PetscInt64 *counts, PetscInt nper, const PetscReal *all, PetscInt *n, PetscReal **mine);
/* Sum of nv doubles over the task's ranks (result on all ranks). Collective. */
PetscErrorCode RsDomainSum(const RsDomain *dom, PetscInt nv, PetscReal *v);
/* Sums of nsum doubles and maxima of nmax doubles over the task's ranks in one reduction (results
   on all ranks). Collective. */
PetscErrorCode RsDomainSumMax(const RsDomain *dom, PetscInt nsum, PetscReal *sum, PetscInt nmax, PetscReal *max);
/* Broadcast of nv doubles from rank 0 (I/O results and status). Collective. */
PetscErrorCode RsDomainBcast(const RsDomain *dom, PetscInt nv, PetscReal *v);
/* Broadcast of nv ints from rank 0 (write status codes). Collective. */
PetscErrorCode RsDomainBcastInt(const RsDomain *dom, PetscInt nv, int *v);
/* Maximum of nv doubles over the task's ranks (result on all ranks). Collective. */
PetscErrorCode RsDomainMax(const RsDomain *dom, PetscInt nv, PetscReal *v);
/* Logical OR over the task's ranks. Collective. */
PetscErrorCode RsDomainAny(const RsDomain *dom, PetscBool *flag);
#endif
