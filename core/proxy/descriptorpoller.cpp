#include "proxy/descriptorpoller.h"

#include <QLoggingCategory>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unistd.h>

Q_DECLARE_LOGGING_CATEGORY(lcProxy)

DescriptorPoller::DescriptorPoller(QObject *parent)
    : QObject(parent)
    , m_epollFd(epoll_create1(EPOLL_CLOEXEC)) {
    if (m_epollFd < 0) {
        m_creationError = errno;
        qCWarning(lcProxy) << "no connection can be watched:" << unavailableReason();
        return;
    }
    m_notifier = new QSocketNotifier(m_epollFd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &DescriptorPoller::deliverReady);
}

DescriptorPoller::~DescriptorPoller() {
    delete m_notifier; // before the descriptor it watches
    if (m_epollFd >= 0)
        ::close(m_epollFd);
}

QString DescriptorPoller::unavailableReason() const {
    if (m_epollFd >= 0)
        return {};
    return QStringLiteral("no epoll set to watch connections in (epoll_create1: %1)")
        .arg(QString::fromLocal8Bit(std::strerror(m_creationError)));
}

bool DescriptorPoller::watch(int descriptor, quint32 events, PolledDescriptor *target) {
    if (m_epollFd < 0) {
        errno = EBADF;
        return false;
    }
    epoll_event event{};
    event.events = events;
    event.data.ptr = target;
    return epoll_ctl(m_epollFd, EPOLL_CTL_ADD, descriptor, &event) == 0;
}

bool DescriptorPoller::unwatch(int descriptor, PolledDescriptor *target) {
    const bool removed = epoll_ctl(m_epollFd, EPOLL_CTL_DEL, descriptor, nullptr) == 0;
    for (int i = m_batchNext; i < m_batchCount; ++i) {
        if (m_batch[i].data.ptr == target)
            m_batch[i].data.ptr = nullptr;
    }
    if (std::exchange(target->m_turnAsked, false)) {
        std::erase(m_scheduled, target);
        std::replace(m_turns.begin(), m_turns.end(), target,
                     static_cast<PolledDescriptor *>(nullptr));
    }
    return removed;
}

void DescriptorPoller::schedule(PolledDescriptor *target) {
    if (std::exchange(target->m_turnAsked, true))
        return;
    m_scheduled.push_back(target);
    // Inside a delivery the turn comes at its end, with no trip through Qt's event queue (a
    // posted call wakes the loop: an eventfd write, a ppoll pass and a read).
    if (!isDelivering())
        postTurns();
}

void DescriptorPoller::deliverReady() {
    const int ready = epoll_wait(m_epollFd, m_batch.data(), batchSize, 0);
    if (ready <= 0)
        return; // EINTR or nothing left: the notifier fires again if needed
    m_batchCount = ready;
    for (m_batchNext = 0; m_batchNext < m_batchCount;) {
        const epoll_event &event = m_batch[m_batchNext++];
        if (auto *target = static_cast<PolledDescriptor *>(event.data.ptr))
            target->descriptorReady(event.events);
    }
    m_batchCount = 0;
    m_batchNext = 0;
    deliverTurns();
}

void DescriptorPoller::deliverTurns() {
    if (m_scheduled.empty())
        return;
    m_turns.swap(m_scheduled);
    for (PolledDescriptor *&target : m_turns) {
        if (PolledDescriptor *now = std::exchange(target, nullptr)) {
            now->m_turnAsked = false; // it may ask for the next one while it is told
            now->descriptorReady(0);
        }
    }
    m_turns.clear();
    // Turns asked for during these come on the next pass, so that a stream that always has more
    // to read cannot hold the loop.
    if (!m_scheduled.empty())
        postTurns();
}

void DescriptorPoller::postTurns() {
    if (!std::exchange(m_turnsPosted, true))
        QMetaObject::invokeMethod(this, &DescriptorPoller::postedTurns, Qt::QueuedConnection);
}

void DescriptorPoller::postedTurns() {
    m_turnsPosted = false;
    deliverTurns();
}
