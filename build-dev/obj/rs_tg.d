build-dev/obj/rs_tg.o: src/rs_tg.c include/rs_tg.h include/rs_sys.h
include/rs_tg.h:
include/rs_sys.h:
