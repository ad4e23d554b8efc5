# SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
# CPack: two Debian packages, glustereventsd (daemon, CLI, service files) and
# gluster-events-admin (the GUI). Their dependencies come from dpkg-shlibdeps, so they are the
# Debian Qt packages the binaries link, plus the plugins Qt loads at run time.
# Build them from a tree configured for the system layout:
#   cmake -S . -B build -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_INSTALL_SYSCONFDIR=/etc
#   cmake --build build && (cd build && cpack -G DEB)
if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr" OR NOT CMAKE_INSTALL_FULL_SYSCONFDIR STREQUAL "/etc")
    message(STATUS "cpack: packages need -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_INSTALL_SYSCONFDIR=/etc")
    if(EVENTS_TEST_PACKAGES)
        message(FATAL_ERROR "EVENTS_TEST_PACKAGES needs -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_INSTALL_SYSCONFDIR=/etc")
    endif()
endif()
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME gluster-events)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Gluster Events maintainers <gluster-events@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Gluster Events APIs: cluster events to webhooks")
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_COMPONENTS_ALL daemon gui)
set(CPACK_STRIP_FILES ON)
# The install scripts compute paths from CMAKE_INSTALL_PREFIX (the unit's ExecStart): keep it
# /usr and stage with DESTDIR.
set(CPACK_SET_DESTDIR ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://docs.gluster.org/en/main/Administrator-Guide/Events-APIs/")

set(CPACK_DEBIAN_DAEMON_PACKAGE_NAME glustereventsd)
set(CPACK_DEBIAN_DAEMON_DESCRIPTION "Gluster Events APIs: the glustereventsd daemon and the gluster-eventsapi CLI
 Receives the events gluster processes send over UDP and delivers each one as JSON to the
 webhooks registered with gluster-eventsapi, keeping them until the receiver takes them.
 Settings are kept the same on every node of the cluster. Replaces the Python daemon of
 glusterfs-server, whose files are diverted while this package is installed.")
# The SQLite driver is a Qt plugin, loaded at run time: dpkg-shlibdeps cannot see it.
set(CPACK_DEBIAN_DAEMON_PACKAGE_DEPENDS "libqt6sql6-sqlite")
set(CPACK_DEBIAN_DAEMON_PACKAGE_RECOMMENDS "logrotate")
set(CPACK_DEBIAN_DAEMON_PACKAGE_SECTION admin)

set(CPACK_DEBIAN_GUI_PACKAGE_NAME gluster-events-admin)
set(CPACK_DEBIAN_GUI_DESCRIPTION "Gluster Events APIs: desktop admin tool
 Manages the webhooks and the events config of a gluster cluster through its glustereventsd
 daemons, and shows their deliveries.")
# The platform plugins (xcb, wayland) are loaded at run time too.
set(CPACK_DEBIAN_GUI_PACKAGE_DEPENDS "qt6-qpa-plugins")
set(CPACK_DEBIAN_GUI_PACKAGE_SECTION admin)

# Maintainer scripts of the daemon package (resources/debian), with the diverted paths filled in.
file(STRINGS ${PROJECT_SOURCE_DIR}/resources/debian/diversions EVENTS_DIVERTED REGEX "^/")
list(JOIN EVENTS_DIVERTED " " EVENTS_DIVERTED)
foreach(script preinst postinst prerm postrm)
    configure_file(${PROJECT_SOURCE_DIR}/resources/debian/${script}
                   ${PROJECT_BINARY_DIR}/debian/${script} @ONLY FILE_PERMISSIONS OWNER_READ OWNER_WRITE
                   OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endforeach()
configure_file(${PROJECT_SOURCE_DIR}/resources/debian/conffiles ${PROJECT_BINARY_DIR}/debian/conffiles COPYONLY)
set(CPACK_DEBIAN_DAEMON_PACKAGE_CONTROL_EXTRA
    ${PROJECT_BINARY_DIR}/debian/conffiles ${PROJECT_BINARY_DIR}/debian/preinst
    ${PROJECT_BINARY_DIR}/debian/postinst ${PROJECT_BINARY_DIR}/debian/prerm
    ${PROJECT_BINARY_DIR}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
