# reapbench — exit_mmap vs oom_reaper benchmark suite
# `make` builds ./reapbench; `make check` runs the tests with prove.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/reapbench

CC      ?= cc
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
GIT_COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)

# pkg-config module -> Debian package that provides it
PKGS := libtracefs:libtracefs-dev libtraceevent:libtraceevent-dev \
	sqlite3:libsqlite3-dev libpq:libpq-dev jansson:libjansson-dev gsl:libgsl-dev \
	numa:libnuma-dev fuse3:libfuse3-dev inih:libinih-dev \
	nettle:nettle-dev
TEST_PKGS := cmocka:libcmocka-dev

pkg_mods = $(foreach p,$(1),$(firstword $(subst :, ,$(p))))
define check_pkgs
$(foreach p,$(1),$(if $(shell pkg-config --exists $(firstword $(subst :, ,$(p))) && echo y),,\
	$(error missing $(firstword $(subst :, ,$(p))): apt-get install $(lastword $(subst :, ,$(p))) (or run scripts/install-deps.sh))))
endef

ifeq ($(filter clean install-deps install-deps-if-missing run check check-kernels fuzz check-asan pg-load,$(MAKECMDGOALS)),)
$(call check_pkgs,$(PKGS))
endif

CFLAGS  ?= -O2 -g
# What reapbench needs whatever CFLAGS the user gives (e.g. CFLAGS='-O1 -fsanitize=address').
RB_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-format-truncation \
	   $(shell pkg-config --cflags $(call pkg_mods,$(PKGS))) \
	   -DREAPBENCH_VERSION='"$(VERSION)"' -DREAPBENCH_GIT='"$(GIT_COMMIT)"' \
	   -DREAPBENCH_DATADIR='"$(DATADIR)"'
LDLIBS  += $(shell pkg-config --libs $(call pkg_mods,$(PKGS))) -lpthread -lm

# The layers, lowest first (doc/DESIGN.md "Layers"). A folder sees only its own headers
# and those of the layers below it: an include that reaches up does not build.
LAYERS := bench/lib bench/trace bench/metrics bench/store workloads bench/run \
	  bench/analysis bench/report bench/kernel bench/cli
# layer_incs FOLDER: -I for FOLDER and every layer before it
layer_incs = $(foreach l,$(wordlist 1,$(call layer_pos,$(1)),$(LAYERS)),-I$(l))
layer_pos = $(words $(call upto,$(1),$(LAYERS)))
upto = $(if $(filter $(1),$(firstword $(2))),$(1),$(firstword $(2)) $(call upto,$(1),$(wordlist 2,$(words $(2)),$(2))))
ALL_INCS := $(foreach l,$(LAYERS),-I$(l))

