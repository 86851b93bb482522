#include "connectionending.h"

#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

ConnectionEnding::ConnectionEnding(quint16 port) {
    m_descriptor = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_descriptor < 0)
        return;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(m_descriptor, reinterpret_cast<const sockaddr *>(&address), sizeof(address)) !=
        0) {
        ::close(m_descriptor);
        m_descriptor = -1;
        return;
    }
    ::fcntl(m_descriptor, F_SETFL, ::fcntl(m_descriptor, F_GETFL) | O_NONBLOCK);
}

ConnectionEnding::~ConnectionEnding() {
    if (m_descriptor >= 0)
        ::close(m_descriptor);
}

bool ConnectionEnding::send(const QByteArray &bytes) {
    // Small requests only: the socket buffer takes them whole.
    return isConnected() && ::send(m_descriptor, bytes.constData(), size_t(bytes.size()),
                                   MSG_NOSIGNAL) == bytes.size();
}

bool ConnectionEnding::readUntilEnd() {
    if (!isConnected())
        return true;
    while (m_end == End::Open) {
        char buffer[16384];
        const ssize_t read = ::recv(m_descriptor, buffer, sizeof(buffer), 0);
        if (read > 0) {
            m_received.append(buffer, qsizetype(read));
        } else if (read == 0) {
            m_end = End::Closed;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return false;
        } else if (errno != EINTR) {
            m_end = End::Reset; // ECONNRESET, in practice
        }
    }
    return true;
}
