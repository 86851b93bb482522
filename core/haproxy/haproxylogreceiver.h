#pragma once

#include "haproxy/httplogline.h"
#include "model/requestrecord.h"

#include <QHostAddress>
#include <QObject>
#include <QUdpSocket>
#include <memory>

class RecordBatcher;

// HAProxy's access log as it sends it: syslog datagrams over UDP (`log 127.0.0.1:5140 local0
// info` with `option httplog`, as the export writes), each parsed into a RequestRecord
// (httplogline.h) and handed over in batches (RecordBatcher, docs/CONVENTIONS.md, "Batch at the
// source"). What is not an httplog line is counted, never fatal: HAProxy's notices apart, and
// garbled datagrams with the latest one's reason. Memory is bounded: datagrams are read as they
// come (the kernel's socket buffer holds what waits), and a batch is sent early once it holds
// maxPendingRecords. Lives in the thread that created it.
class HaproxyLogReceiver final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HaproxyLogReceiver)

public:
    // What the export writes (HaproxyConfigWriter::haproxyLogPort).
    static constexpr quint16 defaultPort = 5140;
    static constexpr qsizetype maxPendingRecords = 4096;

    explicit HaproxyLogReceiver(QObject *parent = nullptr);
    ~HaproxyLogReceiver() override;

    // Binds 127.0.0.1:port (0: any free port, see port()); false with errorString() otherwise.
    bool listen(quint16 port, const QHostAddress &address = QHostAddress::LocalHost);
    quint16 port() const { return m_socket.localPort(); }
    QString errorString() const { return m_socket.errorString(); }

    quint64 requestLines() const { return m_requestLines; }
    quint64 notices() const { return m_notices; }
    quint64 garbledLines() const { return m_garbledLines; }
    // Sends the records pending now (before stopping).
    void flush();

Q_SIGNALS:
    // The records' ids count up from 1; routeId, backendName as HAProxy logged them.
    void recordsReady(const QList<RequestRecord> &records);
    // A datagram that is not an httplog line (nor a notice): the running count and why this
    // one did not parse, at most once per batch interval's worth of them (see garbledLines()).
    void garbled(quint64 total, const QString &reason);

private:
    void readDatagrams();

    QUdpSocket m_socket;
    std::unique_ptr<RecordBatcher> m_batcher;
    quint64 m_nextId = 1;
    quint64 m_requestLines = 0;
    quint64 m_notices = 0;
    quint64 m_garbledLines = 0;
    qsizetype m_pending = 0;
};
