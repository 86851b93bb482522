#include "haproxy/runtimecommand.h"

#include "haproxy/runtimestate.h"

#include <QHostAddress>

namespace {

RuntimeCommand refused(const QString &error) {
    RuntimeCommand command;
    command.error = error;
    return command;
}

// "B/S" once both names are checked, else the error.
QString checkedNames(const QString &backend, const QString &server, QByteArray *path) {
    if (!isHaproxyName(backend))
        return QStringLiteral("'%1' is not a HAProxy backend name (letters, digits, '-', '_', "
                              "'.', ':')")
            .arg(backend);
    if (!isHaproxyName(server))
        return QStringLiteral("'%1' is not a HAProxy server name (letters, digits, '-', '_', "
                              "'.', ':')")
            .arg(server);
    *path = backend.toLatin1() + '/' + server.toLatin1();
    return QString();
}

QByteArray stateWord(AdminState state) {
    switch (state) {
    case AdminState::Enabled:
        return "ready";
    case AdminState::Draining:
        return "drain";
    case AdminState::Disabled:
        return "maint";
    }
    Q_UNREACHABLE();
}

// HOST:PORT with an IP literal for host: what `add server` takes without a resolver.
bool isServerAddress(const QString &address) {
    const qsizetype colon = address.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    QString host = address.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.sliced(1, host.size() - 2);
    bool ok = false;
    const uint port = address.sliced(colon + 1).toUInt(&ok);
    return ok && port > 0 && port <= 65535 && !QHostAddress(host).isNull();
}

} // namespace

bool isHaproxyName(const QString &name) {
    if (name.isEmpty())
        return false;
    for (const QChar c : name) {
        const bool allowed = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
                             (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
                             (c >= QLatin1Char('0') && c <= QLatin1Char('9')) ||
                             c == QLatin1Char('-') || c == QLatin1Char('_') ||
                             c == QLatin1Char('.') || c == QLatin1Char(':');
        if (!allowed)
            return false;
    }
    return true;
}

RuntimeCommand RuntimeCommand::setAdminState(const QString &backend, const QString &server,
                                             AdminState state) {
    QByteArray path;
    if (const QString error = checkedNames(backend, server, &path); !error.isEmpty())
        return refused(error);
    RuntimeCommand command;
    command.lines = {"set server " + path + " state " + stateWord(state)};
    return command;
}

RuntimeCommand RuntimeCommand::setWeight(const QString &backend, const QString &server,
                                         int weight) {
    QByteArray path;
    if (const QString error = checkedNames(backend, server, &path); !error.isEmpty())
        return refused(error);
    if (weight < 0 || weight > maxHaproxyRuntimeWeight)
        return refused(QStringLiteral("weight %1: HAProxy takes 0 to %2")
                           .arg(weight)
                           .arg(maxHaproxyRuntimeWeight));
    RuntimeCommand command;
    command.lines = {"set server " + path + " weight " + QByteArray::number(weight)};
    return command;
}

RuntimeCommand RuntimeCommand::addServer(const QString &backend, const QString &server,
                                         const QString &address, int weight) {
    QByteArray path;
    if (const QString error = checkedNames(backend, server, &path); !error.isEmpty())
        return refused(error);
    if (!isServerAddress(address))
        return refused(QStringLiteral("'%1' is not an IP address and port (HAProxy adds servers "
                                      "by address, without resolving names)")
                           .arg(address));
    if (weight < 0 || weight > maxHaproxyRuntimeWeight)
        return refused(QStringLiteral("weight %1: HAProxy takes 0 to %2")
                           .arg(weight)
                           .arg(maxHaproxyRuntimeWeight));
    RuntimeCommand command;
    command.lines = {"add server " + path + ' ' + address.toLatin1() + " weight " +
                         QByteArray::number(weight),
                     "set server " + path + " state ready"};
    return command;
}

RuntimeCommand RuntimeCommand::deleteServer(const QString &backend, const QString &server) {
    QByteArray path;
    if (const QString error = checkedNames(backend, server, &path); !error.isEmpty())
        return refused(error);
    RuntimeCommand command;
    command.lines = {"set server " + path + " state maint", "del server " + path};
    return command;
}

ControlResult interpretCommandAnswer(const QByteArray &answer) {
    const QByteArray text = answer.trimmed();
    if (text.isEmpty() || text == "New server registered." || text == "Server deleted.")
        return ControlResult::success();
    const QString said = QString::fromUtf8(text.simplified());
    if (text.startsWith("Permission denied"))
        return ControlResult::failure(
            ControlResult::Error::NotRunning,
            QStringLiteral("HAProxy: Permission denied (its stats socket needs 'level admin' "
                           "to change servers)"));
    if (text == "No such backend.")
        return ControlResult::failure(ControlResult::Error::UnknownRoute,
                                      QStringLiteral("HAProxy: ") + said);
    if (text == "No such server.")
        return ControlResult::failure(ControlResult::Error::UnknownBackend,
                                      QStringLiteral("HAProxy: ") + said);
    // An HTTP server or another service answers with something of its own.
    if (text.startsWith("HTTP/") || text.contains('\0'))
        return ControlResult::failure(
            ControlResult::Error::NotRunning,
            QStringLiteral("not HAProxy's runtime API: it answered %1").arg(quotedStart(answer)));
    return ControlResult::failure(ControlResult::Error::InvalidArgument,
                                  QStringLiteral("HAProxy: ") + said);
}
