#pragma once

#include "http/httpmessagehead.h"

#include <QByteArray>
#include <QByteArrayView>
#include <llhttp.h>

// A protocol error with the status the gateway answers (requests: 400, 413, 431, 505;
// responses: 502) and a short message naming what was wrong ("duplicate Host header").
struct HttpError {
    int status = 0;
    QByteArray message;
};

// Receives what HttpParser finds, in wire order. Views point into the caller's buffer or the
// parser's head and are valid only during the call.
class HttpParserListener {
public:
    virtual ~HttpParserListener() = default;
    // The head passed every check. Return false to stop parsing here (feed() returns Stopped).
    virtual bool onHeadComplete(const HttpMessageHead &head) = 0;
    // Decoded body bytes (chunk framing already removed).
    virtual void onBody(QByteArrayView data) = 0;
    // The message is complete. The parser pauses after it (pipelined bytes stay unconsumed)
    // until resume() is called.
    virtual void onMessageComplete() = 0;
};

// The one llhttp wrapper (docs/CONVENTIONS.md, "One HTTP parser, a lean hot path"): strict
// llhttp plus the checks Debian's llhttp 8.1.0 leaves to us (docs/ARCHITECTURE.md, "What
// 'strict' means here"), and the mapping of every problem to a status in one place.
class HttpParser final {
public:
    enum class Kind { Request, Response };
    enum class Status {
        NeedMoreData, // consumed everything; feed more
        Paused,       // a message completed; call resume() before feeding the rest
        Stopped,      // the listener stopped parsing in onHeadComplete
        Upgraded,     // the rest of the bytes belong to another protocol (after 101 / Upgrade)
        Failed,       // see error()
    };
    struct Result {
        Status status;
        qsizetype consumed; // bytes of the input used; the rest is for later (or another protocol)
    };

    HttpParser(Kind kind, HttpParserListener *listener);
    ~HttpParser();
    Q_DISABLE_COPY_MOVE(HttpParser)

    // A head over maxHeaderBytes fails: a request with 431 (414 while in the target), a
    // response with 502 ("upstream sent too big header", as nginx says). Requests only: a body
    // over maxBodyBytes (0 = unlimited) → 413.
    void setLimits(qint64 maxHeaderBytes, qint64 maxBodyBytes);
    // Responses only: the request being answered was HEAD, so the response has no body whatever
    // its headers say.
    void setAnsweringHead(bool answeringHead) { m_answeringHead = answeringHead; }

    Result feed(QByteArrayView data);
    void resume();
    // The peer closed its side. Completes a close-delimited body; returns Failed if a message
    // was cut short, NeedMoreData if nothing was in progress.
    Result finish();

    const HttpError &error() const { return m_error; }
    const HttpMessageHead &head() const { return m_head; }
    // Between messages: frees the last head's memory (an idle connection keeps none).
    void releaseHead() { m_head.release(); }
    // Whether bytes of a message have arrived that did not complete it yet.
    bool isMidMessage() const { return m_messageStarted; }

private:
    static const llhttp_settings_t &settings();
    static HttpParser &from(llhttp_t *parser) { return *static_cast<HttpParser *>(parser->data); }

    // llhttp callbacks.
    static int onMessageBegin(llhttp_t *parser);
    static int onUrl(llhttp_t *parser, const char *at, size_t length);
    static int onStatus(llhttp_t *parser, const char *at, size_t length);
    static int onHeaderField(llhttp_t *parser, const char *at, size_t length);
    static int onHeaderFieldComplete(llhttp_t *parser);
    static int onHeaderValue(llhttp_t *parser, const char *at, size_t length);
    static int onHeaderValueComplete(llhttp_t *parser);
    static int onHeadersComplete(llhttp_t *parser);
    static int onBody(llhttp_t *parser, const char *at, size_t length);
    static int onMessageComplete(llhttp_t *parser);

    int fail(int status, const QByteArray &message);
    // Adds length to the head's size; false (with the error set) once it is over the limit.
    bool countHeadBytes(qsizetype length, int requestStatus = 431);
    // The gateway's own checks of a complete head; on failure sets m_error.
    bool checkRequestHead();
    bool checkResponseHead();
    // Turns an absolute-form target into origin form plus its authority; false (400) when the
    // authority is malformed.
    bool takeAbsoluteForm();
    bool checkRequestTransferCodings();
    void recordFraming();
    Result resultFor(llhttp_errno_t code, QByteArrayView data);

    llhttp_t m_parser;
    Kind m_kind;
    HttpParserListener *m_listener;
    HttpMessageHead m_head;
    HttpError m_error;
    HttpMessageHead::Span m_pendingName;
    HttpMessageHead::Span m_pendingValue;
    const char *m_feedStart = nullptr;    // input of the running feed(), for obs-fold detection
    const char *m_lastPieceEnd = nullptr; // end of the last header name/value piece in it
    // A line break came after the last header piece in an earlier feed(): with the input split
    // byte by byte, the fold's CRLF and its continuation arrive in different calls.
    bool m_lineBreakSincePiece = false;
    qint64 m_maxHeaderBytes = 65536;
    qint64 m_maxBodyBytes = 0;
    qint64 m_headBytes = 0;
    qint64 m_bodyBytes = 0;
    bool m_answeringHead = false;
    bool m_messageStarted = false;
    bool m_headComplete = false;
    bool m_stoppedByListener = false;
};
