#pragma once

#include "balancing/backend.h"

#include <QList>

// Where a rotation continues: after the instance picked last, remembered by identity (Backend::id)
// so that adding or removing instances while running neither skips nor repeats one. Shared by
// round_robin and by least_connections' tie-break.
class RotationCursor final {
public:
    // Position to start the next scan at, in [0, count). count must be positive.
    int nextStart(int count) const;
    // Position the rotation continues after; -1 before the first pick.
    int lastIndex() const { return m_lastIndex; }

    void picked(int index, const Backend &backend);
    // Moves the position to where the instance picked last stands in backends, a changed list.
    void follow(const QList<BackendPtr> &backends);

private:
    int m_lastIndex = -1;
    quint64 m_lastId = 0;
};
