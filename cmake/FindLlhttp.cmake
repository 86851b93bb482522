# FindLlhttp: builds the llhttp C sources shipped by Debian's node-llhttp package as a
# static library. Debian ships no prebuilt libllhttp, only the generated C sources.
#
# Strict mode is compiled in (LLHTTP_STRICT_MODE=1): the default build takes the lenient
# path and accepts request-smuggling shapes such as CVE-2023-30589 (see docs/ARCHITECTURE.md).
#
# Provides the imported target Llhttp::llhttp and Llhttp_FOUND.

find_path(Llhttp_INCLUDE_DIR llhttp.h
    PATHS /usr/share/include/llhttp /usr/include/llhttp /usr/include)
find_path(Llhttp_SOURCE_DIR llhttp.c api.c http.c
    PATHS /usr/share/llhttp /usr/src/llhttp)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Llhttp REQUIRED_VARS Llhttp_INCLUDE_DIR Llhttp_SOURCE_DIR)

if(Llhttp_FOUND AND NOT TARGET Llhttp::llhttp)
    add_library(llhttp_static STATIC
        ${Llhttp_SOURCE_DIR}/llhttp.c
        ${Llhttp_SOURCE_DIR}/api.c
        ${Llhttp_SOURCE_DIR}/http.c)
    target_include_directories(llhttp_static SYSTEM PUBLIC ${Llhttp_INCLUDE_DIR})
    target_compile_definitions(llhttp_static PUBLIC LLHTTP_STRICT_MODE=1)
    set_target_properties(llhttp_static PROPERTIES
        C_STANDARD 99
        POSITION_INDEPENDENT_CODE ON)
    # Generated code: its warnings are not ours to fix.
    target_compile_options(llhttp_static PRIVATE -w)
    add_library(Llhttp::llhttp ALIAS llhttp_static)
endif()
mark_as_advanced(Llhttp_INCLUDE_DIR Llhttp_SOURCE_DIR)
