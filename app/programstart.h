#pragma once

#include "commandline.h"

#include <optional>

// What both programs (gateway-console, gatewayd) do before they create an application object:
// name the application, parse the command line, and carry out what needs no event loop.
struct ProgramStart {
    // Set when the program is done: the exit code (2 for a bad command line, 0 after --help or
    // --version, 0 or 1 after --check-config).
    std::optional<int> exitCode;
    CommandLine commandLine; // valid when exitCode is empty
};

ProgramStart startProgram(int argc, char *argv[], Program program);
