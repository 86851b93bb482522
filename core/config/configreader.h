#pragma once

#include "config/gatewayconfig.h"
#include "config/yamlfieldreader.h"

#include <QList>
#include <optional>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/node/node.h>

// Walks one parsed YAML document into a GatewayConfig (README, "Config").
// Every problem goes to the field reader and the walk goes on, so that one run reports all of
// them. The walk follows the schema, never the document's own shape, so aliases that form cycles
// cannot make it recurse. yaml-cpp exceptions are left to the loader's edge (configloader.cpp).
class ConfigReader final {
public:
    explicit ConfigReader(YamlFieldReader &fields);

    // The config as far as it could be read; meaningful only when the field reader has no errors.
    GatewayConfig read(const YAML::Node &root);

private:
    using Entry = YamlFieldReader::Entry;

    void readServer(const Entry &entry, ListenAddress &listen);
    std::optional<ListenAddress> readAdmin(const Entry &entry);
    void readLimits(const Entry &entry, LimitsConfig &limits);
    void readDemo(const Entry &entry, DemoConfig &demo);
    void readCapture(const Entry &entry, CaptureConfig &capture);
    std::optional<qint64> readCaptureSize(const Entry &entry, qint64 maximum);
    void readMaskHeaders(const Entry &entry, QList<QByteArray> &names);
    // One backends: item, a port or a {port, latency, ...} mapping. portMark receives where the
    // port was written, for the duplicate check; nullopt when the item has errors.
    std::optional<quint16> readDemoBackend(const YAML::Node &node, DemoFaultsConfig &faults,
                                           YAML::Mark &portMark);
    // Keys given override base; the others keep base's values.
    std::optional<HealthCheckConfig> readHealthCheck(const Entry &entry, HealthCheckConfig base);
    void readPassiveHealth(const Entry &entry, PassiveHealthConfig &passiveHealth);
    QList<RouteConfig> readRoutes(const Entry &entry,
                                  const std::optional<HealthCheckConfig> &defaultHealthCheck);
    // nullopt when the route's id or path is unusable (it then takes no part in the duplicate
    // checks). idMark and pathMark receive where the id and path were written; idMark stays
    // null when the id was derived from the path.
    std::optional<RouteConfig> readRoute(const YAML::Node &node,
                                         const std::optional<HealthCheckConfig> &defaultHealthCheck,
                                         YAML::Mark &idMark, YAML::Mark &pathMark);
    QList<TargetConfig> readTargets(const Entry &entry);
    std::optional<TargetConfig> readTarget(const YAML::Node &node);

    YamlFieldReader &m_fields;
};
