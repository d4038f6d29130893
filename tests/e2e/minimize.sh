#!/usr/bin/env bash
# Minimisation end to end (L-BFGS): the example state (a 600 K snapshot) minimised to 1e-8 eV/A,
# below the start; from a state near a minimum (the snapshot minimised to 1e-2 eV/A) 1 and 2 ranks
# reach the same minimum (energy to 1e-10 relative; from the hot snapshot itself round-off of
# the layout may pick another basin of the rugged landscape); the
# written state, re-evaluated by `eval`, has its largest force below the tolerance too (an
# independent check of the output); a typo in a TAO option is refused.
. "$(dirname "$0")/../lib.sh"
status=0
st=$here/../../configs/states/example-glass.data
"$RS" minimize -in "$st" -out m1.data -min_fmax 1e-8 > m1.txt 2>&1 || { echo "not ok - minimize failed: $(tail -2 m1.txt)"; exit 1; }
"$RS" minimize -in "$st" -out near.data -min_fmax 1e-2 > near.txt 2>&1 || { echo "not ok - minimize to 1e-2 failed: $(tail -2 near.txt)"; exit 1; }
"$RS" minimize -in near.data -min_fmax 1e-8 > n1.txt 2>&1 || { echo "not ok - minimize near.data failed: $(tail -2 n1.txt)"; exit 1; }
mpirun --oversubscribe -np 2 "$RS" minimize -in near.data -min_fmax 1e-8 > n2.txt 2>&1 || { echo "not ok - minimize on 2 ranks failed: $(tail -2 n2.txt)"; exit 1; }
"$RS" eval -in m1.data > e1.txt 2>&1
/usr/bin/python3 - <<'PY' || status=1
import re, sys
def val(f, k):
    return float(re.search(r"^" + k + r": (\S+)", open(f).read(), re.M).group(1))
e1, e0 = val("m1.txt", "pe"), val("m1.txt", "pe_start")
n1, n2 = val("n1.txt", "pe"), val("n2.txt", "pe")
f1, fe = val("m1.txt", "fmax"), val("e1.txt", "fmax")
ok = True
def check(c, msg):
    global ok
    ok &= bool(c)
    print(("ok - " if c else "not ok - ") + msg)
check("converged: yes" in open("m1.txt").read() and f1 < 1e-8, "minimize (L-BFGS): %.6f -> %.9f eV, |F|max %.1e eV/A, %d evaluations" % (e0, e1, f1, val("m1.txt", "evaluations")))
check(e1 < e0, "minimize: energy went down")
check(abs(n2 - n1) < 1e-10 * abs(n1), "minimize: 1 and 2 ranks reach the same minimum from a nearby state (%.12f vs %.12f eV)" % (n1, n2))
check(fe < 1e-8, "minimize: the written state re-evaluated by eval has |F|max %.1e eV/A" % fe)
sys.exit(0 if ok else 1)
PY
"$RS" minimize -in "$st" -min_tao_typo bncg > typo.txt 2>&1
[ $? -eq 1 ] && grep -q "unknown option '-min_tao_typo'" typo.txt && echo "ok - minimize: a typo in a TAO option is refused" || { echo "not ok - TAO option typo accepted"; status=1; }
exit $status