SRCS    := $(sort $(foreach l,$(LAYERS),$(wildcard $(l)/*.c)))
HDRS    := $(foreach l,$(LAYERS),$(wildcard $(l)/*.h))
OBJS    := $(SRCS:.c=.o)
LIBOBJS := $(filter-out bench/cli/%.o,$(OBJS))
CLIOBJS := $(filter bench/cli/%.o,$(OBJS))

UNIT_SRCS := $(wildcard tests/offline/test_*.c)
UNIT_BINS := $(UNIT_SRCS:.c=)
# the tests' shared fixtures: a changed one rebuilds every test (they are only included)
UNIT_HDRS := $(wildcard tests/offline/*.h)

all: reapbench

reapbench: $(CLIOBJS) libreapbench.a
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(RB_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

%.o: %.c $(HDRS) Makefile
	@echo "  CC      $@"
	@$(CC) $(CFLAGS) $(RB_CFLAGS) $(call layer_incs,$(patsubst %/,%,$(dir $<))) -c -o $@ $<

libreapbench.a: $(LIBOBJS)
	rm -f $@; $(AR) rcs $@ $^

tests/offline/test_%: tests/offline/test_%.c $(UNIT_HDRS) libreapbench.a
	$(call check_pkgs,$(TEST_PKGS))
	$(CC) $(CFLAGS) $(RB_CFLAGS) $(ALL_INCS) $(shell pkg-config --cflags cmocka) -o $@ $< libreapbench.a \
		$(LDLIBS) $(shell pkg-config --libs cmocka)

unit: $(UNIT_BINS)

# Push load test: 4 writers x 1000 synthetic runs into a throwaway PostgreSQL (not part of check).
pg-load:
	@scripts/install-deps.sh --if-missing --with-tests
	scripts/pg-load.sh 4 1000

# Kernel builds + smoke boots of every source spec in QEMU (minutes; not part of check).
check-kernels:
	@scripts/install-deps.sh --if-missing --with-tests --with-kernels
	$(MAKE) reapbench
	scripts/kernel-check.sh
	scripts/kernel-bisect-check.sh

# The suite's own benchmark helper (bench-self, crosscheck, tests/live/crosscheck.t).
SELFBENCH := bench/selfbench/reapbench-selfbench

$(SELFBENCH): $(wildcard bench/selfbench/*.c bench/selfbench/*.h) libreapbench.a
	$(CC) $(CFLAGS) $(RB_CFLAGS) $(ALL_INCS) -o $@ $(filter %.c,$^) libreapbench.a $(LDLIBS)

# Figures about reapbench itself (probe effect, harness overhead, decode rate, RSS).
bench-self: reapbench $(SELFBENCH)
	scripts/bench-self.sh $(BENCH_SELF_ARGS)

# hyperfine times whole victim lives; compared with reapbench's own figures.
crosscheck: reapbench $(SELFBENCH)
	scripts/crosscheck.sh $(or $(SIZE),64M) $(or $(RUNS),30)

# libFuzzer targets (Debian's clang): the scenario and kernel spec parsers, size
# and duration parsing, recorded event streams. FUZZ_SECONDS per target.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SAN     := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_OBJS    := $(patsubst %.c,build/fuzz/%.o,$(filter-out bench/cli/%,$(SRCS)))

build/fuzz/%.o: %.c $(HDRS) Makefile
	@mkdir -p $(dir $@)
	@echo "  CC/FUZZ $@"
	@$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer-no-link $(RB_CFLAGS) -Wno-unknown-warning-option \
		$(call layer_incs,$(patsubst %/,%,$(dir $<))) -c -o $@ $<

build/fuzz/libreapbench.a: $(FUZZ_OBJS)
	@rm -f $@; $(AR) rcs $@ $^

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_input.h build/fuzz/libreapbench.a
	@echo "  LD/FUZZ $@"
	@$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer $(RB_CFLAGS) -Wno-unknown-warning-option $(ALL_INCS) -o $@ $< \
		build/fuzz/libreapbench.a $(LDLIBS)

fuzz:
	@scripts/install-deps.sh --if-missing --with-fuzz
	$(MAKE) $(addprefix build/fuzz/fuzz_,$(FUZZ_TARGETS))
	scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# ASan + UBSan build of reapbench and the unit tests, then the offline and live
# tests against it; the normal build is rebuilt afterwards. The suppression
# names the one known leak inside libtracefs by function only.
ASAN_CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
check-asan:
	@scripts/install-deps.sh --if-missing --with-tests
	$(MAKE) clean
	$(MAKE) CFLAGS='$(ASAN_CFLAGS)' LDFLAGS='-fsanitize=address,undefined' reapbench unit $(SELFBENCH)
	ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/asan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		prove --timer tests/offline/ tests/live/; rc=$$?; $(MAKE) clean; exit $$rc

# Robustness: the quick set again and again with signals injected; prints the figures.
soak: reapbench
	scripts/soak.sh $(SOAK_ARGS)

# Quick scenario set on the live kernel into the default store, then a summary.
run: install-deps-if-missing
	$(MAKE) reapbench
	./reapbench run --scenario quick

install-deps-if-missing:
	@scripts/install-deps.sh --if-missing

install-deps:
	scripts/install-deps.sh

check:
	@scripts/install-deps.sh --if-missing --with-tests
	$(MAKE) reapbench unit $(SELFBENCH)
	prove --timer tests/offline/ tests/live/ tests/vm/

install: reapbench
	install -D -m 0755 reapbench $(DESTDIR)$(BINDIR)/reapbench
	install -D -m 0644 doc/reapbench.1 $(DESTDIR)$(MANDIR)/man1/reapbench.1
	@# DATADIR mirrors the source tree (bench/lib/datadir.h)
	install -d $(DESTDIR)$(DATADIR)/workloads/scenarios $(DESTDIR)$(DATADIR)/plots
	install -m 0644 workloads/scenarios/*.ini $(DESTDIR)$(DATADIR)/workloads/scenarios/
	cp -r plots/. $(DESTDIR)$(DATADIR)/plots/
	install -d $(DESTDIR)$(DATADIR)/scripts $(DESTDIR)$(DATADIR)/kernels
	install -m 0755 scripts/kernel-*.sh $(DESTDIR)$(DATADIR)/scripts/
	cp -r kernels/. $(DESTDIR)$(DATADIR)/kernels/
	install -D -m 0644 tests/vm/oomsmoke.c $(DESTDIR)$(DATADIR)/tests/vm/oomsmoke.c

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/reapbench $(DESTDIR)$(MANDIR)/man1/reapbench.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -f reapbench libreapbench.a $(OBJS) $(UNIT_BINS) $(SELFBENCH) bench/*.o
	rm -rf build

.PHONY: all run check unit install uninstall clean install-deps install-deps-if-missing \
	bench-self crosscheck check-kernels soak fuzz check-asan
