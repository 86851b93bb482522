#include "headerlist.h"

#include "http/headerrules.h"
#include "http/httpmessagehead.h"

HeaderList::HeaderList(std::initializer_list<Field> fields)
    : m_fields(fields) {}

HeaderList HeaderList::fromHead(const HttpMessageHead &head) {
    HeaderList list;
    for (qsizetype i = 0; i < head.headerCount(); ++i)
        list.append(head.headerName(i).toByteArray(), head.headerValue(i).toByteArray());
    return list;
}

void HeaderList::append(const QByteArray &name, const QByteArray &value) {
    m_fields.append({name, value});
}

std::optional<QByteArray> HeaderList::value(QByteArrayView name) const {
    for (const Field &field : m_fields) {
        if (equalsIgnoringCase(field.name, name))
            return field.value;
    }
    return std::nullopt;
}

qsizetype HeaderList::count(QByteArrayView name) const {
    qsizetype count = 0;
    for (const Field &field : m_fields)
        count += equalsIgnoringCase(field.name, name) ? 1 : 0;
    return count;
}

QByteArray HeaderList::toText() const {
    QByteArray text;
    for (const Field &field : m_fields)
        text.append(field.name).append(": ").append(field.value).append('\n');
    return text;
}
