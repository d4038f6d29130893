build-dev/obj/rs_lsq.o: src/rs_lsq.c include/rs_lsq.h include/rs_sys.h
include/rs_lsq.h:
include/rs_sys.h:
