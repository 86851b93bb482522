#include "inmemoryclienttransport.h"

InMemoryClientTransport::InMemoryClientTransport(QByteArray peerAddress)
    : StreamTransport([this] { written(); })
    , m_peerAddress(std::move(peerAddress)) {}

void InMemoryClientTransport::peerSends(QByteArrayView bytes) {
    if (m_end != End::Open)
        return;
    m_stream.receive(bytes);
    if (m_parked)
        unpark();
    m_listener->transportReadable();
}

void InMemoryClientTransport::peerCloses() {
    if (m_end != End::Open)
        return;
    if (m_parked)
        unpark();
    // QTcpSocket closes its side too once the peer's FIN is read: what is queued goes out first.
    m_connected = false;
    m_closing = true;
    if (m_stream.bytesToWrite() == 0)
        finishClose(End::Closed);
    else
        m_stream.flush();
}

void InMemoryClientTransport::peerResets() {
    if (m_end != End::Open)
        return;
    if (m_parked)
        unpark();
    m_stream.dropInbound();
    m_stream.dropQueued();
    finishClose(End::Reset);
}

void InMemoryClientTransport::abort() {
    m_stream.dropQueued();
    if (m_end == End::Open)
        finishClose(m_resetOnClose ? End::Reset : End::Closed);
}

void InMemoryClientTransport::closeAfterWriting() {
    if (m_end != End::Open)
        return;
    m_connected = false;
    m_closing = true;
    if (m_stream.bytesToWrite() == 0)
        finishClose(End::Closed);
}

bool InMemoryClientTransport::park() {
    m_parked = true;
    return true;
}

void InMemoryClientTransport::unpark() {
    m_parked = false;
    m_listener->transportUnparked();
}

void InMemoryClientTransport::written() {
    m_listener->transportWritten();
    if (m_closing && m_end == End::Open && m_stream.bytesToWrite() == 0)
        finishClose(End::Closed);
}

void InMemoryClientTransport::finishClose(End end) {
    m_connected = false;
    m_closing = false;
    m_end = end;
    m_listener->transportDisconnected();
}
