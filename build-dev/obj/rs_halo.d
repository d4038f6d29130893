build-dev/obj/rs_halo.o: src/rs_halo.c include/rs_halo.h \
 include/rs_domain.h include/rs_box.h include/rs_sys.h \
 include/rs_particles.h
include/rs_halo.h:
include/rs_domain.h:
include/rs_box.h:
include/rs_sys.h:
include/rs_particles.h:
