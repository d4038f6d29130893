build-dev/obj/rs_journal.o: src/rs_journal.c include/rs_journal.h \
 include/rs_sweep.h include/rs_sys.h include/rs_file.h \
 include/rs_domain.h include/rs_box.h include/rs_particles.h
include/rs_journal.h:
include/rs_sweep.h:
include/rs_sys.h:
include/rs_file.h:
include/rs_domain.h:
include/rs_box.h:
include/rs_particles.h:
