#include "proxy/exchangecapture.h"

#include "http/httpmessagehead.h"
#include "model/capturedheadbuilder.h"

namespace {

constexpr QByteArrayView headEnd = "\r\n\r\n";

struct SplitMessage {
    QByteArrayView head; // without the empty line
    QByteArrayView body;
};

// A serialized head, or a whole answer of the gateway's own, at its empty line. A head alone,
// the common case, ends with it: no search.
SplitMessage splitHead(QByteArrayView serialized) {
    if (serialized.endsWith(headEnd))
        return {serialized.chopped(headEnd.size()), {}};
    const qsizetype end = serialized.indexOf(headEnd);
    if (end < 0)
        return {serialized, {}};
    return {serialized.first(end), serialized.sliced(end + headEnd.size())};
}

// The parser keeps a head's parts, not its bytes as they came (they may have arrived in several
// reads): written out once into a buffer of the right size.
qsizetype fieldsSize(const HttpMessageHead &head) {
    qsizetype size = 0;
    for (qsizetype i = 0; i < head.headerCount(); ++i)
        size += CapturedHeadBuilder::fieldSize(head.headerName(i), head.headerValue(i));
    return size;
}

CapturedHead withFields(CapturedHeadBuilder &builder, const HttpMessageHead &head) {
    for (qsizetype i = 0; i < head.headerCount(); ++i)
        builder.field(head.headerName(i), head.headerValue(i));
    return builder.build();
}

} // namespace

void ExchangeCapture::requestReceived(const HttpMessageHead &head) {
    CapturedHeadBuilder builder(CapturedHeadBuilder::requestLineSize(head.method(), head.target()) +
                                fieldsSize(head));
    builder.requestLine(head.method(), head.target(), head.versionMajor(), head.versionMinor());
    m_parts.requestReceived = withFields(builder, head);
}

void ExchangeCapture::requestSent(QByteArrayView serializedHead) {
    m_parts.requestSent = CapturedHead::fromText(splitHead(serializedHead).head);
}

void ExchangeCapture::responseReceived(const HttpMessageHead &head) {
    CapturedHeadBuilder builder(CapturedHeadBuilder::statusLineSize(head.reasonPhrase()) +
                                fieldsSize(head));
    builder.statusLine(head.statusCode(), head.reasonPhrase(), head.versionMajor(),
                       head.versionMinor());
    m_parts.responseReceived = withFields(builder, head);
}

void ExchangeCapture::responseSent(QByteArrayView serialized) {
    const SplitMessage message = splitHead(serialized);
    m_parts.responseSent = CapturedHead::fromText(message.head);
    if (!message.body.isEmpty())
        m_parts.responseBody.append(message.body, m_bodyLimit);
}

CapturedExchange ExchangeCapture::finish(const RequestRecord &record) {
    m_parts.record = record;
    return CapturedExchange(std::move(m_parts));
}
