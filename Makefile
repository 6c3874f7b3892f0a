# Thin wrapper over CMake. `make run` and `make test` are the README's quick start.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build run demo test bench format clean

all: build

deps:
	@tools/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# The default job. Until the shipped trust scenarios land, the worked-example trust of
# WORKED-EXAMPLE.md (with an assumed ED) under a 24-hour emergency-care-only action.
DEFAULT_SCENARIO ?= tests/model/data/example-general/scenario-emergency-only.toml

run: build
	@$(BUILD)/tools/strikesim run $(DEFAULT_SCENARIO) --reps 200

demo: build
	@$(BUILD)/tools/strikesim-demo

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@$(BUILD)/tools/strikesim-bench

format:
	@clang-format -i $$(git ls-files '*.hpp' '*.cpp')

clean:
	@rm -rf $(BUILD)
