#include "proxy/idleparking.h"

#include <QLoggingCategory>
#include <cerrno>
#include <cstring>
#include <unistd.h>

Q_DECLARE_LOGGING_CATEGORY(lcProxy)

IdleParking::IdleParking(QObject *parent)
    : QObject(parent)
    , m_epollFd(epoll_create1(EPOLL_CLOEXEC)) {
    if (m_epollFd < 0) {
        qCWarning(lcProxy) << "idle connections stay in the event loop: epoll_create1:"
                           << std::strerror(errno);
        return;
    }
    m_notifier = new QSocketNotifier(m_epollFd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &IdleParking::deliverWakeUps);
}

IdleParking::~IdleParking() {
    delete m_notifier; // before the descriptor it watches
    if (m_epollFd >= 0)
        ::close(m_epollFd);
}

bool IdleParking::park(int descriptor, ParkedConnection *connection) {
    if (m_epollFd < 0)
        return false;
    // Level-triggered: bytes that arrived before the descriptor was added are reported too.
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP;
    event.data.ptr = connection;
    if (epoll_ctl(m_epollFd, EPOLL_CTL_ADD, descriptor, &event) != 0)
        return false;
    ++m_parkedCount;
    return true;
}

void IdleParking::leave(int descriptor, ParkedConnection *connection) {
    if (epoll_ctl(m_epollFd, EPOLL_CTL_DEL, descriptor, nullptr) == 0)
        --m_parkedCount;
    // A guard, not a path taken today: wakeFromParking() only creates a socket, so no wake-up
    // closes another connection of the batch; if one ever did, its entry must not be used.
    for (int i = m_batchNext; i < m_batchCount; ++i) {
        if (m_batch[i].data.ptr == connection)
            m_batch[i].data.ptr = nullptr;
    }
}

void IdleParking::deliverWakeUps() {
    const int ready = epoll_wait(m_epollFd, m_batch.data(), batchSize, 0);
    if (ready <= 0)
        return; // EINTR or nothing left: the notifier fires again if needed
    m_batchCount = ready;
    for (m_batchNext = 0; m_batchNext < m_batchCount;) {
        auto *connection = static_cast<ParkedConnection *>(m_batch[m_batchNext++].data.ptr);
        if (connection)
            connection->wakeFromParking();
    }
    m_batchCount = 0;
    m_batchNext = 0;
}
