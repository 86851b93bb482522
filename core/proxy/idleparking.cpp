#include "proxy/idleparking.h"

bool IdleParking::park(int descriptor, ParkedConnection *connection) {
    // Level-triggered: bytes that arrived before the descriptor was added are reported too, and
    // again on every pass until the connection leaves.
    if (!m_poller.watch(descriptor, EPOLLIN | EPOLLRDHUP, connection))
        return false;
    ++m_parkedCount;
    return true;
}

void IdleParking::leave(int descriptor, ParkedConnection *connection) {
    if (m_poller.unwatch(descriptor, connection))
        --m_parkedCount;
}
