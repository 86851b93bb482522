#pragma once

#include "balancing/balancer.h"
#include "balancing/rotationcursor.h"

// Base of the strategies whose scan starts after the last pick (round_robin, and
// least_connections for its ties): one RotationCursor; pick() moves it to the chosen instance,
// preview() runs the same scan and leaves it, so a preview shows exactly the next pick.
class RotatingBalancer : public Balancer {
public:
    PickResult pick(const PickContext &context) final;
    PickResult preview(const PickContext &context) const final;
    void continueFrom(const Balancer &previous) final;

protected:
    explicit RotatingBalancer(QList<BackendPtr> backends);

    // The strategy's scan, starting at cursor.nextStart().
    virtual PickResult choose(const PickContext &context, const RotationCursor &cursor) const = 0;

private:
    RotationCursor m_cursor;
};
