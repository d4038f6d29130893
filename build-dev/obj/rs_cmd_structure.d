build-dev/obj/rs_cmd_structure.o: src/rs_cmd_structure.c include/rs_cmd.h \
 include/rs_config.h include/rs_md.h include/rs_system.h \
 include/rs_force.h include/rs_neigh.h include/rs_box.h include/rs_sys.h \
 include/rs_particles.h include/rs_potential.h include/rs_halo.h \
 include/rs_domain.h include/rs_prepare.h include/rs_structure.h \
 include/rs_tg.h include/rs_minimize.h include/rs_qs.h include/rs_abc.h \
 include/rs_sweep.h include/rs_flow.h include/rs_lsq.h \
 include/rs_structure.h
include/rs_cmd.h:
include/rs_config.h:
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
include/rs_prepare.h:
include/rs_structure.h:
include/rs_tg.h:
include/rs_minimize.h:
include/rs_qs.h:
include/rs_abc.h:
include/rs_sweep.h:
include/rs_flow.h:
include/rs_lsq.h:
include/rs_structure.h:
