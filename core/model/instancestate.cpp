#include "model/instancestate.h"

QByteArray adminStateName(AdminState state) {
    switch (state) {
    case AdminState::Enabled:
        return QByteArrayLiteral("enabled");
    case AdminState::Draining:
        return QByteArrayLiteral("draining");
    case AdminState::Disabled:
        return QByteArrayLiteral("disabled");
    }
    Q_UNREACHABLE();
    return QByteArray();
}

QByteArray healthName(Health health) {
    switch (health) {
    case Health::Unknown:
        return QByteArrayLiteral("unknown");
    case Health::Up:
        return QByteArrayLiteral("up");
    case Health::Down:
        return QByteArrayLiteral("down");
    }
    Q_UNREACHABLE();
    return QByteArray();
}

QByteArray passiveStateName(PassiveState state) {
    switch (state) {
    case PassiveState::Clear:
        return QByteArrayLiteral("clear");
    case PassiveState::Ejected:
        return QByteArrayLiteral("ejected");
    case PassiveState::Probation:
        return QByteArrayLiteral("probation");
    }
    Q_UNREACHABLE();
    return QByteArray();
}

Health combinedHealth(Health active, PassiveState passive) {
    if (active == Health::Down || passive == PassiveState::Ejected)
        return Health::Down;
    if (passive == PassiveState::Probation)
        return Health::Unknown;
    return active;
}
