#include "inmemoryupstreamlink.h"

InMemoryUpstreamLink::InMemoryUpstreamLink(bool connected)
    : m_parser(HttpParser::Kind::Response, this)
    , m_connected(connected) {}

void InMemoryUpstreamLink::attach(UpstreamHandler *handler, bool answeringHead,
                                  qint64 maxHeadBytes) {
    m_handler = handler;
    m_parser.setAnsweringHead(answeringHead);
    m_parser.setLimits(maxHeadBytes, 0);
}

void InMemoryUpstreamLink::connectNow() {
    m_connected = true;
    m_handler->upstreamConnected();
}

void InMemoryUpstreamLink::fail(UpstreamFailure failure, const QByteArray &detail) {
    m_handler->upstreamFailed(failure, detail);
}

void InMemoryUpstreamLink::respond(QByteArrayView bytes) {
    m_bytesReceived = true;
    const HttpParser::Result result = m_parser.feed(bytes);
    if (result.status == HttpParser::Status::Paused && m_complete)
        m_handler->upstreamComplete();
}

bool InMemoryUpstreamLink::onHeadComplete(const HttpMessageHead &head) {
    m_handler->upstreamHead(head);
    return true;
}

void InMemoryUpstreamLink::onBody(QByteArrayView data) {
    m_handler->upstreamBody(data);
}

void InMemoryUpstreamLink::onMessageComplete() {
    // An interim response (1xx) ends its message but not the exchange.
    m_complete = m_parser.head().statusCode() >= 200;
}
