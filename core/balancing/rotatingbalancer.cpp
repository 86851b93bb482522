#include "rotatingbalancer.h"

RotatingBalancer::RotatingBalancer(QList<BackendPtr> backends)
    : Balancer(std::move(backends)) {}

PickResult RotatingBalancer::pick(const PickContext &context) {
    PickResult result = choose(context, m_cursor);
    if (result.backend)
        m_cursor.picked(result.index, *result.backend);
    return result;
}

PickResult RotatingBalancer::preview(const PickContext &context) const {
    return choose(context, m_cursor);
}

void RotatingBalancer::continueFrom(const Balancer &previous) {
    Q_ASSERT(previous.kind() == kind()); // the same strategy, so the same class
    m_cursor = static_cast<const RotatingBalancer &>(previous).m_cursor;
    m_cursor.follow(backends());
}
