build-dev/obj/rs_particles.o: src/rs_particles.c include/rs_particles.h \
 include/rs_sys.h
include/rs_particles.h:
include/rs_sys.h:
