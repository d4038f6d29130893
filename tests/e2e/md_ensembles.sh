#!/usr/bin/env bash
# Statistical-mechanics checks of the MD engine on a 1000-atom P2 glass at 315 K:
#   NVE, dt = 2 fs, 10 ps: total-energy drift < 1e-5 eV/atom, and the RMS fluctuation of the
#       total energy shrinks ~4x when dt is halved (second-order integrator; accept 2.8..5.6).
#   NVT (Nose-Hoover chain, tdamp 0.2 ps), 100 ps: mean T within 3 standard errors (block
#       averages) of 315 K, and Var(T)/T^2 within 20 % of 2/N_f (N_f = 2N - 2).
#   NPT (MTK, iso, pdamp 2 ps), 100 ps at P = 0: mean P within 3 standard errors of 0 and the
#       area per atom within 1 % of LAMMPS's 8.27 A^2 (CALIBRATION.md).
. "$(dirname "$0")/../lib.sh"
make_states 1000 31
"$RS" md -in glass.data -md_temperature 600 -md_temperature_stop 315 -md_steps 10000 -md_thermo 0 -out g315.data > quench.txt 2>&1 || { echo "not ok - quench failed: $(tail -3 quench.txt)"; exit 1; }
"$RS" md -in g315.data -md_ensemble nve -md_dt 0.002 -md_steps 5000 -md_thermo 10 > nve2.txt 2>&1 || { echo "not ok - NVE run failed"; exit 1; }
"$RS" md -in g315.data -md_ensemble nve -md_dt 0.001 -md_steps 10000 -md_thermo 20 > nve1.txt 2>&1 || { echo "not ok - NVE run failed"; exit 1; }
"$RS" md -in g315.data -md_ensemble nvt -md_temperature 315 -md_steps 50000 -md_thermo 10 > nvt.txt 2>&1 || { echo "not ok - NVT run failed"; exit 1; }
"$RS" md -in g315.data -md_ensemble npt -md_pressure 0 -md_temperature 315 -md_steps 50000 -md_thermo 10 > npt.txt 2>&1 || { echo "not ok - NPT run failed"; exit 1; }
/usr/bin/python3 - <<'PY'
import statistics as st, sys
def thermo(f):
    rows = []
    for line in open(f):
        t = line.split()
        if len(t) == 13 and t[0].isdigit():
            rows.append([float(v) for v in t])
    return rows
ok = True
def report(good, msg):
    global ok
    ok &= good
    print(("ok - " if good else "not ok - ") + msg)
n = 1000
e2 = [r[4] + r[5] for r in thermo("nve2.txt")]
e1 = [r[4] + r[5] for r in thermo("nve1.txt")]
drift = abs(st.mean(e2[-50:]) - st.mean(e2[:50])) / n
report(drift < 1e-5, "NVE 315 K, dt 2 fs, 10 ps: total-energy drift %.2e eV/atom (limit 1e-5)" % drift)
ratio = st.pstdev(e2) / st.pstdev(e1)
report(2.8 < ratio < 5.6, "NVE energy fluctuation dt 2 fs / dt 1 fs = %.2f (expected ~4, accepted 2.8-5.6)" % ratio)
T = [r[3] for r in thermo("nvt.txt")][500:]  # skip 10 ps of equilibration
nb = 20
blocks = [st.mean(T[k * len(T) // nb:(k + 1) * len(T) // nb]) for k in range(nb)]
se = st.stdev(blocks) / nb ** 0.5
mean = st.mean(T)
report(abs(mean - 315) < 3 * se, "NVT mean T %.2f K, target 315 K, standard error %.2f K (limit 3 SE)" % (mean, se))
rel = st.pvariance(T) / mean ** 2 / (2.0 / (2 * n - 2))
report(abs(rel - 1) < 0.2, "NVT Var(T)/T^2 = %.3f x 2/N_f (limit within 20 %%)" % rel)
rows = thermo("npt.txt")[1000:]  # skip 20 ps
P = [r[9] for r in rows]
a = [r[10] for r in rows]
pb = [st.mean(P[k * len(P) // nb:(k + 1) * len(P) // nb]) for k in range(nb)]
pse = st.stdev(pb) / nb ** 0.5
report(abs(st.mean(P)) < 3 * pse, "NPT 315 K, P = 0: mean P %.1f MPa, standard error %.1f MPa (limit 3 SE)" % (st.mean(P), pse))
report(abs(st.mean(a) / 8.27 - 1) < 0.01, "NPT 315 K, P = 0: area per atom %.4f A^2 vs 8.27 from LAMMPS (CALIBRATION.md; limit 1 %%)" % st.mean(a))
sys.exit(0 if ok else 1)
PY
