#include "pickresult.h"

QByteArray skipReasonName(SkipReason reason) {
    switch (reason) {
    case SkipReason::Disabled:
        return QByteArrayLiteral("disabled");
    case SkipReason::Draining:
        return QByteArrayLiteral("draining");
    case SkipReason::Down:
        return QByteArrayLiteral("down");
    case SkipReason::AlreadyTried:
        return QByteArrayLiteral("already tried");
    case SkipReason::NotChosen:
        return QByteArrayLiteral("not chosen");
    }
    Q_UNREACHABLE();
    return QByteArray();
}

QByteArray PickResult::summary() const {
    QByteArray line = strategyName(strategy) + ": ";
    if (backend)
        line += '#' + QByteArray::number(index + 1);
    else
        line += skipped.isEmpty() ? "no instances" : "none eligible";
    if (!detail.isEmpty())
        line += " (" + detail + ')';
    for (qsizetype i = 0; i < skipped.size(); ++i) {
        line += i == 0 ? "; skipped #" : ", #";
        line += QByteArray::number(skipped[i].index + 1) + " (" +
                skipReasonName(skipped[i].reason) + ')';
    }
    return line;
}
