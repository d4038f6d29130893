#!/usr/bin/env bash
# Minimisation end to end (TAO LMVM): the example state minimised on 1 and 2 ranks reaches the
# same minimum (energy to 1e-9 relative), below the start, with |F|max under the tolerance; the
# written state, re-evaluated by `eval`, has its largest force below the tolerance too (an
# independent check of the output); a typo in a TAO option is refused.
. "$(dirname "$0")/../lib.sh"
status=0
st=$here/../../configs/states/example-glass.data
"$RS" minimize -in "$st" -out m1.data > m1.txt 2>&1 || { echo "not ok - minimize failed: $(tail -2 m1.txt)"; exit 1; }
mpirun --oversubscribe -np 2 "$RS" minimize -in "$st" -out m2.data > m2.txt 2>&1 || { echo "not ok - minimize on 2 ranks failed: $(tail -2 m2.txt)"; exit 1; }
"$RS" eval -in m1.data > e1.txt 2>&1
/usr/bin/python3 - <<'PY' || status=1
import re, sys
def val(f, k):
    return float(re.search(r"^" + k + r": (\S+)", open(f).read(), re.M).group(1))
e1, e2, e0 = val("m1.txt", "pe"), val("m2.txt", "pe"), val("m1.txt", "pe_start")
f1, fe = val("m1.txt", "fmax"), val("e1.txt", "fmax")
ok = True
def check(c, msg):
    global ok
    ok &= bool(c)
    print(("ok - " if c else "not ok - ") + msg)
check("converged: yes" in open("m1.txt").read() and f1 < 1e-6, "minimize (LMVM): %.6f -> %.9f eV, |F|max %.1e eV/A" % (e0, e1, f1))
check(e1 < e0, "minimize: energy went down")
check(abs(e2 - e1) < 1e-9 * abs(e1), "minimize: 1 and 2 ranks reach the same minimum (%.12f vs %.12f eV)" % (e1, e2))
check(fe < 1e-6, "minimize: the written state re-evaluated by eval has |F|max %.1e eV/A" % fe)
sys.exit(0 if ok else 1)
PY
"$RS" minimize -in "$st" -min_tao_typo bncg > typo.txt 2>&1
[ $? -eq 1 ] && grep -q "unknown option '-min_tao_typo'" typo.txt && echo "ok - minimize: a typo in a TAO option is refused" || { echo "not ok - TAO option typo accepted"; status=1; }
exit $status
