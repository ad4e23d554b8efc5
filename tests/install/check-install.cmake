# SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
# Installs the build into a fresh staging dir (as a package build would, with DESTDIR) and
# checks that every file the project promises to install is there.
# Usage: cmake -DBUILD_DIR=... -DSTAGE_DIR=... -P check-install.cmake
file(REMOVE_RECURSE "${STAGE_DIR}")
set(ENV{DESTDIR} "${STAGE_DIR}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix /usr
                RESULT_VARIABLE result OUTPUT_QUIET)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "cmake --install failed: ${result}")
endif()
set(expected
    usr/sbin/glustereventsd
    usr/sbin/gluster-eventsapi
    usr/sbin/gluster-eventing
    usr/bin/gluster-events-admin
    usr/share/applications/gluster-events-admin.desktop
    usr/share/icons/hicolor/256x256/apps/gluster-events-admin.png
    usr/share/icons/hicolor/64x64/apps/gluster-events-admin.png
    usr/lib/systemd/system/glustereventsd.service
    usr/lib/sysctl.d/60-glustereventsd.conf
    usr/share/man/man8/glustereventsd.8.gz
    usr/share/man/man8/gluster-eventsapi.8.gz
    usr/share/glustereventsd/eventsconfig.json
    usr/share/doc/glustereventsd/copyright
    usr/share/doc/gluster-events-admin/copyright
    usr/share/bash-completion/completions/gluster-eventsapi
    usr/share/bash-completion/completions/gluster-eventing)
foreach(path IN LISTS expected)
    if(NOT EXISTS "${STAGE_DIR}/${path}")
        message(FATAL_ERROR "not installed: ${path}")
    endif()
endforeach()
# Config files go under the configured sysconfdir, which depends on the prefix chosen at
# configure time (/etc for /usr, PREFIX/etc otherwise).
foreach(name glusterfs/eventsconfig.json logrotate.d/glustereventsd init.d/glustereventsd)
    if(NOT EXISTS "${STAGE_DIR}/etc/${name}" AND NOT EXISTS "${STAGE_DIR}/usr/etc/${name}")
        message(FATAL_ERROR "not installed: etc/${name}")
    endif()
endforeach()
# An existing eventsconfig.json (Gluster's, or the admin's) is never overwritten.
file(GLOB installed_config "${STAGE_DIR}/etc/glusterfs/eventsconfig.json"
     "${STAGE_DIR}/usr/etc/glusterfs/eventsconfig.json")
file(WRITE "${installed_config}" "{\"port\": 55555, \"log-level\": \"DEBUG\"}\n")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix /usr
                RESULT_VARIABLE result OUTPUT_QUIET)
file(READ "${installed_config}" kept)
if(NOT result EQUAL 0 OR NOT kept MATCHES "DEBUG")
    message(FATAL_ERROR "a second cmake --install overwrote ${installed_config}")
endif()
# The unit starts the installed daemon.
file(READ "${STAGE_DIR}/usr/lib/systemd/system/glustereventsd.service" unit)
if(NOT unit MATCHES "ExecStart=/usr/sbin/glustereventsd\n")
    message(FATAL_ERROR "the unit does not start /usr/sbin/glustereventsd")
endif()
message(STATUS "installed as expected under ${STAGE_DIR}")
