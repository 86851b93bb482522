#pragma once

#include "proxy/descriptorstream.h"

// What SocketClientTransport and SocketUpstreamTransport do alike: Interface's reads and writes
// (the Transport calls) go to one DescriptorStream, whose events the derived transport hears as
// its owner. The derived transports add how their kind of connection opens and ends, as
// StreamBackedTransport does for the in-memory doubles (tests/doubles).
template <class Interface> class DescriptorTransport : public Interface {
public:
    bool refill(HttpInputBuffer &input) override { return m_stream.refill(input); }
    qint64 bytesAvailable() const override { return m_stream.bytesAvailable(); }
    void write(QByteArrayView bytes) override { m_stream.write(bytes); }
    void flush() override { m_stream.flush(); }
    qint64 bytesToWrite() const override { return m_stream.bytesToWrite(); }
    bool isConnected() const override { return m_stream.isOpen(); }

protected:
    explicit DescriptorTransport(DescriptorStream::Owner &owner)
        : m_stream(owner) {}

    DescriptorStream m_stream;
};
