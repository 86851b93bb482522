#include "rotationcursor.h"

#include <algorithm>

int RotationCursor::nextStart(int count) const {
    Q_ASSERT(count > 0);
    return (m_lastIndex + 1) % count;
}

void RotationCursor::picked(int index, const Backend &backend) {
    m_lastIndex = index;
    m_lastId = backend.id;
}

void RotationCursor::follow(const QList<BackendPtr> &backends) {
    if (m_lastIndex < 0)
        return;
    for (int i = 0; i < backends.size(); ++i) {
        if (backends[i]->id == m_lastId) {
            m_lastIndex = i;
            return;
        }
    }
    // The instance picked last was removed and its successor slid into its position, so the
    // rotation now continues after its predecessor (or from the start if it had none).
    m_lastIndex = std::min(m_lastIndex, int(backends.size())) - 1;
    if (m_lastIndex >= 0)
        m_lastId = backends[m_lastIndex]->id;
}
