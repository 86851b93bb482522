#include "inspect/rawhttp.h"

QByteArray rawHttp(const CapturedHead &head, const CapturedBody &body, const HeaderMask &mask) {
    QByteArray text;
    if (!head.method().isEmpty()) {
        text += head.method();
        text += ' ';
        text += head.target();
        text += ' ';
        text += head.versionText();
    } else {
        text += head.versionText();
        text += ' ';
        text += QByteArray::number(head.status());
        text += ' ';
        text += head.reason();
    }
    text += "\r\n";
    for (const CapturedHead::Field field : head.fields()) {
        text += field.name;
        text += ": ";
        text += mask.shown(field.name, field.value);
        text += "\r\n";
    }
    text += "\r\n";
    text += body.bytes;
    return text;
}
