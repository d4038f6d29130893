# rheosweep: one non-recursive Makefile (see README.md and docs/ARCHITECTURE.md).
# make [all] | deps | check | bench | fuzz | run | clean     DEBUG=1 (ASan/UBSan)  CI=true (-Werror)
#   MARCH=native: code for this CPU (default x86-64-v2, which runs on any x86-64 of the last decade;
#   native doubles the ABC penalty sums with AVX2, the pair forces gain nothing: docs/PERFORMANCE.md)
PKGS      := PETSc hdf5-openmpi
BUILD     := build
CC        := mpicc
CSTD      := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN      := -Wall -Wextra -Wno-unused-parameter
ifeq ($(CI),true)
WARN      += -Werror
endif
ifeq ($(DEBUG),1)
OPT       := -O0 -g -fsanitize=address,undefined -fno-omit-frame-pointer
BUILD     := build-debug
else
MARCH     ?= x86-64-v2
OPT       := -O3 -g -march=$(MARCH)
endif
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null | sed 's/-I/-isystem /g')
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS  := -Iinclude -I$(BUILD) -DRS_SOURCE_DIR='"$(CURDIR)"'
CFLAGS    := $(CSTD) $(WARN) $(OPT) -MMD -MP
LDLIBS     = $(PKG_LIBS) -lhdf5_hl -llapack -lblas -lm
OBJDIR    := $(BUILD)/obj

LIB_SRC   := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ   := $(LIB_SRC:src/%.c=$(OBJDIR)/%.o)
LIB       := $(BUILD)/librs.a
BIN       := $(BUILD)/rheosweep
UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRC  := $(wildcard tests/fuzz/fuzz_*.c)

.PHONY: all deps check bench fuzz run clean format validate unit
# the microbenchmarks are built with everything else, so they compile (with -Werror in CI)
BENCH_BIN := $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(wildcard tests/bench/bench_*.c))
all: $(BIN) $(UNIT_BIN) $(BENCH_BIN)

deps:
	@bash scripts/deps.sh

$(OBJDIR)/%.o: src/%.c | $(OBJDIR)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c $< -o $@

$(OBJDIR) $(BUILD)/tests $(BUILD)/fuzz:
	@mkdir -p $@

$(BUILD)/rs_buildinfo.h: FORCE | $(OBJDIR)
	@bash scripts/buildinfo.sh "$(CC) $(CFLAGS)" > $@.tmp; \
	 if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
FORCE:
$(OBJDIR)/rs_version.o: $(BUILD)/rs_buildinfo.h

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(OBJDIR)/main.o $(LIB)
	$(CC) $(OPT) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB) | $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -o $@ $< $(LIB) $(LDLIBS) -lcmocka
# Microbenchmarks run by make bench (tests/bench/bench_*.c).
$(BUILD)/bench/%: tests/bench/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# The whole test suite: installs what is missing, builds, runs every tier, ends with "N passed, N failed".
check: deps
	@$(MAKE) --no-print-directory all
	@bash tests/run.sh $(BUILD)

# Fuzz the config loader and the LAMMPS data reader (libFuzzer + ASan/UBSan), bounded in time.
FUZZ_SECONDS ?= 30
fuzz: deps
	@bash tests/fuzz/run.sh $(FUZZ_SECONDS)

# Long validation against LAMMPS (5000 atoms, 50 % strain, three seeds; several minutes).
validate: deps
	@$(MAKE) --no-print-directory all
	@RS=$(CURDIR)/$(BIN) bash tests/validate/sllod.sh 5000 1e10 0.5 0.2 "21 22 23"

bench: deps
	@$(MAKE) --no-print-directory all
	@bash scripts/bench.sh $(BUILD)

# The default job (README, first command): the smoke-scale sweep of configs/default.yaml on
# 1 master + 2 workers (run again to resume; NP=... for another rank count), its fit table and
# archive, then the figures (scripts/plot_sweep.py) of the archive.
NP ?= 3
run: deps
	@$(MAKE) --no-print-directory all
	@OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun --oversubscribe -np $(NP) $(BIN) sweep -options_file_yaml configs/default.yaml; rc=$$?; \
	 if [ -f run/default/sweep.h5 ]; then MPLBACKEND=Agg /usr/bin/python3 scripts/figures.py run/default/sweep.h5; fi; exit $$rc

format:
	clang-format -i src/*.c include/*.h tests/unit/*.c tests/fuzz/*.c

clean:
	rm -rf build build-debug build-fuzz

-include $(wildcard $(OBJDIR)/*.d $(BUILD)/tests/*.d)
