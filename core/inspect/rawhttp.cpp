#include "inspect/rawhttp.h"

QByteArray rawHttp(const CapturedHead &head, const CapturedBody &body, const HeaderMask &mask) {
    QByteArray text;
    if (!head.method.isEmpty())
        text += head.method + ' ' + head.target + ' ' + head.versionText();
    else
        text += head.versionText() + ' ' + QByteArray::number(head.status) + ' ' + head.reason;
    text += "\r\n";
    for (const CapturedHeader &header : head.headers)
        text += header.name + ": " + mask.shown(header.name, header.value) + "\r\n";
    text += "\r\n";
    text += body.bytes;
    return text;
}
