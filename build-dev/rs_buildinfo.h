#define RS_GIT_HASH "4b0fdf0b7360-dirty"
#define RS_BUILD_FLAGS "mpicc -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wno-unused-parameter -O3 -g -march=x86-64-v2 -MMD -MP"
