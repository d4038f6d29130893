build-dev/obj/rs_file.o: src/rs_file.c include/rs_file.h \
 include/rs_domain.h include/rs_box.h include/rs_sys.h \
 include/rs_particles.h
include/rs_file.h:
include/rs_domain.h:
include/rs_box.h:
include/rs_sys.h:
include/rs_particles.h:
