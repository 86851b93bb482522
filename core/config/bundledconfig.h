#pragma once

// The bundled demo config (resources/gateway.yaml), compiled into core_config as a Qt
// resource. Runs when no --config is given.
inline constexpr char bundledConfigPath[] = ":/gateway.yaml";
