#include "inspect/headermask.h"

#include "model/capturedheadbuilder.h"

HeaderMask::HeaderMask(Secrets secrets, const QList<QByteArray> &extraNames)
    : m_secrets(secrets)
    , m_names(builtInNames()) {
    for (const QByteArray &name : extraNames)
        m_names.append(name.trimmed().toLower());
}

QList<QByteArray> HeaderMask::builtInNames() {
    return {"authorization", "proxy-authorization", "cookie", "set-cookie"};
}

bool HeaderMask::masks(QByteArrayView name) const {
    for (const QByteArray &masked : m_names) {
        if (masked.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QByteArrayView HeaderMask::shown(QByteArrayView name, QByteArrayView value) const {
    if (includesSecrets() || !masks(name))
        return value;
    return maskedValue;
}

CapturedHead HeaderMask::applied(const CapturedHead &head) const {
    if (includesSecrets())
        return head;
    CapturedHeadBuilder masked;
    masked.startLineOf(head);
    for (const CapturedHead::Field field : head.fields())
        masked.field(field.name, shown(field.name, field.value));
    return masked.build();
}
