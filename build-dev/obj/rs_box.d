build-dev/obj/rs_box.o: src/rs_box.c include/rs_box.h include/rs_sys.h
include/rs_box.h:
include/rs_sys.h:
