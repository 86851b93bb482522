#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <initializer_list>
#include <optional>

class HttpMessageHead;

// Header fields in wire order, as a test peer saw them or wants to send them. Names compare
// ASCII case-insensitively, as HTTP requires.
class HeaderList final {
public:
    struct Field {
        QByteArray name;
        QByteArray value;
    };

    HeaderList() = default;
    HeaderList(std::initializer_list<Field> fields);
    static HeaderList fromHead(const HttpMessageHead &head);

    void append(const QByteArray &name, const QByteArray &value);
    const QList<Field> &fields() const { return m_fields; }

    // First value of name; nullopt when absent.
    std::optional<QByteArray> value(QByteArrayView name) const;
    qsizetype count(QByteArrayView name) const;
    bool contains(QByteArrayView name) const { return count(name) > 0; }

    // "Name: value" lines, for failure messages.
    QByteArray toText() const;

private:
    QList<Field> m_fields;
};
