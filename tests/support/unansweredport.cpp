#include "unansweredport.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {
sockaddr_in loopback(quint16 port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}
} // namespace

UnansweredPort::UnansweredPort() {
    if (!open())
        m_error += QByteArray(": ") + std::strerror(errno);
}

bool UnansweredPort::open() {
    m_error = "socket";
    m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_listener < 0)
        return false;
    sockaddr_in address = loopback(0);
    m_error = "bind";
    if (::bind(m_listener, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
        return false;
    m_error = "listen";
    if (::listen(m_listener, 0) != 0)
        return false;
    socklen_t length = sizeof address;
    m_error = "getsockname";
    if (::getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return false;
    // Blocking: returns once the handshake put it in the queue's only slot.
    m_error = "connect";
    m_queueFiller = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_queueFiller < 0 ||
        ::connect(m_queueFiller, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
        return false;
    m_port = ntohs(address.sin_port);
    m_error.clear();
    return true;
}

UnansweredPort::~UnansweredPort() {
    for (const int descriptor : {m_queueFiller, m_listener}) {
        if (descriptor >= 0)
            ::close(descriptor);
    }
}

QUrl UnansweredPort::url() const {
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}
