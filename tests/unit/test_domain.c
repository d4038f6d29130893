/* test_domain.c: the task's mixed reduction RsDomainSumMax (sums and maxima in one MPI call).
   Runs as a unit test on 1 rank and under mpirun on 2-4 ranks (tests/mpi/reduce.sh), with
   lengths up to 70000 doubles so that MPI's segmented algorithms would cut a plain buffer. */
#include "rs_test.h"
#include "rs_domain.h"

static void test_sum_max(void **state)
{
  const PetscInt lens[][2] = {{0, 1}, {1, 1}, {5, 2}, {60, 3}, {4500, 2}, {70000, 5}};
  RsDomain       dom;
  assert_int_equal(RsDomainSetUp(&dom, PETSC_COMM_WORLD), 0);
  const int r = dom.rank, P = dom.size;
  for (size_t c = 0; c < sizeof lens / sizeof lens[0]; c++) {
    const PetscInt ns = lens[c][0], nm = lens[c][1];
    PetscReal     *s, *m;
    assert_int_equal(PetscMalloc2(ns + 1, &s, nm + 1, &m), 0);
    for (PetscInt i = 0; i < ns; i++) s[i] = 1000.0 * r + i;              /* exact in binary */
    for (PetscInt i = 0; i < nm; i++) m[i] = i % P == r ? i + 0.5 : -1.0 - r; /* one rank holds the max */
    assert_int_equal(RsDomainSumMax(&dom, ns, s, nm, m), 0);
    for (PetscInt i = 0; i < ns; i++) assert_true(s[i] == (PetscReal)i * P + 1000.0 * P * (P - 1) / 2);
    for (PetscInt i = 0; i < nm; i++) assert_true(m[i] == i + 0.5);
    assert_int_equal(PetscFree2(s, m), 0);
  }
}

int main(int argc, char **argv)
{
  RsTestInit(&argc, &argv);
  PetscMPIInt rank;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  if (rank) (void)!freopen("/dev/null", "w", stdout); /* one report; a failure anywhere fails mpirun */
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_sum_max)};
  int                     rc      = cmocka_run_group_tests_name("domain", tests, NULL, NULL);
  PetscFinalize();
  return rc;
}
