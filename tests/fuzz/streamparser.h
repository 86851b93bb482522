#pragma once

#include "http/httpparser.h"
#include "recordedmessage.h"

#include <QList>

// The peer on the far side of the proxy: parses everything the proxy wrote, message after
// message, with the same strict parser, and records what it understood.
class StreamParser final : public HttpParserListener {
public:
    enum class End { Open, Closed }; // whether the connection closes after the bytes

    // maxHeadBytes: the peer's own limit; the default is far above the proxy's, since the proxy
    // may add a few headers to a head that was just under the client-side limit.
    StreamParser(HttpParser::Kind kind, bool answeringHead, qint64 maxHeadBytes = 1 << 24);

    // How the stream ended: NeedMoreData (clean end or mid-message), Upgraded or Failed.
    HttpParser::Status parse(QByteArrayView data, End end);
    const QList<RecordedMessage> &messages() const { return m_messages; }
    const HttpError &error() const { return m_parser.error(); }

    bool onHeadComplete(const HttpMessageHead &head) override;
    void onBody(QByteArrayView data) override;
    void onMessageComplete() override;

private:
    HttpParser m_parser;
    QList<RecordedMessage> m_messages;
};
