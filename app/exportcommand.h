#pragma once

#include "commandline.h"

// --export ENGINE: loads the config (the overrides applied, as a run would), writes it as
// ENGINE's config to -o FILE or stdout, and returns the exit code: 0, or 1 with the config's
// errors (file:line:column, as --check-config prints them) or the file that cannot be written.
int runExport(const CommandLine &commandLine);
