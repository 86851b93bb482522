#pragma once

#include "haproxy/haproxysession.h"

#include <QCoreApplication>
#include <QString>

// Why a part of the window is greyed out while it shows a HAProxy, in the window's language
// (HaproxySession::unavailableFeatures() gives the reasons in English, for the headless
// program): a tooltip and status tip for each action that only the built-in gateway has.
class HaproxyFeatureText final {
    Q_DECLARE_TR_FUNCTIONS(HaproxyFeatureText)

public:
    static QString reason(HaproxySession::Feature feature);
    // For the built-in gateway's own controls: Start, Stop, the scenarios, config export.
    static QString gatewayOnly();
};
