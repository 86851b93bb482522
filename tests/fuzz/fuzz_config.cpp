// Fuzz target: the config loader (docs/RELIABILITY.md, "Fuzzing").
//
// Arbitrary bytes as a YAML config through loadConfigText(), the entry point loadConfigFile()
// and the reload path share. Properties: it returns (no crash, no exception, no hang: make fuzz
// runs it with a timeout), the result is either a config or errors, and every error says
// where: a line and a column, and a message.
#include "config/configloader.h"
#include "fuzzcheck.h"

#include <QByteArray>
#include <cstdint>

namespace {

constexpr qsizetype truncationNoteIndex = 100;

QByteArray describe(const ConfigLoadResult &result) {
    QByteArray text = result.config ? "config loaded\n" : "no config\n";
    for (const ConfigError &error : result.errors)
        text += error.toString().toUtf8() + '\n';
    return text;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray yaml(reinterpret_cast<const char *>(data), qsizetype(size));
    const ConfigLoadResult result = loadConfigText(yaml, QStringLiteral("fuzz.yaml"));
    if (result.config.has_value() == !result.errors.isEmpty())
        propertyViolated("either a config or errors", describe(result));
    for (qsizetype i = 0; i < result.errors.size(); ++i) {
        const ConfigError &error = result.errors[i];
        // Past 100 errors the loader ends the list with one note about the whole file ("too
        // many errors: stopped after the first 100", yamlfieldreader.cpp): it has no place.
        if (i == truncationNoteIndex)
            continue;
        if (error.line <= 0 || error.column <= 0 || error.message.isEmpty())
            propertyViolated("every error has a line, a column and a message", describe(result));
    }
    return 0;
}
