#pragma once

#include "balancing/backend.h"
#include "model/pickexplanation.h"

#include <QByteArray>
#include <QList>

// Outcome of Balancer::pick() and Balancer::preview(). backend is null when no instance can
// take the request (→ 503); explanation says why, in either case.
struct PickResult {
    BackendPtr backend;
    int index = -1; // position of backend in Balancer::backends()
    PickExplanation explanation;
};

// What a pick may know about the request.
struct PickContext {
    QByteArray clientAddress;   // for ip_hash
    QList<int> excludedIndexes; // instances already tried by this request (retries)
};
