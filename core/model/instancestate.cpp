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
