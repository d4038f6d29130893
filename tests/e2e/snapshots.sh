#!/usr/bin/env bash
# Minimised snapshots of MD tasks (-md_is_strain): stored every 0.005 strain as
# <task>.is/is_<k>.h5, they leave the MD run itself untouched (record bit-identical to a run
# without them), feed the NaDM/ASNaD/clusters analyses of MD tasks, and the dry run counts
# their cost and disk.
. "$(dirname "$0")/../lib.sh"
cat > s.yaml <<'EOF2'
prep: {atoms: 200, melt_time: 2, hold_time: 2, cool_rate: 50, quench_rate: 50, relax_time: 4}
md: {thermo: 0}
reduce: {window: [0.01, 0.03]}
sweep: {samples: 1, md_rates: [1e10], seeds: [1], strain: 0.03}
EOF2
mpirun --oversubscribe -np 2 "$RS" sweep -options_file_yaml s.yaml -sweep_dir plain > plain.txt 2>&1
mpirun --oversubscribe -np 2 "$RS" sweep -options_file_yaml s.yaml -sweep_dir snap -md_is_strain 0.005 > snap.txt 2>&1
rc=$?
t=s1-T315-md-1e10-seed1
n=$(ls snap/tasks/$t.is/is_*.h5 2> /dev/null | wc -l)
[ $rc -eq 0 ] && [ "$n" -eq 7 ]; check "7 minimised snapshots at strains 0, 0.005, ..., 0.03 (exit $rc, $n files)" $?
cmp -s plain/tasks/$t.csv snap/tasks/$t.csv; check "the MD record with snapshots equals the one without, bit for bit" $?
/usr/bin/python3 - snap/sweep.h5 $t > an.txt 2>&1 <<'PY'
import sys
import h5py, numpy as np
g = h5py.File(sys.argv[1], "r")["analysis"][sys.argv[2]]
m = g["nadm_all"][()]
s = g["strain"][()]
ok = m.shape == (7, 7) and abs(np.diag(m)).max() == 0 and np.allclose(s, np.arange(7) * 0.005) and (m >= 0).all()
print("NaDM %s, strains %s" % (m.shape, s))
sys.exit(0 if ok else 1)
PY
check "the MD task's NaDM is built from its snapshots ($(cat an.txt))" $?
c0=$("$RS" sweep -options_file_yaml s.yaml -dry_run | sed -n 's/^total: {tasks: [0-9]*, core_hours: \([0-9.e+-]*\),.*/\1/p')
c1=$("$RS" sweep -options_file_yaml s.yaml -md_is_strain 0.005 -dry_run | sed -n 's/^total: {tasks: [0-9]*, core_hours: \([0-9.e+-]*\),.*/\1/p')
/usr/bin/python3 -c "import sys; sys.exit(0 if float('$c1') > float('$c0') else 1)"; check "the dry run counts the snapshots' cost ($c0 -> $c1 core-hours)" $?
"$RS" sweep -options_file_yaml s.yaml -sweep_dir plain -md_is_strain 0.005 > refuse.txt 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q "it was made without md_is_strain=0.005, which this configuration has" refuse.txt; check "adding snapshots to finished MD tasks is refused naming -md_is_strain (exit $rc)" $?
exit $status
