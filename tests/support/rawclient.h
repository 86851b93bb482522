#pragma once

#include "eventwait.h"
#include "http/httpparser.h"
#include "inputbuffer.h"
#include "parsedresponse.h"

#include <QMap>
#include <QObject>
#include <QTcpSocket>
#include <QTimer>
#include <functional>

// A client for end-to-end tests: writes raw bytes to the gateway and parses what comes back
// with the gateway's strict HttpParser (Response kind), so that a malformed response from the
// gateway fails the test. Responses are read one at a time, in order; bytes of a response not
// asked for yet stay unread (pipelining). Waits run the event loop, never sleep.
class RawClient final : public QObject, private HttpParserListener {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RawClient)

public:
    // The request a response answers: a response to HEAD has no body whatever it says.
    enum class ResponseTo { Other, Head };
    enum class UploadFraming { Plain, Chunked };

    explicit RawClient(quint16 port, QObject *parent = nullptr);
    // Connects from localAddress (any port), e.g. another loopback address such as 127.0.0.7,
    // so that the gateway sees another client address (ip_hash).
    RawClient(quint16 port, const QHostAddress &localAddress, QObject *parent = nullptr);
    ~RawClient() override;

    // One request on a fresh connection; the response, complete or not (error says why).
    static ParsedResponse exchangeOnce(quint16 port, const QByteArray &request);
    // requests GETs of target, each on a fresh connection, counted by response body (scripted
    // backends answer with their name: who served how many); "(incomplete)" for a cut response.
    static QMap<QByteArray, int> countBodies(quint16 port, const QByteArray &target, int requests);

    // "METHOD target HTTP/1.1", Host, the extra lines (each ending in CRLF), blank line.
    static QByteArray request(QByteArrayView method, QByteArrayView target,
                              QByteArrayView extraHeaderLines = {});

    bool waitForConnected(int timeoutMs = defaultWaitMs);
    // Connected, and the gateway has not closed the connection (as far as read so far).
    bool isOpen() const;
    bool waitForDisconnected(int timeoutMs = defaultWaitMs);

    void send(const QByteArray &bytes);
    // Sends totalBytes of BodyPattern, written only as the socket drains (never queued whole);
    // Chunked frames each piece as a chunk and ends with the last chunk.
    void sendGeneratedBody(qint64 totalBytes, UploadFraming framing);

    // Reads at most bytesPerTick per millisecond from now on (0: as fast as bytes come).
    void setReadLimit(qint64 bytesPerTick);

    // Starts reading the next response without waiting; responseFinished() tells the end.
    void startResponse(ResponseTo to = ResponseTo::Other);
    // Reads the next response (or finishes the one started), waiting at most timeoutMs.
    ParsedResponse readResponse(ResponseTo to = ResponseTo::Other, int timeoutMs = defaultWaitMs);
    // Starts the next response if needed and waits until its final head / a 1xx with status.
    bool waitForHead(ResponseTo to = ResponseTo::Other, int timeoutMs = defaultWaitMs);
    bool waitForInterim(int status, int timeoutMs = defaultWaitMs);

    // After a 101: raw bytes of the tunnel.
    QByteArray readRaw(qsizetype count, int timeoutMs = defaultWaitMs);

Q_SIGNALS:
    // A response started with startResponse() completed or failed (see ParsedResponse::error).
    void responseFinished(const ParsedResponse &response);

private:
    bool onHeadComplete(const HttpMessageHead &head) override;
    void onBody(QByteArrayView data) override;
    void onMessageComplete() override {}

    // Starts the next response when none is under way, then waits for condition or its end.
    bool waitForCurrent(ResponseTo to, const std::function<bool()> &condition, int timeoutMs);
    void processInput();
    void handleEndOfStream();
    void finishResponse(const QByteArray &error);
    void pumpUpload();
    void onDisconnected();

    QTcpSocket m_socket;
    HttpParser m_parser;
    InputBuffer m_input;
    QTimer m_readTick;
    ParsedResponse m_current;
    QByteArray m_tunnelBytes;
    enum class ReadState { Idle, Reading, Finished };
    ReadState m_readState = ReadState::Idle;
    bool m_parserPaused = false; // the previous response completed; resume before the next
    bool m_tunnel = false;
    bool m_peerClosed = false;
    qint64 m_uploadTotal = 0;
    qint64 m_uploadSent = 0;
    UploadFraming m_uploadFraming = UploadFraming::Plain;
    bool m_uploadFinished = true;
};
