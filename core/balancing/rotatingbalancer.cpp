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

void RotatingBalancer::backendsChanged() {
    m_cursor.backendsChanged(backends());
}
