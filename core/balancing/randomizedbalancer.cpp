#include "randomizedbalancer.h"

namespace {
QRandomGenerator seededGenerator(std::optional<quint64> seed) {
    const quint64 value = seed ? *seed : QRandomGenerator::global()->generate64();
    const quint32 words[2] = {quint32(value), quint32(value >> 32)};
    return QRandomGenerator(words);
}
} // namespace

RandomizedBalancer::RandomizedBalancer(QList<BackendPtr> backends, std::optional<quint64> seed)
    : Balancer(std::move(backends))
    , m_random(seededGenerator(seed)) {}

PickResult RandomizedBalancer::pick(const PickContext &context) {
    return choose(context, m_random);
}

PickResult RandomizedBalancer::preview(const PickContext &context) const {
    QRandomGenerator copy = m_random; // draws what pick() would, without advancing m_random
    return choose(context, copy);
}

QList<double> RandomizedBalancer::expectedShares() const {
    return sharesByWeight();
}
