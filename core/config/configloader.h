#pragma once

#include "config/gatewayconfig.h"

#include <QList>
#include <QString>
#include <optional>

// A positioned problem in a config file. line and column are 1-based (0 = unknown).
struct ConfigError {
    QString file;
    int line = 0;
    int column = 0;
    QString message; // says what was found and what was expected

    QString toString() const; // "file:line:column: message"
};

// Errors are values (docs/CONVENTIONS.md#errors-are-values): every problem in the file is
// collected, and config is set only when errors is empty.
struct ConfigLoadResult {
    std::optional<GatewayConfig> config;
    QList<ConfigError> errors;

    bool ok() const { return config.has_value() && errors.isEmpty(); }
};

// Reads and validates a YAML file (README, "Config"). Never throws.
ConfigLoadResult loadConfigFile(const QString &path);

// Same, from text already in memory; fileName is used in error positions and as sourceFile.
ConfigLoadResult loadConfigText(const QByteArray &yaml, const QString &fileName);
