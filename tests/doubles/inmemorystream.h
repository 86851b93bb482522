#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QObject>
#include <functional>

class HttpInputBuffer;

// The byte-stream half that InMemoryClientTransport and InMemoryUpstreamTransport share: what
// the peer sent and the connection has not read, and what the connection wrote, queued until
// flush() or the event loop's next pass hands it to the peer, as a QTcpSocket's write buffer
// goes to the kernel. The peer always reads what it is handed.
class InMemoryStream final {
public:
    // written: called after queued bytes went to the peer (QTcpSocket's bytesWritten).
    explicit InMemoryStream(std::function<void()> written);

    // From the peer: kept until the connection reads it.
    void receive(QByteArrayView bytes) { m_inbound.append(bytes); }
    // As HttpInputBuffer::refill() from a socket: at most input.readChunk() once input is
    // consumed.
    bool refill(HttpInputBuffer &input);
    qint64 bytesAvailable() const { return m_inbound.size(); }
    void write(QByteArrayView bytes);
    void flush();
    qint64 bytesToWrite() const { return m_queued.size(); }
    void dropInbound() { m_inbound.clear(); }
    void dropQueued() { m_queued.clear(); }

    // Everything the peer was handed, in order.
    const QByteArray &delivered() const { return m_delivered; }
    // Everything the connection wrote, in order: what was delivered, then what is queued or was
    // dropped by an abort.
    const QByteArray &written() const { return m_everWritten; }

private:
    std::function<void()> m_wentOut;
    QByteArray m_inbound;
    QByteArray m_queued;
    QByteArray m_delivered;
    QByteArray m_everWritten;
    QObject m_context; // of the posted delivery: it dies with the stream
    bool m_deliveryPosted = false;
};
