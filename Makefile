# Thin wrapper over CMake. `make run` and `make test` are the README's quick start.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build run demo test test-mpi web sanitize fuzz tidy golden bench format clean

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

# The MPI build (Open MPI, in $(BUILD)-mpi) and its test: a sweep across 2 and 3 ranks writes the
# same directory as one process. Builds only the strikesim program.
test-mpi: DEPS_FLAGS = --with-mpi
test-mpi: deps
	@cmake -S . -B $(BUILD)-mpi -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTRIKESIM_MPI=ON \
		-DSTRIKESIM_BUILD_TESTS=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD)-mpi -j $(JOBS) --target strikesim
	@cd $(BUILD)-mpi && ctest -R test_mpi_sweep --output-on-failure

# The WebAssembly build (Debian 12's emscripten, in $(BUILD)-web; tools/web/CMakeLists.txt) and its
# tests: the kernel and model suites under node, the same answer as the native build, and the
# one-file page $(BUILD)-web/strikesim.html in headless Chromium. NODE_PATH: emscripten's
# JavaScript needs Debian's acorn, which NodeSource's node does not look for. EM_CACHE stays
# Debian's frozen, prebuilt cache.
web: DEPS_FLAGS = --with-web --with-browser
web: build
	@NODE_PATH=/usr/share/nodejs emcmake cmake -S tools/web -B $(BUILD)-web -G Ninja \
		-DCMAKE_BUILD_TYPE=Release -DSTRIKESIM_NATIVE_EXE=$(CURDIR)/$(BUILD)/tools/strikesim \
		$(CMAKE_FLAGS) >/dev/null
	@NODE_PATH=/usr/share/nodejs cmake --build $(BUILD)-web -j $(JOBS)
	@cd $(BUILD)-web && ctest --output-on-failure -j $(JOBS)
	@echo "web: $(BUILD)-web/strikesim.html, $$(du -k $(BUILD)-web/strikesim.html | cut -f1) KiB"

# The whole suite built with AddressSanitizer and UndefinedBehaviorSanitizer (-fno-sanitize-recover),
# at -O1 with line tables: about 5 minutes to build and test on 2 cores.
sanitize: DEPS_FLAGS = --with-browser
sanitize: deps
	@cmake -S . -B $(BUILD)-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DSTRIKESIM_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD)-sanitize -j $(JOBS)
	@cd $(BUILD)-sanitize && ctest --output-on-failure -j $(JOBS) --timeout 1500

# libFuzzer (clang, AddressSanitizer and UndefinedBehaviorSanitizer) on the scenario reader (every
# file kind) and the sweep reader, FUZZ_SECONDS each, and the CSV import, CSV_FUZZ_SECONDS, from the
# seed corpus of tests/fuzz. A finding
# stops with the input saved in $(BUILD)-fuzz/artifacts: add it to tests/fuzz/regressions. Not
# -Werror: clang's warnings differ from g++'s, which the other builds enforce.
FUZZ_SECONDS ?= 60
CSV_FUZZ_SECONDS ?= 30
fuzz: DEPS_FLAGS = --with-clang
fuzz: deps
	@CC=clang CXX=clang++ cmake -S . -B $(BUILD)-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DSTRIKESIM_FUZZ=ON -DSTRIKESIM_BUILD_TESTS=OFF \
		$(filter-out -DSTRIKESIM_WERROR=ON,$(CMAKE_FLAGS)) >/dev/null
	@cmake --build $(BUILD)-fuzz -j $(JOBS) --target fuzz_reader fuzz_sweep fuzz_csv
	@mkdir -p $(BUILD)-fuzz/artifacts
	@for t in reader sweep csv; do \
		seconds=$(FUZZ_SECONDS); [ $$t = csv ] && seconds=$(CSV_FUZZ_SECONDS); \
		rm -rf $(BUILD)-fuzz/corpus-$$t && mkdir -p $(BUILD)-fuzz/corpus-$$t && \
		$(BUILD)-fuzz/tests/fuzz/fuzz_$$t -max_total_time=$$seconds -timeout=10 \
			-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=$(BUILD)-fuzz/artifacts/$$t- \
			$(BUILD)-fuzz/corpus-$$t $$(cat $(BUILD)-fuzz/fuzz-seeds.txt) 2>$(BUILD)-fuzz/fuzz-$$t.log \
		|| { tail -40 $(BUILD)-fuzz/fuzz-$$t.log; exit 1; }; \
		grep -E "^(Done|stat::number_of_executed_units)" $(BUILD)-fuzz/fuzz-$$t.log | tail -1 | \
			sed "s/^/fuzz_$$t: /"; \
	done

# clang-tidy (checks in .clang-tidy) over every source file of sim/, model/ and tools/; any finding
# fails. Uses the compile commands of the normal build.
tidy: DEPS_FLAGS = --with-clang
tidy: build
	@run-clang-tidy -p $(BUILD) -quiet -j $(JOBS) '$(CURDIR)/(sim|model|tools)/' > $(BUILD)/tidy.log 2>&1 \
		|| { grep -E "(warning|error):" $(BUILD)/tidy.log | sort -u | head -50; exit 1; }
	@echo "clang-tidy: clean ($$(grep -c '^clang-tidy' $(BUILD)/tidy.log) files)"

# Rewrite the golden files of the shipped scenarios after an intended change (review the diff).
golden: build
	@bash tests/golden/check.sh $(BUILD)/tools/strikesim $(CURDIR) --update

bench: build
	@$(BUILD)/tools/strikesim-bench

format:
	@clang-format -i $$(git ls-files '*.hpp' '*.cpp')

clean:
	@rm -rf $(BUILD)
