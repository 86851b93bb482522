#include "haproxy/haproxylogreceiver.h"

#include "gateway/recordbatcher.h"

#include <QNetworkDatagram>

HaproxyLogReceiver::HaproxyLogReceiver(QObject *parent)
    : QObject(parent)
    , m_batcher(std::make_unique<RecordBatcher>()) {
    connect(&m_socket, &QUdpSocket::readyRead, this, &HaproxyLogReceiver::readDatagrams);
    connect(m_batcher.get(), &RecordBatcher::batchReady, this,
            [this](const QList<RequestRecord> &records) {
                m_pending = 0;
                Q_EMIT recordsReady(records);
            });
}

HaproxyLogReceiver::~HaproxyLogReceiver() = default;

bool HaproxyLogReceiver::listen(quint16 port, const QHostAddress &address) {
    return m_socket.bind(address, port);
}

void HaproxyLogReceiver::flush() {
    m_batcher->flush();
}

void HaproxyLogReceiver::readDatagrams() {
    QString lastGarbled;
    const quint64 garbledBefore = m_garbledLines;
    while (m_socket.hasPendingDatagrams()) {
        const QNetworkDatagram datagram = m_socket.receiveDatagram();
        const HttpLogParse parse = parseHttpLogMessage(datagram.data());
        switch (parse.kind) {
        case HttpLogParse::Kind::Request:
            ++m_requestLines;
            m_batcher->append(requestRecordFrom(parse.line, m_nextId++));
            if (++m_pending >= maxPendingRecords)
                m_batcher->flush();
            break;
        case HttpLogParse::Kind::Notice:
            ++m_notices;
            break;
        case HttpLogParse::Kind::Garbled:
            ++m_garbledLines;
            lastGarbled = parse.error;
            break;
        }
    }
    if (m_garbledLines != garbledBefore)
        Q_EMIT garbled(m_garbledLines, lastGarbled);
}
