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
// exchange to the next (its buffer hot in the cache, grown once). At the end the exchange is
// made in the worker's arena (model/bytearena.h): its parts, the four heads copied together
// into one part (CapturedHeadBuilder::settleIn()) and small bodies: no allocation of their own
// for the thread that drops them to free, and none held in an arena block while the exchange
// runs (a stream may run for hours).
class ExchangeCapture final {
public:
    // heads: the connection's builder, restarted here; used by this capture until it finishes.
    // arena: the worker's, where the exchange's parts and heads are kept (model/bytearena.h).
    ExchangeCapture(qint64 bodyLimit, CapturedHeadBuilder &heads, ByteArena &arena)
        : m_bodyLimit(bodyLimit)
        , m_heads(heads)
        , m_arena(arena) {
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
    void requestBody(QByteArrayView piece) { m_requestBody.append(piece, m_bodyLimit); }
    void responseBody(QByteArrayView piece) { m_responseBody.append(piece, m_bodyLimit); }

    // The captured exchange, next to its finished record. Once.
    CapturedExchange finish(const RequestRecord &record);

private:
    using EndedHead = CapturedHeadBuilder::EndedHead;

    qint64 m_bodyLimit;
    CapturedHeadBuilder &m_heads;
    ByteArena &m_arena;
    EndedHead m_requestReceived; // each not present until written
    EndedHead m_requestSent;
    EndedHead m_responseReceived;
    EndedHead m_responseSent;
    CapturedBody m_requestBody;
    CapturedBody m_responseBody;
};
