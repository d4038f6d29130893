build-dev/obj/rs_gev.o: src/rs_gev.c include/rs_analysis.h \
 include/rs_sys.h
include/rs_analysis.h:
include/rs_sys.h:
