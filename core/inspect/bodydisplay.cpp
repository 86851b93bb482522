#include "inspect/bodydisplay.h"

#include <QJsonDocument>
#include <QStringDecoder>
#include <QStringList>
#include <QUrl>
#include <QUtf8StringView>

namespace {

bool isTextType(const QByteArray &type) {
    return type.startsWith("text/") || type == "application/xml" || type.endsWith("+xml") ||
           type == "application/javascript" || type == "application/x-javascript" ||
           type == "application/ecmascript";
}

bool isJsonType(const QByteArray &type) {
    return type == "application/json" || type.endsWith("+json") || type == "text/json";
}

// The magic numbers of the image formats a browser shows: PNG (RFC 2083), JPEG (SOI marker),
// GIF87a/89a, and WebP (a RIFF container of type WEBP).
bool looksLikeImage(QByteArrayView bytes) {
    return bytes.startsWith("\x89PNG\r\n\x1a\n") || bytes.startsWith("\xff\xd8\xff") ||
           bytes.startsWith("GIF87a") || bytes.startsWith("GIF89a") ||
           (bytes.startsWith("RIFF") && bytes.size() >= 12 && bytes.sliced(8, 4) == "WEBP");
}

bool looksLikeJson(QByteArrayView bytes) {
    const QByteArray trimmed = bytes.trimmed().toByteArray();
    if (!trimmed.startsWith('{') && !trimmed.startsWith('['))
        return false;
    QJsonParseError error;
    QJsonDocument::fromJson(trimmed, &error);
    return error.error == QJsonParseError::NoError;
}

bool looksLikeText(QByteArrayView bytes) {
    if (!QUtf8StringView(bytes).isValidUtf8())
        return false;
    for (const char byte : bytes) {
        const auto value = quint8(byte);
        if (value < 0x20 && byte != '\t' && byte != '\n' && byte != '\r' && byte != '\f')
            return false;
    }
    return true;
}

BodyKind sniff(QByteArrayView bytes) {
    if (looksLikeImage(bytes))
        return BodyKind::Image;
    if (looksLikeJson(bytes))
        return BodyKind::Json;
    if (looksLikeText(bytes))
        return BodyKind::Text;
    return BodyKind::Binary;
}

void newline(QByteArray &out, int depth) {
    out += '\n';
    out += QByteArray(depth * 2, ' ');
}

} // namespace

MediaType parseMediaType(QByteArrayView contentType) {
    MediaType media;
    const QList<QByteArray> parts = contentType.toByteArray().split(';');
    media.type = parts.first().trimmed().toLower();
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray parameter = parts[i].trimmed();
        const qsizetype equals = parameter.indexOf('=');
        if (equals > 0 && parameter.first(equals).trimmed().toLower() == "charset") {
            QByteArray value = parameter.sliced(equals + 1).trimmed();
            if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
                value = value.sliced(1, value.size() - 2);
            media.charset = value.toLower();
        }
    }
    return media;
}

BodyKind classifyBody(QByteArrayView contentType, QByteArrayView bytes) {
    if (bytes.isEmpty())
        return BodyKind::Empty;
    const QByteArray type = parseMediaType(contentType).type;
    if (type.isEmpty() || type == "application/octet-stream")
        return sniff(bytes);
    if (type == "text/plain")
        return looksLikeJson(bytes) ? BodyKind::Json : BodyKind::Text;
    if (isJsonType(type))
        return BodyKind::Json;
    if (type == "application/x-www-form-urlencoded")
        return BodyKind::Form;
    if (type.startsWith("image/"))
        return BodyKind::Image;
    if (isTextType(type))
        return BodyKind::Text;
    return looksLikeText(bytes) ? BodyKind::Text : BodyKind::Binary;
}

QByteArray prettyJson(QByteArrayView bytes) {
    QJsonParseError error;
    QJsonDocument::fromJson(bytes.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError)
        return bytes.toByteArray();
    // Valid JSON: re-indent token by token, copying strings and numbers as they are.
    QByteArray out;
    out.reserve(bytes.size() * 2);
    int depth = 0;
    bool inString = false;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char byte = bytes[i];
        if (inString) {
            out += byte;
            if (byte == '\\' && i + 1 < bytes.size())
                out += bytes[++i];
            else if (byte == '"')
                inString = false;
            continue;
        }
        switch (byte) {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
            break;
        case '"':
            inString = true;
            out += byte;
            break;
        case '{':
        case '[': {
            out += byte;
            qsizetype next = i + 1;
            while (next < bytes.size() && QByteArrayView(" \t\n\r").contains(bytes[next]))
                ++next;
            if (next < bytes.size() && (bytes[next] == '}' || bytes[next] == ']')) {
                out += bytes[next]; // {} and [] stay on one line
                i = next;
            } else {
                newline(out, ++depth);
            }
            break;
        }
        case '}':
        case ']':
            newline(out, --depth);
            out += byte;
            break;
        case ',':
            out += byte;
            newline(out, depth);
            break;
        case ':':
            out += ": ";
            break;
        default:
            out += byte;
        }
    }
    return out;
}

QString prettyForm(QByteArrayView bytes) {
    const auto decode = [](QByteArray part) {
        part.replace('+', ' ');
        return QString::fromUtf8(QByteArray::fromPercentEncoding(part));
    };
    QStringList lines;
    for (const QByteArray &field : bytes.toByteArray().split('&')) {
        if (field.isEmpty())
            continue;
        const qsizetype equals = field.indexOf('=');
        if (equals < 0)
            lines.append(decode(field));
        else
            lines.append(decode(field.first(equals)) + QStringLiteral(" = ") +
                         decode(field.sliced(equals + 1)));
    }
    return lines.join(QLatin1Char('\n'));
}

QString decodedText(QByteArrayView bytes, const QByteArray &charset) {
    if (!charset.isEmpty()) {
        QStringDecoder decoder(charset.constData());
        if (decoder.isValid())
            return decoder.decode(bytes);
    }
    return QString::fromUtf8(bytes);
}

QString hexDump(QByteArrayView bytes, qsizetype maxBytes) {
    const qsizetype shown = qMin(bytes.size(), maxBytes);
    QString out;
    out.reserve(shown / 16 * 80 + 80);
    for (qsizetype offset = 0; offset < shown; offset += 16) {
        const QByteArrayView line = bytes.sliced(offset, qMin<qsizetype>(16, shown - offset));
        out += QStringLiteral("%1 ").arg(offset, 8, 16, QLatin1Char('0'));
        for (qsizetype i = 0; i < 16; ++i) {
            out += i == 8 ? QStringLiteral("  ") : QStringLiteral(" ");
            out += i < line.size()
                       ? QStringLiteral("%1").arg(quint8(line[i]), 2, 16, QLatin1Char('0'))
                       : QStringLiteral("  ");
        }
        out += QStringLiteral("  |");
        for (const char byte : line)
            out += byte >= 0x20 && byte < 0x7f ? QLatin1Char(byte) : QLatin1Char('.');
        out += QStringLiteral("|\n");
    }
    return out;
}
