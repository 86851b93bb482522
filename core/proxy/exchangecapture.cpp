#include "proxy/exchangecapture.h"

#include "http/httpmessagehead.h"
#include "model/bytearena.h"

namespace {

constexpr QByteArrayView headEnd = "\r\n\r\n";

// What the rest of an exchange's heads usually take in the buffer beside the request's: the
// request again with the proxy's fields (Via, X-Forwarded-*), and two response heads.
constexpr qsizetype responseHeadsAllowance = 1024;

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

// The parser keeps a head's parts in one buffer, not its bytes as they came (they may have
// arrived in several reads): the buffer is copied once and the fields become spans into it.
CapturedHeadBuilder &withFields(CapturedHeadBuilder &builder, const HttpMessageHead &head) {
    return builder.fieldsWithin(head.text(), head.headerCount(), [&head](qsizetype index) {
        return CapturedHead::Field{head.headerName(index), head.headerValue(index)};
    });
}

// Bodies as small as an API's answers, copied into the arena: the buffers they were collected in
// are freed here, by the worker that allocated them, rather than by the thread that drops the
// capture. Only bodies a store keeps with their exchange (CapturedExchange::smallBodiesBytes):
// evicting a part frees nothing while the heads keep its block.
void settleSmallBodies(CapturedBody &request, CapturedBody &response, ByteArena &arena) {
    if (request.bytes.size() + response.bytes.size() >= CapturedExchange::smallBodiesBytes)
        return;
    for (CapturedBody *body : {&request, &response}) {
        if (!body->bytes.isEmpty())
            body->bytes = arena.copy(body->bytes);
    }
}

} // namespace

void ExchangeCapture::requestReceived(const HttpMessageHead &head) {
    const qsizetype requestBytes =
        CapturedHeadBuilder::requestLineSize(head.method(), head.target()) +
        CapturedHeadBuilder::fieldsWithinSize(head.text(), head.headerCount());
    m_heads.makeRoom(2 * requestBytes + responseHeadsAllowance);
    m_heads.requestLine(head.method(), head.target(), head.versionMajor(), head.versionMinor());
    m_requestReceived = withFields(m_heads, head).endHead();
}

void ExchangeCapture::requestSent(QByteArrayView serializedHead) {
    m_requestSent = m_heads.text(splitHead(serializedHead).head).endHead();
}

void ExchangeCapture::responseReceived(const HttpMessageHead &head) {
    m_heads.statusLine(head.statusCode(), head.reasonPhrase(), head.versionMajor(),
                       head.versionMinor());
    m_responseReceived = withFields(m_heads, head).endHead();
}

void ExchangeCapture::responseSent(QByteArrayView serialized) {
    const SplitMessage message = splitHead(serialized);
    m_responseSent = m_heads.text(message.head).endHead();
    if (!message.body.isEmpty())
        m_responseBody.append(message.body, m_bodyLimit);
}

CapturedExchange ExchangeCapture::finish(const RequestRecord &record) {
    CapturedExchange::Draft draft(m_arena);
    CapturedExchangeParts &parts = draft.parts();
    parts.record = record;
    // A copy of its own, so that a capture holds no block of the records' arena (which the live
    // log keeps on its own schedule).
    parts.record.target = m_arena.copy(record.target);
    settleSmallBodies(m_requestBody, m_responseBody, m_arena);
    parts.requestBody = std::move(m_requestBody);
    parts.responseBody = std::move(m_responseBody);
    const CapturedHeadBuilder::SettledHeads heads = m_heads.settleIn(m_arena);
    parts.requestReceived = heads.head(m_requestReceived);
    parts.requestSent = heads.head(m_requestSent);
    parts.responseReceived = heads.head(m_responseReceived);
    parts.responseSent = heads.head(m_responseSent);
    return std::move(draft).seal();
}
