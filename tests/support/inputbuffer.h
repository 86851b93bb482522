#pragma once

#include <QByteArray>
#include <QByteArrayView>

class QTcpSocket;

// The reading side shared by the scripted test peers: bytes read from a socket and not yet
// consumed, with an optional budget so that a peer can read slowly (the streaming tests'
// slow reader) while the kernel and the gateway hold the rest.
class InputBuffer final {
public:
    // At most budget bytes are read between two startTick() calls; 0 means no limit.
    void setTickBudget(qint64 budget);
    void startTick() { m_budgetLeft = m_tickBudget; }

    // Reads more when everything was consumed. Returns whether unconsumed bytes are available.
    bool refill(QTcpSocket &socket);
    QByteArrayView pending() const { return QByteArrayView(m_data).sliced(m_offset); }
    void consume(qsizetype count) { m_offset += count; }
    QByteArray takeAll();

private:
    QByteArray m_data;
    qsizetype m_offset = 0;
    qint64 m_tickBudget = 0;
    qint64 m_budgetLeft = 0;
};
