build-dev/obj/rs_version.o: src/rs_version.c include/rs_version.h \
 build-dev/rs_buildinfo.h
include/rs_version.h:
build-dev/rs_buildinfo.h:
