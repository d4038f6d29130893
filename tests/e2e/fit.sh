#!/usr/bin/env bash
# `rheosweep fit curve.csv` on a user's flow curve: a synthetic asinh curve (A = 300 MPa,
# B = 1e3 /s, noise 4 MPa) gives back A and B within 3 reported errors; a curve with too few
# points reports "insufficient data" with exit code 2; a malformed line is one error naming
# the file and line (exit 1).
. "$(dirname "$0")/../lib.sh"
/usr/bin/python3 - > curve.csv <<'PY'
import math, random
random.seed(3)
print("rate_per_s,tau_MPa,err_MPa")
for i in range(12):
    r = 10 ** (0.5 * i)
    print("%.10g,%.10g,4" % (r, 300 * math.asinh(r / 1e3) + random.gauss(0, 4)))
PY
"$RS" fit curve.csv -fit_range_i 1,1e6 > fit.txt 2>&1
rc=$?
line=$(grep "regime I   (A asinh" fit.txt)
/usr/bin/python3 - "$line" <<'PY'
import math, re, sys
m = re.search(r"A = ([0-9.e+-]+) \+- ([0-9.e+-]+) MPa, B = [0-9.e+-]+ /s \(ln B ([0-9.e+-]+) \+- ([0-9.e+-]+)\)", sys.argv[1])
A, dA, lnB, dlnB = map(float, m.groups())
ok = abs(A - 300) < 3 * dA and abs(lnB - math.log(1e3)) < 3 * dlnB and dA < 30
print("A = %.1f +- %.1f (300), ln B = %.3f +- %.3f (%.3f)" % (A, dA, lnB, dlnB, math.log(1e3)))
sys.exit(0 if ok else 1)
PY
check "fit recovers A and B of a noisy asinh curve within 3 errors (exit $rc): $line" $?
printf "1e8,100\n1e9,120\n" > two.csv
"$RS" fit two.csv > two.txt 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "insufficient data" two.txt; check "two points: insufficient data, exit 2 (got $rc)" $?
printf "rate,tau\n1e8,100\n1e9,abc\n" > bad.csv
"$RS" fit bad.csv > bad.txt 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q "rheosweep: error: bad.csv:3: expected rate,tau" bad.txt; check "a malformed line: one error naming file and line, exit 1 (got $rc: $(cat bad.txt))" $?
exit $status
