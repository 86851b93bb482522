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

// The client's point, from the context's cache when it holds this address (PickContext).
quint32 clientPoint(const PickContext &context) {
    std::optional<PickContext::AddressHash> &cached = context.addressHash;
    if (!cached || cached->address != context.clientAddress)
        cached = PickContext::AddressHash{context.clientAddress,
                                          pointOfDigest(md5(context.clientAddress), 0)};
    return cached->point;
}

} // namespace

IpHashBalancer::IpHashBalancer(QList<BackendPtr> backends)
    : Balancer(std::move(backends)) {
    buildRing();
}

PickResult IpHashBalancer::pick(const PickContext &context) {
    return preview(context); // no state: the ring changes only with the instance list
}

PickResult IpHashBalancer::preview(const PickContext &context) const {
    PickResult result;
    PickExplanation &explanation = result.explanation;
    explanation.strategy = kind();

    QVarLengthArray<PickCandidate, 32> entries;
    bool anyEligible = false;
    for (int index = 0; index < backends().size(); ++index) {
        entries.append(candidate(index, context));
        anyEligible = anyEligible || entries.back().eligible;
    }
    if (!anyEligible) {
        for (PickCandidate &entry : entries) {
            entry.verdict = CandidateVerdict::Skipped;
            explanation.candidates.append(entry);
        }
        return result;
    }

    const quint32 hash = clientPoint(context);
    explanation.clientHash = hash;
    const auto first =
        std::lower_bound(m_ring.cbegin(), m_ring.cend(), hash,
                         [](const Point &point, quint32 h) { return point.hash < h; });
    const qsizetype start = first - m_ring.cbegin();
    // The candidates list the instances in the order the walk met them, then the others.
    QVarLengthArray<bool, 32> met(entries.size(), false);
    // At least one instance is eligible and owns points, so one revolution always ends the walk.
    for (qsizetype step = 0; step < m_ring.size(); ++step) {
        const Point &point = m_ring[(start + step) % m_ring.size()];
        PickCandidate &entry = entries[point.index];
        if (met[point.index])
            continue;
        met[point.index] = true;
        if (!entry.eligible) {
            entry.verdict = CandidateVerdict::Skipped;
            explanation.candidates.append(entry);
            continue;
        }
        entry.verdict = CandidateVerdict::Chosen;
        explanation.candidates.append(entry);
        explanation.chosenIndex = point.index;
        explanation.ringPoint = point.hash;
        result.index = point.index;
        result.backend = backends()[point.index];
        break;
    }
    Q_ASSERT(result.backend);
    for (const PickCandidate &entry : entries) {
        if (!met[entry.index])
            explanation.candidates.append(entry); // verdict NotReached
    }
    return result;
}

QList<double> IpHashBalancer::expectedShares() const {
    QList<double> shares(backends().size(), 0.0);
    const qsizetype size = m_ring.size();
    // Who serves each point: its owner when eligible, else the next eligible owner clockwise.
    // Two revolutions backwards carry the server into the points before the first eligible one.
    QList<int> server(size, -1);
    const bool panic = inPanic();
    int next = -1;
    for (qsizetype step = 2 * size - 1; step >= 0; --step) {
        const Point &point = m_ring[step % size];
        if (takesShare(*backends()[point.index], panic))
            next = point.index;
        server[step % size] = next;
    }
    constexpr double ringSize = 4294967296.0; // 2^32 hash values
    for (qsizetype i = 0; i < size; ++i) {
        if (server[i] < 0)
            return QList<double>(backends().size(), 0.0); // none eligible
        // A point serves the hashes after the previous point up to itself (lower_bound), the
        // first point also those after the last one (the ring wraps).
        const quint32 previous = m_ring[(i + size - 1) % size].hash;
        quint64 arc = quint32(m_ring[i].hash - previous);
        if (i == 0 && m_ring[0].hash == m_ring[size - 1].hash)
            arc = quint64(1) << 32; // every point on one hash: the first serves the whole ring
        shares[server[i]] += double(arc) / ringSize;
    }
    return shares;
}

void IpHashBalancer::buildRing() {
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
