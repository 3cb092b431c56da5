# The two set-up commands of the README: `make demo` and `make test`.
# Both install what is missing (Debian packages), configure and build first.
BUILD_DIR ?= build
JOBS ?= 2
CMAKE_FLAGS ?=
MAKEFLAGS += --no-print-directory

FUZZ_SECONDS ?= 60
STRESS_KILLS ?= 300

.PHONY: all deps configure build runtime demo test sanitize fuzz stress slow clean

all: build

deps:
	@./scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j$(JOBS)

runtime: configure
	@cmake --build $(BUILD_DIR) -j$(JOBS) --target accord_runtime

demo: runtime
	@./scripts/demo.sh $(BUILD_DIR)/bin/accord demo

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS)

# The slower suites of .ci/run, after make test.
# The whole test suite built with AddressSanitizer and UndefinedBehaviorSanitizer.
sanitize: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DACCORD_SANITIZE=ON -DACCORD_WERROR=OFF >/dev/null
	@cmake --build build-asan -j$(JOBS)
	@cd build-asan && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j$(JOBS)

# The libFuzzer targets (clang), each run for FUZZ_SECONDS from the seed corpus.
fuzz: deps
	@cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DACCORD_FUZZ=ON \
	  -DACCORD_WERROR=OFF >/dev/null
	@cmake --build build-fuzz -j$(JOBS) --target fuzz_validate fuzz_merge
	@./scripts/fuzz.sh build-fuzz $(FUZZ_SECONDS)

# The crash and concurrency tests with STRESS_KILLS kills in each loop.
stress: build
	@cd $(BUILD_DIR) && ACCORD_STRESS_KILLS=$(STRESS_KILLS) ctest --output-on-failure -L stress

slow: sanitize fuzz stress

clean:
	@rm -rf $(BUILD_DIR) build-asan build-fuzz demo demo-hub.git demo-rrs demo-keys
