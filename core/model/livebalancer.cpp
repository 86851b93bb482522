#include "model/livebalancer.h"

LiveBalancer::LiveBalancer(QObject *parent)
    : QObject(parent) {}

LiveBalancer::~LiveBalancer() = default;
