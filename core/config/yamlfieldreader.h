#pragma once

#include "config/configloader.h"
#include "config/valueparsers.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <initializer_list>
#include <optional>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/node/node.h>

// Reads typed fields out of YAML nodes and records every problem as a positioned ConfigError,
// so that a reader can check the whole file and report all of its mistakes at once. Knows
// nothing of the gateway's schema (that is ConfigReader's).
class YamlFieldReader final {
public:
    // One key of a mapping whose name is among the allowed ones.
    struct Entry {
        QByteArray key;
        YAML::Node keyNode;
        YAML::Node value;
    };
    using Entries = QList<Entry>;

    explicit YamlFieldReader(const QString &fileName);

    void addError(const YAML::Mark &mark, const QString &message);
    // Sorted by position; a final unpositioned error says when the list was cut short.
    QList<ConfigError> errors() const;

    // The keys of a mapping in file order. Keys that are not scalars, repeated or not allowed
    // are errors (the message lists the allowed ones) and are left out. nullopt if node is not a
    // mapping.
    std::optional<Entries> readMapping(const YAML::Node &node, const QString &context,
                                       std::initializer_list<const char *> allowedKeys);
    std::optional<QByteArray> readScalar(const Entry &entry, const QString &expected);
    // A scalar converted by parse, a function returning Parsed<T>.
    template <typename Parser>
    auto readValue(const Entry &entry, const QString &expected, Parser parse)
        -> decltype(parse(QByteArrayView()).value);
    std::optional<qint64> readInteger(const Entry &entry, qint64 minimum, qint64 maximum);
    std::optional<Milliseconds> readDuration(const Entry &entry);

    // What a node is, for "found ..." in messages.
    static QString describe(const YAML::Node &node);
    // Where a value is. A null value ("key:" and nothing after it) is reported at its key:
    // yaml-cpp places it at the next token, often on the next line.
    static YAML::Mark markOf(const Entry &entry);

private:
    QString m_fileName;
    QList<ConfigError> m_errors;
    bool m_truncated = false;
};

template <typename Parser>
auto YamlFieldReader::readValue(const Entry &entry, const QString &expected, Parser parse)
    -> decltype(parse(QByteArrayView()).value) {
    const std::optional<QByteArray> text = readScalar(entry, expected);
    if (!text)
        return std::nullopt;
    auto parsed = parse(*text);
    if (!parsed.value)
        addError(markOf(entry), QString::fromUtf8(entry.key) + QStringLiteral(": ") + parsed.error);
    return parsed.value;
}
