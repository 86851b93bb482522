# Entry points: `make run` and `make test` install what is missing, build, and go.
BUILD_DIR   ?= build
ASAN_DIR    ?= build-asan
TSAN_DIR    ?= build-tsan
JOBS        ?= $(shell nproc)
CTEST_FLAGS ?= --output-on-failure -j $(JOBS)
CONFIG      ?= resources/gateway.yaml

.PHONY: all deps build run test test-asan test-tsan format format-check bench clean

all: build

deps:
	scripts/install-deps.sh build

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The bundled demo config by default (the window would otherwise reopen the last config).
# Without a display the program says so and runs headless (DESIGN §4).
run: build
	$(BUILD_DIR)/app/gateway-console --config $(CONFIG)

test: build
	cd $(BUILD_DIR) && ctest $(CTEST_FLAGS)

test-asan: deps
	scripts/install-deps.sh asan
	cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug "-DGATEWAY_SANITIZE=address;undefined"
	cmake --build $(ASAN_DIR) -j $(JOBS)
	cd $(ASAN_DIR) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest $(CTEST_FLAGS)

test-tsan: deps
	cmake -S . -B $(TSAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGATEWAY_SANITIZE=thread
	cmake --build $(TSAN_DIR) -j $(JOBS)
	cd $(TSAN_DIR) && ctest $(CTEST_FLAGS)

format:
	scripts/check-format.sh --fix

format-check:
	scripts/check-format.sh

bench: build
	scripts/install-deps.sh bench
	bench/run.sh $(BUILD_DIR)/app/gateway-console

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(TSAN_DIR)
