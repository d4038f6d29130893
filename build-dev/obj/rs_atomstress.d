build-dev/obj/rs_atomstress.o: src/rs_atomstress.c \
 include/rs_atomstress.h include/rs_system.h include/rs_force.h \
 include/rs_neigh.h include/rs_box.h include/rs_sys.h \
 include/rs_particles.h include/rs_potential.h include/rs_halo.h \
 include/rs_domain.h
include/rs_atomstress.h:
include/rs_system.h:
include/rs_force.h:
include/rs_neigh.h:
include/rs_box.h:
include/rs_sys.h:
include/rs_particles.h:
include/rs_potential.h:
include/rs_halo.h:
include/rs_domain.h:
