#pragma once

#include "balancing/backend.h"
#include "model/pickexplanation.h"

#include <QByteArray>
#include <QList>

#include <optional>

// Outcome of Balancer::pick() and Balancer::preview(). backend is null when no instance can
// take the request (→ 503); explanation says why, in either case.
struct PickResult {
    BackendPtr backend;
    int index = -1; // position of backend in Balancer::backends()
    PickExplanation explanation;
};

// What a pick may know about the request.
struct PickContext {
    // ip_hash's point of an address on its ring, with the address it was computed from.
    struct AddressHash {
        QByteArray address;
        quint32 point = 0;
    };

    QByteArray clientAddress;   // for ip_hash
    QList<int> excludedIndexes; // instances already tried by this request (retries)
    // Kept by ip_hash's first pick for clientAddress: the proxy keeps one context per client
    // connection (ProxyExchange), whose address does not change, so the address is hashed once
    // per connection instead of once per request. A context given another address hashes anew.
    mutable std::optional<AddressHash> addressHash;
};
