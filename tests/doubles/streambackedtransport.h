#pragma once

#include "inmemorystream.h"

#include <functional>
#include <utility>

// What InMemoryClientTransport and InMemoryUpstreamTransport do alike: Interface's reads and
// writes (the Transport calls) go to one InMemoryStream. The doubles add how their kind of
// connection opens and ends.
template <class Interface> class StreamBackedTransport : public Interface {
public:
    bool refill(HttpInputBuffer &input) override { return m_stream.refill(input); }
    qint64 bytesAvailable() const override { return m_stream.bytesAvailable(); }
    void write(QByteArrayView bytes) override { m_stream.write(bytes); }
    void flush() override { m_stream.flush(); }
    qint64 bytesToWrite() const override { return m_stream.bytesToWrite(); }

protected:
    // written: called after queued bytes went to the peer (InMemoryStream).
    explicit StreamBackedTransport(std::function<void()> written)
        : m_stream(std::move(written)) {}

    InMemoryStream m_stream;
};
