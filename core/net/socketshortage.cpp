#include "net/socketshortage.h"

#include <QString>
#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

QByteArray socketShortage() {
    const int probe = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (probe >= 0) {
        ::close(probe); // freed meanwhile
        return "out of resources";
    }
    QString reason = qt_error_string(errno); // strerror(), made thread-safe
    if (!reason.isEmpty())
        reason[0] = reason[0].toLower();
    return reason.toUtf8();
}
