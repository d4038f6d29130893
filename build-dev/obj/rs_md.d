build-dev/obj/rs_md.o: src/rs_md.c include/rs_md.h include/rs_system.h \
 include/rs_force.h include/rs_neigh.h include/rs_box.h include/rs_sys.h \
 include/rs_particles.h include/rs_potential.h include/rs_halo.h \
 include/rs_domain.h include/rs_stop.h include/rs_checkpoint.h \
 include/rs_md.h include/rs_log.h include/rs_rng.h include/rs_units.h
include/rs_md.h:
include/rs_system.h:
include/rs_force.h:
include/rs_neigh.h:
include/rs_box.h:
include/rs_sys.h:
include/rs_particles.h:
include/rs_potential.h:
include/rs_halo.h:
include/rs_domain.h:
include/rs_stop.h:
include/rs_checkpoint.h:
include/rs_md.h:
include/rs_log.h:
include/rs_rng.h:
include/rs_units.h:
