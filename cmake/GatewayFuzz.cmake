# GATEWAY_FUZZ=ON: the libFuzzer targets of tests/fuzz (make fuzz, docs/RELIABILITY.md).
#
# Included before core/ is added, so that every core library built in this tree gets coverage
# instrumentation (-fsanitize=fuzzer-no-link) plus ASan and UBSan (GATEWAY_FUZZ_SANITIZERS); only the fuzz targets link
# libFuzzer's main (-fsanitize=fuzzer). Needs clang (Debian: clang-14 + libclang-rt-14-dev).
# Qt and yaml-cpp stay Debian's gcc-built, uninstrumented libraries.
option(GATEWAY_FUZZ "Build the libFuzzer targets in tests/fuzz (clang only)" OFF)
# ASan costs the config target about two thirds of its speed; a long run may trade it for more
# executions with "undefined" alone (docs/RELIABILITY.md says which run used what).
set(GATEWAY_FUZZ_SANITIZERS "address;undefined" CACHE STRING
    "Sanitizers of the fuzz build: address;undefined (make fuzz, CI) or undefined")

if(GATEWAY_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "GATEWAY_FUZZ needs clang (e.g. -DCMAKE_CXX_COMPILER=clang++-14)")
    endif()
    if(GATEWAY_SANITIZE)
        message(FATAL_ERROR "GATEWAY_FUZZ brings its own sanitizers; leave GATEWAY_SANITIZE empty")
    endif()
    list(JOIN GATEWAY_FUZZ_SANITIZERS "," fuzz_sanitizers)
    add_compile_options(-fsanitize=fuzzer-no-link,${fuzz_sanitizers} -fno-omit-frame-pointer
        -fno-sanitize-recover=all)
    add_link_options(-fsanitize=${fuzz_sanitizers})
    add_subdirectory(${CMAKE_CURRENT_LIST_DIR}/../tests/doubles ${CMAKE_BINARY_DIR}/tests/doubles)
    add_subdirectory(${CMAKE_CURRENT_LIST_DIR}/../tests/fuzz ${CMAKE_BINARY_DIR}/tests/fuzz)
endif()
