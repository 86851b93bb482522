#pragma once

#include <QMetaType>
#include <QString>

// Result of a state-changing command (GUI toggle, admin API call). The admin API maps the
// error kind to an HTTP status: UnknownRoute/UnknownBackend → 404, InvalidArgument → 400,
// NotRunning → 409.
struct ControlResult {
    enum class Error { None, UnknownRoute, UnknownBackend, InvalidArgument, NotRunning };

    Error error = Error::None;
    QString message; // for people: "no route 'service-x'"

    bool ok() const { return error == Error::None; }
    static ControlResult success() { return {}; }
    static ControlResult failure(Error error, const QString &message) { return {error, message}; }
};

Q_DECLARE_METATYPE(ControlResult)
