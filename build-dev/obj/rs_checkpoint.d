build-dev/obj/rs_checkpoint.o: src/rs_checkpoint.c \
 include/rs_checkpoint.h include/rs_md.h include/rs_system.h \
 include/rs_force.h include/rs_neigh.h include/rs_box.h include/rs_sys.h \
 include/rs_particles.h include/rs_potential.h include/rs_halo.h \
 include/rs_domain.h include/rs_version.h include/rs_file.h
include/rs_checkpoint.h:
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
include/rs_version.h:
include/rs_file.h:
