build-dev/obj/rs_stop.o: src/rs_stop.c include/rs_stop.h \
 include/rs_domain.h include/rs_box.h include/rs_sys.h \
 include/rs_particles.h
include/rs_stop.h:
include/rs_domain.h:
include/rs_box.h:
include/rs_sys.h:
include/rs_particles.h:
