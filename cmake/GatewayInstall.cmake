# Installation and the Debian package: `cmake --install` / `make install`, `make package`.
# Included from the top-level CMakeLists.txt after the targets exist. README "Install" lists
# what goes where; tests/install checks an installed tree.
include(GNUInstallDirs)

# The reverse-DNS id shared by the desktop file, the AppStream metainfo and the icon. The
# project has no domain of its own yet; org.example marks the id as a placeholder to replace
# (here only: every installed name follows this variable) before publishing the package.
set(GATEWAY_APP_ID "org.example.GatewayConsole")
# The date of this PROJECT_VERSION's release, for the metainfo's <release>: update it with
# VERSION in the top-level project().
set(GATEWAY_RELEASE_DATE "2026-12-06")

# The programs. gatewayd, the Widgets-free headless program, is installed once app/ defines it.
install(TARGETS gateway-console RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET gatewayd)
    install(TARGETS gatewayd RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

# The desktop entry and the AppStream metainfo, named after the id.
set(gateway_desktop_dir ${PROJECT_SOURCE_DIR}/resources/desktop)
configure_file(${gateway_desktop_dir}/gateway-console.desktop.in
    ${PROJECT_BINARY_DIR}/desktop/${GATEWAY_APP_ID}.desktop @ONLY)
configure_file(${gateway_desktop_dir}/gateway-console.metainfo.xml.in
    ${PROJECT_BINARY_DIR}/desktop/${GATEWAY_APP_ID}.metainfo.xml @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/desktop/${GATEWAY_APP_ID}.desktop
    DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_BINARY_DIR}/desktop/${GATEWAY_APP_ID}.metainfo.xml
    DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)

# The icon in the hicolor theme: the SVG and the PNGs rendered from it
# (scripts/render-app-icons.sh).
set(gateway_icon_dir ${PROJECT_SOURCE_DIR}/resources/icons/app)
install(FILES ${gateway_icon_dir}/gateway-console.svg
    DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
    RENAME ${GATEWAY_APP_ID}.svg)
foreach(size 16 24 32 48 64 128 256)
    install(FILES ${gateway_icon_dir}/gateway-console-${size}.png
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps
        RENAME ${GATEWAY_APP_ID}.png)
endforeach()

# The man page (hand-written roff; its OPTIONS follow app/commandline.cpp); gatewayd's page is
# the same one (a roff .so include, as Debian does for programs documented together).
install(FILES ${PROJECT_SOURCE_DIR}/resources/man/gateway-console.1
    DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
if(TARGET gatewayd)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/man/gatewayd.1
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

# The bundled demo config and the teaching scenarios. The program reads its own copies, compiled
# in as Qt resources (:/gateway.yaml, :/scenarios/); these are examples to copy and edit.
install(FILES ${PROJECT_SOURCE_DIR}/resources/gateway.yaml
    DESTINATION ${CMAKE_INSTALL_DATADIR}/gateway-console)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/scenarios/
    DESTINATION ${CMAKE_INSTALL_DATADIR}/gateway-console/scenarios
    FILES_MATCHING PATTERN "*.yaml" PATTERN "*.md")
install(FILES ${PROJECT_SOURCE_DIR}/README.md
    DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/gateway-console)

# `make package`: one .deb. Depends come from dpkg-shlibdeps (package dpkg-dev), which reads
# the libraries the binaries link (Qt 6, yaml-cpp, libstdc++) and names the Debian packages
# and minimum versions that provide them, so the list cannot go stale when a library changes.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME gateway-console)
set(CPACK_PACKAGE_VENDOR "Gateway Console maintainers")
# The repository's commit identity by default; a release sets its own
# (-DGATEWAY_PACKAGE_MAINTAINER="Name <mail>").
set(GATEWAY_PACKAGE_MAINTAINER
    "Gateway Console maintainers <maintainers@users.noreply.r-seed-eb6942cc.example>"
    CACHE STRING "The .deb's Maintainer field")
set(CPACK_PACKAGE_CONTACT "${GATEWAY_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "desktop API gateway for developing microservices")
# Debian wants the long description wrapped below 80 columns.
set(CPACK_PACKAGE_DESCRIPTION
    "Gateway Console is an HTTP/1.1 reverse proxy with a Qt desktop window.
It reads a YAML file of routes, listens on 127.0.0.1:8080 and forwards each
request to one of a route's backend instances, chosen by a load-balancing
strategy. The window shows the routes and their instances, switches instances
on and off, and shows a live log of which instance served each request and
why. The same gateway runs headless with an access log on stdout and a JSON
admin API.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
include(CPack)
