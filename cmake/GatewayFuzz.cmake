# GATEWAY_FUZZ=ON: the libFuzzer targets of tests/fuzz (make fuzz, docs/RELIABILITY.md).
#
# Included before core/ is added, so that every core library built in this tree gets coverage
# instrumentation (-fsanitize=fuzzer-no-link) plus ASan and UBSan; only the fuzz targets link
# libFuzzer's main (-fsanitize=fuzzer). Needs clang (Debian: clang-14 + libclang-rt-14-dev).
# Qt and yaml-cpp stay Debian's gcc-built, uninstrumented libraries.
option(GATEWAY_FUZZ "Build the libFuzzer targets in tests/fuzz (clang only)" OFF)

if(GATEWAY_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "GATEWAY_FUZZ needs clang (e.g. -DCMAKE_CXX_COMPILER=clang++-14)")
    endif()
    if(GATEWAY_SANITIZE)
        message(FATAL_ERROR "GATEWAY_FUZZ brings its own sanitizers; leave GATEWAY_SANITIZE empty")
    endif()
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
        -fno-sanitize-recover=all)
    add_link_options(-fsanitize=address,undefined)
    add_subdirectory(${CMAKE_CURRENT_LIST_DIR}/../tests/fuzz ${CMAKE_BINARY_DIR}/tests/fuzz)
endif()
