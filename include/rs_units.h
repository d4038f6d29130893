/* rs_units.h: LAMMPS `metal` units with LAMMPS's own constants (PHYSICS.md, binding
   decisions), so that every number agrees with LAMMPS to round-off. */
#ifndef RS_UNITS_H
#define RS_UNITS_H

/* Boltzmann constant [eV/K] (LAMMPS force->boltz, metal). */
#define RS_BOLTZ 8.617343e-5
/* m v^2 in amu A^2/ps^2 -> eV (LAMMPS force->mvv2e, metal). */
#define RS_MVV2E 1.0364269e-4
/* F/m in eV/(A amu) -> A/ps^2 (LAMMPS force->ftm2v = 1/mvv2e). */
#define RS_FTM2V (1.0 / 1.0364269e-4)
/* eV/A^3 -> bar (LAMMPS force->nktv2p, metal). */
#define RS_NKTV2P 1.6021765e6
/* eV/A^3 -> MPa (nktv2p / 10). */
#define RS_EVA3_TO_MPA (RS_NKTV2P / 10.0)
#endif
