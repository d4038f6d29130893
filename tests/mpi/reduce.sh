#!/usr/bin/env bash
# The mixed sum/max reduction of a task (RsDomainSumMax, one MPI call per minimiser evaluation)
# on 2, 3 and 4 ranks: exact sums and maxima for lengths up to 70000 doubles
# (build/tests/test_domain under mpirun --oversubscribe).
. "$(dirname "$0")/../lib.sh"
bin=$(dirname "$RS")/tests/test_domain
for np in 2 3 4; do
  mpirun --oversubscribe -np $np "$bin" > out$np.txt 2>&1
  rc=$?
  check "RsDomainSumMax on $np ranks: sums and maxima exact (lengths 1 to 70005)$( [ $rc = 0 ] || echo ": $(grep -m1 -iE 'fail|error' out$np.txt)")" $rc
done
exit $status
