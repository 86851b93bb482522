# Entry points: `make run` and `make test` install what is missing, build, and go.
BUILD_DIR   ?= build
ASAN_DIR    ?= build-asan
TSAN_DIR    ?= build-tsan
FUZZ_DIR    ?= build-fuzz
FUZZ_SECONDS ?= 60
JOBS        ?= $(shell nproc)
CTEST_FLAGS ?= --output-on-failure -j $(JOBS)
CONFIG      ?= resources/gateway.yaml
PREFIX      ?= /usr/local

VERSION     := $(shell sed -n 's/^project.GatewayConsole VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
DIST_NAME   := gateway-console-$(VERSION)

.PHONY: all deps build run test test-asan test-tsan fuzz format format-check bench bench-cost bench-ui \
	bench-accesslog install package dist clean

all: build

deps:
	bash scripts/install-deps.sh build

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The bundled demo config by default (the window would otherwise reopen the last config).
# Without a display the program says so and runs headless (README, "Command line").
run: build
	$(BUILD_DIR)/app/gateway-console --config $(CONFIG)

test: build
	cd $(BUILD_DIR) && ctest $(CTEST_FLAGS)

test-asan: deps
	bash scripts/install-deps.sh asan
	cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug "-DGATEWAY_SANITIZE=address;undefined"
	cmake --build $(ASAN_DIR) -j $(JOBS)
	cd $(ASAN_DIR) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest $(CTEST_FLAGS)

# Only what crosses threads: the controller/worker tests and load with toggling and reloads.
TSAN_TESTS  ?= tst_gatewaycontroller tst_gatewaycontrol
test-tsan: deps
	cmake -S . -B $(TSAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGATEWAY_SANITIZE=thread
	cmake --build $(TSAN_DIR) -j $(JOBS) --target $(TSAN_TESTS)
	cd $(TSAN_DIR) && TSAN_OPTIONS="halt_on_error=1 suppressions=$(CURDIR)/tests/tsan.supp" ctest $(CTEST_FLAGS) \
		-R "^($(shell echo $(TSAN_TESTS) | tr ' ' '|'))$$"

# libFuzzer targets (tests/fuzz, docs/RELIABILITY.md): clang with ASan+UBSan, FUZZ_SECONDS
# per target from the seed corpus. A finding fails with its input saved and a repro command.
fuzz: deps
	bash scripts/install-deps.sh fuzz
	cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGATEWAY_FUZZ=ON \
		-DBUILD_TESTING=OFF -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target fuzzers
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run-fuzzers.sh $(FUZZ_DIR)

format:
	scripts/check-format.sh --fix

format-check:
	scripts/check-format.sh

bench: build
	bash scripts/install-deps.sh bench
	bench/run.sh $(BUILD_DIR)/app/gateway-console

# Instructions and heap allocations per proxied request under valgrind: counts, not times, so
# they can be compared before/after a change on a busy machine (docs/BENCHMARKS.md).
bench-cost: build
	bench/per-request-cost.sh $(BUILD_DIR)/app/gateway-console

# The window's event-loop latency under load (docs/BENCHMARKS.md).
bench-ui: build
	bench/ui-latency.sh $(BUILD_DIR)/bench/ui-latency/gateway-ui-latency

# Instructions and allocations per access-log record, counted by valgrind (docs/BENCHMARKS.md).
bench-accesslog: build
	bash scripts/install-deps.sh bench
	bench/accesslog-format.sh $(BUILD_DIR)/bench/accesslog-format/gateway-accesslog-format

# cmake/GatewayInstall.cmake: the programs, desktop file, metainfo, icons, man page and the
# example configs under $(PREFIX); DESTDIR stages the tree elsewhere (make install DESTDIR=/tmp/x).
install: build
	DESTDIR=$(DESTDIR) cmake --install $(BUILD_DIR) --prefix $(PREFIX)

# A .deb for Debian 12 in $(BUILD_DIR) (CPack; Depends from dpkg-shlibdeps).
package: build
	bash scripts/install-deps.sh package
	cd $(BUILD_DIR) && cpack -G DEB

# The release tarball: the committed files of HEAD under gateway-console-VERSION/.
dist:
	@git diff --quiet HEAD -- || echo "dist: uncommitted changes are not in the tarball (it is HEAD)" >&2
	mkdir -p $(BUILD_DIR)
	git archive --format=tar.gz --prefix=$(DIST_NAME)/ -o $(BUILD_DIR)/$(DIST_NAME).tar.gz HEAD
	@echo "$(BUILD_DIR)/$(DIST_NAME).tar.gz"

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(TSAN_DIR) $(FUZZ_DIR)
