#pragma once

#include "proxy/clientsink.h"

#include <QByteArray>
#include <vector>

// A client that takes everything at once, for driving ProxyExchange without a session: records
// what it is sent, how each exchange ended and the tunnels started.
class RecordingClientSink final : public ClientSink {
public:
    void writeToClient(QByteArrayView bytes) override { written.append(bytes); }
    void flushToClient() override {}
    qint64 clientBytesToWrite() const override { return 0; }
    void setDeadline(Deadline kind, qint64) override { m_deadline = kind; }
    Deadline deadline() const override { return m_deadline; }
    bool isClosingWhenIdle() const override { return false; }
    void exchangeEnded(const ExchangeEnd &end) override { ends.push_back(end); }
    void tunnelStarted() override { ++tunnels; }
    void upstreamDrained() override {}

    QByteArray written;
    std::vector<ExchangeEnd> ends;
    int tunnels = 0;

private:
    Deadline m_deadline = Deadline::None;
};
