# Thin wrapper over CMake. `make run` and `make test` are the README's quick start.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build run demo test sanitize golden bench format clean

all: build

# The tests also need a browser (the HTML report is checked in headless Chromium).
test: DEPS_FLAGS = --with-browser

deps:
	@tools/install-deps.sh $(DEPS_FLAGS)

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# The default job: Kingston Hospital on 12 January 2016 (24 hours, emergency care only).
DEFAULT_SCENARIO ?= scenarios/runs/kingston/2016-01-12.toml

run: build
	@$(BUILD)/tools/strikesim run $(DEFAULT_SCENARIO)

demo: build
	@$(BUILD)/tools/strikesim-demo

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The whole suite built with AddressSanitizer and UndefinedBehaviorSanitizer (-fno-sanitize-recover):
# about 7 minutes to build and 6 to test on 2 cores.
sanitize: DEPS_FLAGS = --with-browser
sanitize: deps
	@cmake -S . -B $(BUILD)-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DSTRIKESIM_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD)-sanitize -j $(JOBS)
	@cd $(BUILD)-sanitize && ctest --output-on-failure -j $(JOBS) --timeout 1500

# Rewrite the golden files of the shipped scenarios after an intended change (review the diff).
golden: build
	@bash tests/golden/check.sh $(BUILD)/tools/strikesim $(CURDIR) --update

bench: build
	@$(BUILD)/tools/strikesim-bench

format:
	@clang-format -i $$(git ls-files '*.hpp' '*.cpp')

clean:
	@rm -rf $(BUILD)
