#pragma once

#include "model/demoinstancestate.h"
#include "model/gatewaysnapshot.h"
#include "model/routepreview.h"

#include <QJsonObject>

// The JSON form of a snapshot, shared by GET /api/state and the headless program. Field names
// are snake_case and documented in the README's "Admin API"; times are ISO 8601 UTC with
// milliseconds
// ("2024-05-01T12:00:00.123Z") or null when unknown.

QJsonObject stateToJson(const GatewaySnapshot &snapshot);
QJsonObject routeToJson(const RouteSnapshot &route);
QJsonObject backendToJson(const BackendSnapshot &backend);

// GET /api/demo: one demo instance's faults and counters.
QJsonObject demoInstanceToJson(const DemoInstanceState &instance);
// GET /api/route-test: what the gateway would do with a request (null where not applicable).
QJsonObject routePreviewToJson(const RoutePreview &preview);
