#include "fuzzcheck.h"

#include <cstdio>
#include <cstdlib>

void propertyViolated(const char *property, const QByteArray &details) {
    std::fprintf(stderr, "\n==== property violated: %s\n%s\n", property, details.constData());
    std::fflush(stderr);
    std::abort();
}
