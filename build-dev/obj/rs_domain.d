build-dev/obj/rs_domain.o: src/rs_domain.c include/rs_domain.h \
 include/rs_box.h include/rs_sys.h include/rs_particles.h
include/rs_domain.h:
include/rs_box.h:
include/rs_sys.h:
include/rs_particles.h:
