#pragma once

#include <QByteArrayView>
#include <QtGlobal>

#include <utility>

class HttpInputBuffer;

// A transport whose reads and writes (Interface's Transport calls) go to one byte stream. The
// derived transports add how their kind of connection opens and ends. Stream is a
// DescriptorStream in the gateway (DescriptorTransport) and an InMemoryStream in the tests' and
// fuzzers' doubles (tests/doubles), so that both run the same forwarding.
template <class Interface, class Stream> class StreamTransport : public Interface {
public:
    bool refill(HttpInputBuffer &input) override { return m_stream.refill(input); }
    qint64 bytesAvailable() const override { return m_stream.bytesAvailable(); }
    void write(QByteArrayView bytes) override { m_stream.write(bytes); }
    void flush() override { m_stream.flush(); }
    qint64 bytesToWrite() const override { return m_stream.bytesToWrite(); }

protected:
    // streamArguments make the stream.
    template <typename... Arguments>
    explicit StreamTransport(Arguments &&...streamArguments)
        : m_stream(std::forward<Arguments>(streamArguments)...) {}

    Stream m_stream;
};
