# The two set-up commands of the README: `make demo` and `make test`.
# Both install what is missing (Debian packages), configure and build first.
BUILD_DIR ?= build
JOBS ?= 2
CMAKE_FLAGS ?=
MAKEFLAGS += --no-print-directory

.PHONY: all deps configure build runtime demo test clean

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

clean:
	@rm -rf $(BUILD_DIR) demo
