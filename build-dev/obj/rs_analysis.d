build-dev/obj/rs_analysis.o: src/rs_analysis.c include/rs_analysis.h \
 include/rs_sys.h
include/rs_analysis.h:
include/rs_sys.h:
