#pragma once

// The bundled demo config (resources/gateway.yaml), compiled into the executable as a Qt
// resource. Runs when no --config is given.
inline constexpr char bundledConfigPath[] = ":/gateway.yaml";
