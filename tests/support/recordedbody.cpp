#include "recordedbody.h"

void RecordedBody::append(QByteArrayView data) {
    if (m_kept.size() < keptLimit)
        m_kept.append(data.first(qMin(data.size(), keptLimit - m_kept.size())));
    m_size += data.size();
    quint64 checksum = m_checksum;
    const auto *bytes = reinterpret_cast<const quint8 *>(data.data());
    for (qsizetype i = 0; i < data.size(); ++i) {
        checksum ^= bytes[i];
        checksum *= 0x100000001b3ULL;
    }
    m_checksum = checksum;
}
