build-dev/obj/rs_error.o: src/rs_error.c include/rs_error.h \
 include/rs_sys.h
include/rs_error.h:
include/rs_sys.h:
