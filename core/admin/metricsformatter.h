#pragma once

#include "model/gatewaysnapshot.h"

#include <QByteArray>
#include <QByteArrayView>

// GET /metrics: a snapshot in the Prometheus text exposition format 0.0.4.
//
// Per-instance series carry the labels route (route id), backend (display name) and index
// (0-based position in the route, as the admin API addresses it). Display names need not be
// unique within a route, so without index two instances could yield the same series, which
// Prometheus rejects.
//
// gateway_backend_up is 1 for an instance observed up and 0 for one observed down; an instance
// whose health is unknown (no health check, or none finished yet) has no sample. A -1 would
// break sum() and min() over the series; an absent sample is what "not observed" means.
// gateway_backend_enabled is 1 only for admin state "enabled" (a draining instance takes no new
// requests, so it counts as 0).

inline constexpr QByteArrayView metricsContentType = "text/plain; version=0.0.4; charset=utf-8";

QByteArray formatMetrics(const GatewaySnapshot &snapshot);

// A label value with backslash, double quote and line feed escaped, as the format requires.
QByteArray escapeLabelValue(QByteArrayView value);
