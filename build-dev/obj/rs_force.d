build-dev/obj/rs_force.o: src/rs_force.c include/rs_force.h \
 include/rs_neigh.h include/rs_box.h include/rs_sys.h \
 include/rs_particles.h include/rs_potential.h
include/rs_force.h:
include/rs_neigh.h:
include/rs_box.h:
include/rs_sys.h:
include/rs_particles.h:
include/rs_potential.h:
