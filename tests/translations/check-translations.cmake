# SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
# Runs lupdate over the GUI's sources on a copy of a .ts file and fails, naming the first
# offender, if a source text is untranslated or a translation no longer matches any source.
# Arguments: LUPDATE, TS_FILE, SOURCES (separated by |), WORK_DIR.
string(REPLACE "|" ";" sources "${SOURCES}")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
get_filename_component(name "${TS_FILE}" NAME)
set(copy "${WORK_DIR}/${name}")
configure_file("${TS_FILE}" "${copy}" COPYONLY)
execute_process(COMMAND "${LUPDATE}" -locations none ${sources} -ts "${copy}"
                RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "lupdate failed (${status}): ${output}")
endif()
if(NOT output MATCHES "Found ([1-9][0-9]*) source text")
    message(FATAL_ERROR "lupdate found no source text in the GUI's sources: ${output}")
endif()
file(READ "${copy}" text)
foreach(kind unfinished vanished obsolete)
    string(FIND "${text}" "type=\"${kind}\"" at)
    if(NOT at EQUAL -1)
        string(SUBSTRING "${text}" 0 ${at} before)
        string(FIND "${before}" "<source>" sourceAt REVERSE)
        string(SUBSTRING "${text}" ${sourceAt} 160 excerpt)
        message(FATAL_ERROR "${name}: a translation is ${kind} (lupdate, then translate it or "
                            "drop it): ${excerpt}")
    endif()
endforeach()
message(STATUS "${name}: ${CMAKE_MATCH_1} source texts, all translated")
