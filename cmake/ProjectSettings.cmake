# SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
# One INTERFACE target that every target of ours links: warnings and Qt defines in one place.
add_library(events_settings INTERFACE)
target_compile_options(events_settings INTERFACE -Wall -Wextra -Werror)
target_compile_definitions(events_settings INTERFACE
    QT_NO_KEYWORDS
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_USE_QSTRINGBUILDER
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT)

if(EVENTS_FUZZ)
    # Every object instrumented for coverage and checked by ASan+UBSan; the fuzz programs add
    # libFuzzer's main (fuzz/CMakeLists.txt).
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "EVENTS_FUZZ needs clang: -DCMAKE_CXX_COMPILER=clang++")
    endif()
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                        -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=address,undefined)
endif()
if(EVENTS_SANITIZE)
    # Applied globally so that every object, test and fixture shares one runtime.
    add_compile_options(-fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=address,undefined,float-cast-overflow)
endif()
