build-dev/obj/rs_log.o: src/rs_log.c include/rs_log.h include/rs_sys.h
include/rs_log.h:
include/rs_sys.h:
