# Runs lupdate over the window's sources into a copy of a committed .ts, as the
# update_translations target does in place, and fails if the copy changes: a string added to
# the sources (lupdate adds it unfinished) or removed from them (-no-obsolete drops it) that the
# commit did not carry into the .ts (docs/CONVENTIONS.md, "Every visible string ships
# translated"). Called by CTest with -DLUPDATE -DTS_FILE -DWORK_FILE -DSOURCES -DINCLUDES -DOPTIONS.
file(COPY_FILE "${TS_FILE}" "${WORK_FILE}")
set(include_arguments)
foreach(directory IN LISTS INCLUDES)
    list(APPEND include_arguments "-I${directory}")
endforeach()
execute_process(
    COMMAND "${LUPDATE}" -silent ${OPTIONS} ${include_arguments} ${SOURCES} -ts "${WORK_FILE}"
    RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "lupdate failed (${result})")
endif()
file(READ "${TS_FILE}" committed)
file(READ "${WORK_FILE}" updated)
if(NOT committed STREQUAL updated)
    execute_process(COMMAND diff -u "${TS_FILE}" "${WORK_FILE}")
    message(FATAL_ERROR "${TS_FILE} is out of date with the sources: run "
        "'ninja -C build update_translations', translate what it marks unfinished, commit it")
endif()
string(FIND "${committed}" "type=\"unfinished\"" unfinished)
if(NOT unfinished EQUAL -1)
    message(FATAL_ERROR "${TS_FILE} has unfinished translations")
endif()
