#include "config/yamlfieldreader.h"

#include <QHash>
#include <QStringList>
#include <algorithm>
#include <yaml-cpp/node/impl.h>
#include <yaml-cpp/node/iterator.h>

namespace {

// Past this many, more messages would only bury the first ones (and a fuzzed file can make
// thousands).
constexpr qsizetype maxErrors = 100;

} // namespace

YamlFieldReader::YamlFieldReader(const QString &fileName)
    : m_fileName(fileName) {}

QList<ConfigError> YamlFieldReader::errors() const {
    QList<ConfigError> sorted = m_errors;
    std::stable_sort(sorted.begin(), sorted.end(), [](const ConfigError &a, const ConfigError &b) {
        return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    if (m_truncated) {
        sorted.append(
            {m_fileName, 0, 0,
             QStringLiteral("too many errors: stopped after the first %1").arg(maxErrors)});
    }
    return sorted;
}

void YamlFieldReader::addError(const YAML::Mark &mark, const QString &message) {
    if (m_errors.size() >= maxErrors) {
        m_truncated = true;
        return;
    }
    const bool known = !mark.is_null();
    m_errors.append({m_fileName, known ? mark.line + 1 : 0, known ? mark.column + 1 : 0, message});
}

std::optional<YamlFieldReader::Entries>
YamlFieldReader::readMapping(const YAML::Node &node, const QString &context,
                             std::initializer_list<const char *> allowedKeys) {
    if (!node.IsMap()) {
        addError(node.Mark(), QStringLiteral("%1: expected a mapping of key: value, found %2")
                                  .arg(context, describe(node)));
        return std::nullopt;
    }
    Entries entries;
    QHash<QByteArray, int> firstLines;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const YAML::Node keyNode = it->first;
        if (!keyNode.IsScalar()) {
            addError(keyNode.Mark(), QStringLiteral("%1: expected a key name, found %2")
                                         .arg(context, describe(keyNode)));
            continue;
        }
        const QByteArray key = QByteArray::fromStdString(keyNode.Scalar());
        // yaml-cpp keeps both copies of a repeated key; the file would mean whichever a reader
        // happened to look up, so it is an error.
        if (const auto first = firstLines.constFind(key); first != firstLines.constEnd()) {
            addError(keyNode.Mark(),
                     QStringLiteral("%1: duplicate key %2 (first given at line %3)")
                         .arg(context, quotedForMessage(key), QString::number(first.value())));
            continue;
        }
        firstLines.insert(key, keyNode.Mark().line + 1);
        const bool allowed = std::any_of(allowedKeys.begin(), allowedKeys.end(),
                                         [&key](const char *name) { return key == name; });
        if (!allowed) {
            QStringList names;
            for (const char *name : allowedKeys)
                names.append(QString::fromLatin1(name));
            addError(keyNode.Mark(),
                     QStringLiteral("%1: unknown key %2, expected one of %3")
                         .arg(context, quotedForMessage(key), names.join(QStringLiteral(", "))));
            continue;
        }
        entries.append({key, keyNode, it->second});
    }
    return entries;
}

std::optional<QByteArray> YamlFieldReader::readScalar(const Entry &entry, const QString &expected) {
    if (!entry.value.IsScalar()) {
        addError(markOf(entry),
                 QStringLiteral("%1: expected %2, found %3")
                     .arg(QString::fromUtf8(entry.key), expected, describe(entry.value)));
        return std::nullopt;
    }
    return QByteArray::fromStdString(entry.value.Scalar());
}

std::optional<qint64> YamlFieldReader::readInteger(const Entry &entry, qint64 minimum,
                                                   qint64 maximum) {
    return readValue(entry, QStringLiteral("an integer"), [minimum, maximum](QByteArrayView text) {
        return parseInteger(text, minimum, maximum);
    });
}

std::optional<Milliseconds> YamlFieldReader::readDuration(const Entry &entry) {
    return readValue(entry, QStringLiteral("a duration such as 2s"), parseDuration);
}

QString YamlFieldReader::describe(const YAML::Node &node) {
    if (node.IsScalar())
        return quotedForMessage(QByteArray::fromStdString(node.Scalar()));
    if (node.IsSequence())
        return QStringLiteral("a list");
    if (node.IsMap())
        return QStringLiteral("a mapping");
    return QStringLiteral("nothing");
}

YAML::Mark YamlFieldReader::markOf(const Entry &entry) {
    return entry.value.IsNull() ? entry.keyNode.Mark() : entry.value.Mark();
}
