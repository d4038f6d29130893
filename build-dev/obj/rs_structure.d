build-dev/obj/rs_structure.o: src/rs_structure.c include/rs_structure.h \
 include/rs_system.h include/rs_force.h include/rs_neigh.h \
 include/rs_box.h include/rs_sys.h include/rs_particles.h \
 include/rs_potential.h include/rs_halo.h include/rs_domain.h
include/rs_structure.h:
include/rs_system.h:
include/rs_force.h:
include/rs_neigh.h:
include/rs_box.h:
include/rs_sys.h:
include/rs_particles.h:
include/rs_potential.h:
include/rs_halo.h:
include/rs_domain.h:
