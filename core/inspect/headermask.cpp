#include "inspect/headermask.h"

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

QByteArray HeaderMask::shown(QByteArrayView name, const QByteArray &value) const {
    if (includesSecrets() || !masks(name))
        return value;
    return maskedValue.toByteArray();
}

CapturedHead HeaderMask::applied(const CapturedHead &head) const {
    if (includesSecrets())
        return head;
    CapturedHead masked = head;
    for (CapturedHeader &header : masked.headers)
        header.value = shown(header.name, header.value);
    return masked;
}
