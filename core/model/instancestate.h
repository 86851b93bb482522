#pragma once

#include <QByteArray>

// Admin state and health are kept apart, as HAProxy does: an operator's decision (enabled,
// draining, disabled) is never folded into what the health checks observed (up, down, unknown).
enum class AdminState { Enabled, Draining, Disabled };
enum class Health { Unknown, Up, Down };

// Weights the config, the admin API and the window accept (nginx's range starts at 1 too).
inline constexpr int maxBackendWeight = 1000;

QByteArray adminStateName(AdminState state); // "enabled" | "draining" | "disabled"
QByteArray healthName(Health health);        // "unknown" | "up" | "down"
