#pragma once

#include "balancing/backend.h"
#include "config/gatewayconfig.h"
#include "http/httpinputbuffer.h"
#include "http/httpparser.h"
#include "model/healthcheckresult.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTcpSocket>
#include <QTimer>

// One active health check of one instance: connect, send "GET path" with Connection: close,
// read the response head with the project's strict HttpParser. Event-driven from start to end,
// so any number of probes run in the worker thread without blocking it. Emits finished()
// exactly once (2xx–3xx is ok; anything else, a malformed answer, a connect error or the
// timeout is a failure; no socket at all is a result with noSocket set); deleting the probe
// before that aborts it silently. finished() may come from within start().
class HealthProbe final : public QObject, private HttpParserListener {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HealthProbe)

public:
    HealthProbe(const Backend &backend, const QByteArray &path, Milliseconds timeout,
                QObject *parent = nullptr);
    ~HealthProbe() override;

    void start();

Q_SIGNALS:
    void finished(const HealthCheckResult &result);

private:
    bool onHeadComplete(const HttpMessageHead &head) override;
    void onBody(QByteArrayView) override {}
    void onMessageComplete() override {}

    void onReadyRead();
    void onSocketError(QAbstractSocket::SocketError error);
    void finish(int status, const QByteArray &error);

    QTcpSocket m_socket;
    HttpParser m_parser;
    HttpInputBuffer m_input;
    QTimer m_timeout;
    QElapsedTimer m_elapsed;
    QString m_host;
    quint16 m_port;
    QByteArray m_request;
    int m_status = 0;
    bool m_noSocket = false;
    bool m_finished = false;
};
