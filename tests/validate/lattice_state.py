#!/usr/bin/python3
"""Writes a 2D LAMMPS data file whose pairs sit within 1e-3 A of the P2 cutoffs.

Rectangular lattice ax = 2.75 A, ay = 3.3 A: second neighbours along x are 5.5 A apart (the
Cu-Cu cutoff) and along y 6.6 A (the Cu-Zr cutoff). Every coordinate is jittered by at most
4e-4 A, so those pair distances lie within 8e-4 A of a cutoff, on both sides.
usage: lattice_state.py out.data [seed]"""
import math
import random
import sys

out = sys.argv[1]
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
nx, ny, ax, ay, jit = 24, 20, 2.75, 3.3, 4e-4
atoms = []
for j in range(ny):
    for i in range(nx):
        atoms.append((rng.choice((1, 2)), i * ax + 0.3 + rng.uniform(-jit, jit), j * ay + 0.2 + rng.uniform(-jit, jit)))
Lx, Ly = nx * ax, ny * ay
cut = {(1, 1): 5.5, (2, 2): 7.7, (1, 2): 6.6, (2, 1): 6.6}
near = 0
for a in range(len(atoms)):
    for b in range(a + 1, len(atoms)):
        dx = atoms[a][1] - atoms[b][1]
        dy = atoms[a][2] - atoms[b][2]
        dx -= Lx * round(dx / Lx)
        dy -= Ly * round(dy / Ly)
        if abs(math.hypot(dx, dy) - cut[(atoms[a][0], atoms[b][0])]) < 1e-3:
            near += 1
with open(out, "w") as f:
    f.write("near-cutoff lattice (%d pairs within 1e-3 A of a cutoff)\n\n%d atoms\n2 atom types\n\n" % (near, len(atoms)))
    f.write("0 %.17g xlo xhi\n0 %.17g ylo yhi\n-0.5 0.5 zlo zhi\n\nMasses\n\n1 63.546\n2 91.224\n\nAtoms # atomic\n\n" % (Lx, Ly))
    for k, (t, x, y) in enumerate(atoms):
        f.write("%d %d %.17g %.17g 0\n" % (k + 1, t, x, y))
print(near)
