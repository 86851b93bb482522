#include "iphashbalancer.h"

#include <QCryptographicHash>
#include <QHash>
#include <QVarLengthArray>

#include <algorithm>
#include <optional>

namespace {

// libketama's point: four bytes of an MD5 digest, little-endian.
quint32 pointOfDigest(const QByteArray &digest, int part) {
    const auto byte = [&](int i) { return quint32(quint8(digest[part * 4 + i])); };
    return byte(3) << 24 | byte(2) << 16 | byte(1) << 8 | byte(0);
}

QByteArray md5(QByteArrayView data) {
    return QCryptographicHash::hash(data, QCryptographicHash::Md5);
}

} // namespace

IpHashBalancer::IpHashBalancer(QList<BackendPtr> backends)
    : Balancer(std::move(backends)) {
    backendsChanged();
}

PickResult IpHashBalancer::pick(const PickContext &context) {
    PickResult result;
    result.strategy = kind();

    QVarLengthArray<std::optional<SkipReason>, 32> reasons;
    bool anyEligible = false;
    for (int index = 0; index < backends().size(); ++index) {
        reasons.append(ineligibility(*backends()[index], index, context));
        anyEligible = anyEligible || !reasons.back();
    }
    if (!anyEligible) {
        for (int index = 0; index < reasons.size(); ++index)
            result.skipped.append({index, *reasons[index]});
        return result;
    }

    const quint32 hash = pointOfDigest(md5(context.clientAddress), 0);
    const auto first =
        std::lower_bound(m_ring.cbegin(), m_ring.cend(), hash,
                         [](const Point &point, quint32 h) { return point.hash < h; });
    const qsizetype start = first - m_ring.cbegin();
    // At least one instance is eligible and owns points, so one revolution always ends the walk.
    for (qsizetype step = 0; step < m_ring.size(); ++step) {
        const int index = m_ring[(start + step) % m_ring.size()].index;
        if (const auto &reason = reasons[index]) {
            const bool reported =
                std::any_of(result.skipped.cbegin(), result.skipped.cend(),
                            [&](const SkippedCandidate &c) { return c.index == index; });
            if (!reported)
                result.skipped.append({index, *reason});
            continue;
        }
        result.index = index;
        result.backend = backends()[index];
        result.detail = "client hash " + QByteArray::number(hash, 16).rightJustified(8, '0');
        return result;
    }
    Q_UNREACHABLE();
    return result;
}

void IpHashBalancer::backendsChanged() {
    m_ring.clear();
    // The same URL listed twice still gets two distinct sets of points.
    QHash<QByteArray, int> seen;
    for (int index = 0; index < backends().size(); ++index) {
        const Backend &backend = *backends()[index];
        QByteArray key = backend.url.toString(QUrl::FullyEncoded).toUtf8();
        if (const int occurrence = seen[key]++; occurrence > 0)
            key += '#' + QByteArray::number(occurrence);

        const int digests = pointsPerWeight * effectiveWeight(backend) / 4;
        for (int n = 0; n < digests; ++n) {
            const QByteArray digest = md5(QByteArray(key + '-' + QByteArray::number(n)));
            for (int part = 0; part < 4; ++part)
                m_ring.append({pointOfDigest(digest, part), index});
        }
    }
    // Ties (two instances on one 32-bit point) are broken by URL, not by position.
    std::sort(m_ring.begin(), m_ring.end(), [this](const Point &a, const Point &b) {
        if (a.hash != b.hash)
            return a.hash < b.hash;
        return backends()[a.index]->url.toString() < backends()[b.index]->url.toString();
    });
}
