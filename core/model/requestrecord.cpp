#include "model/requestrecord.h"

#include "model/bytesappend.h"
#include "model/heapbytes.h"

#include <limits>

// QByteArrayLiteral: the name refers to static data, so that writing it (the access log, once
// per line) allocates nothing.
QByteArray outcomeName(Outcome outcome) {
    switch (outcome) {
    case Outcome::Ok:
        return QByteArrayLiteral("ok");
    case Outcome::NoRoute:
        return QByteArrayLiteral("no_route");
    case Outcome::NoBackend:
        return QByteArrayLiteral("no_backend");
    case Outcome::BadRequest:
        return QByteArrayLiteral("bad_request");
    case Outcome::HeaderTimeout:
        return QByteArrayLiteral("header_timeout");
    case Outcome::HeadersTooLarge:
        return QByteArrayLiteral("headers_too_large");
    case Outcome::BodyTooLarge:
        return QByteArrayLiteral("body_too_large");
    case Outcome::UpstreamError:
        return QByteArrayLiteral("upstream_error");
    case Outcome::UpstreamTimeout:
        return QByteArrayLiteral("upstream_timeout");
    case Outcome::Aborted:
        return QByteArrayLiteral("aborted");
    case Outcome::ClientClosed:
        return QByteArrayLiteral("client_closed");
    case Outcome::Upgraded:
        return QByteArrayLiteral("upgraded");
    case Outcome::BodyTimeout:
        return QByteArrayLiteral("body_timeout");
    case Outcome::SendTimeout:
        return QByteArrayLiteral("send_timeout");
    case Outcome::LoopDetected:
        return QByteArrayLiteral("loop_detected");
    case Outcome::OutOfResources:
        return QByteArrayLiteral("out_of_resources");
    case Outcome::Shutdown:
        return QByteArrayLiteral("shutdown");
    }
    return QByteArrayLiteral("unknown");
}

QByteArray formatReason(const RequestRecord &record) {
    QByteArray line;
    appendReason(line, record);
    return line;
}

void appendReason(QByteArray &out, const RequestRecord &record) {
    bool first = true;
    for (const PickExplanation &pick : record.picks) {
        if (!first)
            appendBytes(out, "; retry → ");
        pick.appendSummary(out);
        first = false;
    }
    if (!record.failure.isEmpty()) {
        if (!first)
            appendBytes(out, "; ");
        appendBytes(out, record.failure);
    }
}

void RequestRecord::addFailure(const QByteArray &detail) {
    if (!failure.isEmpty())
        failure += "; ";
    failure += detail;
}

qsizetype RequestRecord::upstreamTargetHeapBytes() const {
    return heapBytes(m_upstreamTarget);
}

void RequestRecord::setUpstreamTargetFrom(qsizetype from) {
    Q_ASSERT(from >= 0 && from <= target.size());
    m_upstreamTargetFrom = qint32(from);
    m_upstreamTarget = QByteArray();
}

void RequestRecord::setUpstreamTarget(const QByteArray &sent) {
    const qsizetype from = target.size() - sent.size();
    if (!sent.isEmpty() && from <= std::numeric_limits<qint32>::max() && target.endsWith(sent)) {
        setUpstreamTargetFrom(from);
        return;
    }
    m_upstreamTargetFrom = -1;
    m_upstreamTarget = sent;
}
