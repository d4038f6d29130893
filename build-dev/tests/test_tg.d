build-dev/tests/test_tg: tests/unit/test_tg.c tests/unit/rs_test.h \
 include/rs_system.h include/rs_force.h include/rs_neigh.h \
 include/rs_box.h include/rs_sys.h include/rs_particles.h \
 include/rs_potential.h include/rs_halo.h include/rs_domain.h \
 include/rs_tg.h
tests/unit/rs_test.h:
include/rs_system.h:
include/rs_force.h:
include/rs_neigh.h:
include/rs_box.h:
include/rs_sys.h:
include/rs_particles.h:
include/rs_potential.h:
include/rs_halo.h:
include/rs_domain.h:
include/rs_tg.h:
