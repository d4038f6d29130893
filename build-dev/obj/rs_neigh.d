build-dev/obj/rs_neigh.o: src/rs_neigh.c include/rs_neigh.h \
 include/rs_box.h include/rs_sys.h include/rs_particles.h \
 include/rs_potential.h
include/rs_neigh.h:
include/rs_box.h:
include/rs_sys.h:
include/rs_particles.h:
include/rs_potential.h:
