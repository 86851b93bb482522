#pragma once

#include <QString>

// The project's source directory, for tests that read files of the repository (resources/,
// tests/data/): CTest passes it as GATEWAY_SOURCE_DIR; a test binary run by hand falls back to
// the directory it was configured from.
QString projectSourceDir();
