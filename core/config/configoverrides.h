#pragma once

#include "config/gatewayconfig.h"

#include <optional>

// Command-line overrides (--listen, --admin) applied on top of a loaded config, the same way by
// the headless program and the window.
struct ConfigOverrides {
    std::optional<ListenAddress> listen;
    std::optional<ListenAddress> admin;

    void applyTo(GatewayConfig &config) const {
        if (listen)
            config.listen = *listen;
        if (admin)
            config.admin = *admin;
    }
};
