#pragma once

#include <QByteArray>
#include <QString>

// The HAR 1.2 schema's verdict on a file (tests/support/validate-har.js: Debian's
// node-har-validator, as tst_harexport uses it): empty when valid, else what the validator
// printed, or why it could not run.
QByteArray harValidationErrors(const QString &path);
