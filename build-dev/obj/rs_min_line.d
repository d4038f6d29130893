build-dev/obj/rs_min_line.o: src/rs_min_line.c src/rs_min_impl.h \
 include/rs_minimize.h include/rs_system.h include/rs_force.h \
 include/rs_neigh.h include/rs_box.h include/rs_sys.h \
 include/rs_particles.h include/rs_potential.h include/rs_halo.h \
 include/rs_domain.h
src/rs_min_impl.h:
include/rs_minimize.h:
include/rs_system.h:
include/rs_force.h:
include/rs_neigh.h:
include/rs_box.h:
include/rs_sys.h:
include/rs_particles.h:
include/rs_potential.h:
include/rs_halo.h:
include/rs_domain.h:
