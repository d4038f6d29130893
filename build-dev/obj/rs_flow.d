build-dev/obj/rs_flow.o: src/rs_flow.c include/rs_flow.h \
 include/rs_sweep.h include/rs_sys.h include/rs_lsq.h include/rs_units.h
include/rs_flow.h:
include/rs_sweep.h:
include/rs_sys.h:
include/rs_lsq.h:
include/rs_units.h:
