build-dev/obj/rs_lammps.o: src/rs_lammps.c include/rs_lammps.h \
 include/rs_system.h include/rs_force.h include/rs_neigh.h \
 include/rs_box.h include/rs_sys.h include/rs_particles.h \
 include/rs_potential.h include/rs_halo.h include/rs_domain.h \
 include/rs_units.h
include/rs_lammps.h:
include/rs_system.h:
include/rs_force.h:
include/rs_neigh.h:
include/rs_box.h:
include/rs_sys.h:
include/rs_particles.h:
include/rs_potential.h:
include/rs_halo.h:
include/rs_domain.h:
include/rs_units.h:
