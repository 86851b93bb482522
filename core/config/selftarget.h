#pragma once

#include "config/gatewayconfig.h"

#include <QStringList>
#include <QUrl>

// Loop protection at configuration time (README, "Loop protection"): an instance whose URL is
// the gateway's own listen address would send every request back to the gateway. The proxy
// answers such a request 508 when it comes back (its Via names the gateway); these checks say
// so before any request is sent.

// Whether a connection to target (an instance URL) lands on a listener bound to listen: the
// same port, and the listen address itself, or for a loopback listener localhost and 0.0.0.0 /
// [::] (which Linux connects to loopback), or for a wildcard listener any loopback address,
// localhost, the wildcard and this machine's own addresses. Host names other than localhost are
// not resolved, as in server.listen.
bool reachesListener(const QUrl &target, const ListenAddress &listen);

// One sentence for each route instance of config that reaches its server.listen; empty when
// none does, or when that port is 0 (known only once bound).
QStringList selfTargetWarnings(const GatewayConfig &config);
