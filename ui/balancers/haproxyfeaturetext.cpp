#include "balancers/haproxyfeaturetext.h"

QString HaproxyFeatureText::reason(HaproxySession::Feature feature) {
    switch (feature) {
    case HaproxySession::Feature::RouteTester:
        return tr("Not on HAProxy: the route tester runs the gateway's own routing, and HAProxy's "
                  "runtime API cannot tell which server a request would get.");
    case HaproxySession::Feature::DemoFaults:
        return tr("Not on HAProxy: demo faults act on the gateway's own demo instances; HAProxy's "
                  "servers are processes of their own.");
    case HaproxySession::Feature::StrategyChange:
        return tr("Not on HAProxy: HAProxy 2.6 cannot change a backend's balance algorithm while "
                  "it runs; edit haproxy.cfg and reload HAProxy.");
    case HaproxySession::Feature::Reload:
        return tr("Not on HAProxy: the console cannot reload HAProxy's config; HAProxy reloads on "
                  "SIGUSR2 (master-worker mode) or a restart.");
    case HaproxySession::Feature::TrafficInspector:
        return tr("Not on HAProxy: its access log has no headers or bodies to capture.");
    }
    return gatewayOnly();
}

QString HaproxyFeatureText::gatewayOnly() {
    return tr("This belongs to the built-in gateway: File → Disconnect from HAProxy returns to "
              "it.");
}
