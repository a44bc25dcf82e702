# SPDX-License-Identifier: GPL-2.0-or-later
#
# Convenience entry points around ./configure, ninja and the test runner.
# The build itself is meson's; see docs/devel/build.md.
#
#   make              configure build/ if needed, then build
#   make check        install build deps, build, run every suite except
#                     "slow"; last line: "N passed, N failed, N skipped"
#   make check-slow   fuzz-smoke, then every suite including "slow"
#   make run          the demo (scripts/run-demo)
#   make bench        benchmarks against Debian's QEMU (bench/README.md)
#   make fuzz-smoke   libFuzzer harnesses, FUZZ_SECONDS each (clang)
#   make ci-matrix    the CI build matrix, locally (scripts/ci-matrix)
#   make install      meson install (honours DESTDIR)
#   make clean        remove built objects; distclean removes build dirs
#
# Variables: BUILD (build), JOBS (nproc), CONFIGURE_FLAGS (passed to
# ./configure when BUILD is first configured), CHECK_FLAGS (passed to
# scripts/run-tests), FUZZ_BUILD (build-fuzz), FUZZ_SECONDS (20).

BUILD ?= build
FUZZ_BUILD ?= build-fuzz
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CONFIGURE_FLAGS ?=
CHECK_FLAGS ?=
FUZZ_SECONDS ?= 20

.PHONY: all build check check-slow run bench fuzz-smoke ci-matrix \
        install clean distclean deps deps-refs help

all: build

help:
	@sed -n '/^#   make/,/^#$$/s/^# \{0,1\}//p' Makefile

deps:
	@scripts/setup-deps

deps-refs:
	@scripts/setup-deps --with-refs || \
	    echo "make: reference emulators missing; only ours is measured"

# Order-only: with make -j the packages are in place before configuring.
$(BUILD)/build.ninja: | deps
	./configure --builddir=$(BUILD) $(CONFIGURE_FLAGS)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD) -j$(JOBS)

check: deps $(BUILD)/build.ninja
	@scripts/run-tests $(BUILD) --jobs $(JOBS) $(CHECK_FLAGS)

check-slow: deps $(BUILD)/build.ninja
	@-$(MAKE) --no-print-directory fuzz-smoke
	@scripts/run-tests $(BUILD) --jobs $(JOBS) $(CHECK_FLAGS) --slow \
	    --add-totals $(FUZZ_BUILD)/fuzz-smoke.totals

fuzz-smoke: deps
	@scripts/fuzz-smoke --builddir $(FUZZ_BUILD) \
	    --seconds $(FUZZ_SECONDS) --jobs $(JOBS)

run: build
	@scripts/run-demo $(BUILD)

bench: build deps-refs
	@python3 bench/run.py --builddir $(BUILD)

ci-matrix: deps
	@scripts/ci-matrix --jobs $(JOBS)

install: build
	meson install -C $(BUILD)

clean:
	@for d in $(BUILD) $(FUZZ_BUILD) build-asan; do \
	    if [ -f $$d/build.ninja ]; then ninja -C $$d clean; fi; \
	done

distclean:
	rm -rf $(BUILD) $(FUZZ_BUILD) build-asan build-ci
