#pragma once

#include "model/capturedexchange.h"
#include "model/capturedheadbuilder.h"

#include <QByteArrayView>

class HttpMessageHead;

// The capture hook's notes on one exchange while it runs (README, "Inspecting traffic"): the
// request and response heads on both sides of the proxy and the first bodyLimit bytes of each
// body, counted whole. ProxyExchange holds one only while capture is on, so with capture off
// the request path pays a null check and nothing else.
//
// Pieces are copied as they pass and never held back: the proxy forwards each piece before or
// after noting it, whatever the limit, so a download streams as it would without capture. The
// four heads are written one after the other into a builder the connection keeps from one
// exchange to the next (its buffer hot in the cache, grown once), and at the end copied
// together into one part of the worker's arena (CapturedHeadBuilder::settleIn(),
// model/bytearena.h): no allocation of their own, and freed with their block.
class ExchangeCapture final {
public:
    // heads: the connection's builder, restarted here; used by this capture until it finishes.
    ExchangeCapture(qint64 bodyLimit, CapturedHeadBuilder &heads)
        : m_bodyLimit(bodyLimit)
        , m_heads(heads) {
        m_heads.restart();
    }

    // The client's head as the parser read it.
    void requestReceived(const HttpMessageHead &head);
    // The head the proxy wrote upstream (MessageRewriter's output): the start line and fields up
    // to the empty line. A retry replaces the previous attempt's (whose bytes stay in the
    // buffer unused: a retry is rare).
    void requestSent(QByteArrayView serializedHead);
    // The instance's final response head as the parser read it.
    void responseReceived(const HttpMessageHead &head);
    // What went to the client: a head the proxy wrote, or a whole answer of the gateway's own
    // (the head, then the body after the empty line).
    void responseSent(QByteArrayView serialized);
    void requestBody(QByteArrayView piece) {
        m_draft.parts().requestBody.append(piece, m_bodyLimit);
    }
    void responseBody(QByteArrayView piece) {
        m_draft.parts().responseBody.append(piece, m_bodyLimit);
    }

    // The captured exchange, next to its finished record, its heads kept in arena. Once.
    CapturedExchange finish(const RequestRecord &record, ByteArena &arena);

private:
    using EndedHead = CapturedHeadBuilder::EndedHead;

    qint64 m_bodyLimit;
    CapturedHeadBuilder &m_heads;
    EndedHead m_requestReceived; // each not present until written
    EndedHead m_requestSent;
    EndedHead m_responseReceived;
    EndedHead m_responseSent;
    CapturedExchange::Draft m_draft; // the bodies; the record and the heads at finish()
};
