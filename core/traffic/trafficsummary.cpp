#include "traffic/trafficsummary.h"

#include <numeric>

QString trafficTransportErrorName(TrafficTransportError error) {
    switch (error) {
    case TrafficTransportError::ConnectRefused:
        return QStringLiteral("connect refused");
    case TrafficTransportError::Reset:
        return QStringLiteral("reset");
    case TrafficTransportError::Timeout:
        return QStringLiteral("timeout");
    case TrafficTransportError::BadResponse:
        return QStringLiteral("bad response");
    case TrafficTransportError::OtherSocketError:
        break;
    }
    return QStringLiteral("socket error");
}

qint64 TrafficSummary::statusErrorCount() const {
    return std::accumulate(errorsByStatus.cbegin(), errorsByStatus.cend(), qint64(0));
}

qint64 TrafficSummary::transportErrorCount() const {
    return std::accumulate(transportErrors.cbegin(), transportErrors.cend(), qint64(0));
}

qint64 TrafficSummary::failedCount() const {
    qint64 serverErrors = 0;
    for (auto it = errorsByStatus.cbegin(); it != errorsByStatus.cend(); ++it)
        serverErrors += it.key() >= 500 ? it.value() : 0;
    return serverErrors + transportErrorCount();
}

qint64 TrafficSummary::clientErrorCount() const {
    return statusErrorCount() + transportErrorCount() - failedCount();
}

qint64 TrafficSummary::completed() const {
    return ok + statusErrorCount() + transportErrorCount();
}
