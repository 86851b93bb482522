#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// How the details pane shows a body (README, "Inspecting traffic"): what kind it is, from its
// Content-Type and, when that is missing or generic, from its first bytes, and the text for each
// kind. Bodies come here decoded (contentcoding.h).

enum class BodyKind {
    Empty,
    Json,   // application/json, anything +json, or JSON sniffed from the bytes
    Form,   // application/x-www-form-urlencoded
    Text,   // text/*, XML, JavaScript, or bytes that are valid UTF-8 without controls
    Image,  // image/*, or PNG/JPEG/GIF/WebP sniffed from the magic bytes
    Binary, // anything else: shown as a hex dump
};

// "text/html; charset=ISO-8859-1" → type "text/html", charset "iso-8859-1" (both lower case;
// charset empty when not given).
struct MediaType {
    QByteArray type;
    QByteArray charset;
};
MediaType parseMediaType(QByteArrayView contentType);

// The declared type wins, except that a missing one, application/octet-stream and text/plain
// (what servers send when they do not know) are sniffed: JSON that parses, an image's magic
// number, UTF-8 text, else binary. A JSON body sent as text/plain is shown as JSON.
BodyKind classifyBody(QByteArrayView contentType, QByteArrayView bytes);

// JSON re-indented by two spaces with the members in their order and numbers as written (a
// parse into QJsonObject would sort the keys and turn 12345678901234567890 into a double).
// Returns the bytes as they are when they are not valid JSON.
QByteArray prettyJson(QByteArrayView bytes);

// A form body as one "name = value" line per field, decoded ('+' is a space, %XX a byte), in
// order, repeated names kept.
QString prettyForm(QByteArrayView bytes);

// The text in the charset the Content-Type names (UTF-8 when none, or one Qt does not know).
QString decodedText(QByteArrayView bytes, const QByteArray &charset);

// hexdump -C's layout: offset, sixteen bytes in hex in two groups of eight, the printable ASCII
// beside them ("00000000  89 50 4e 47 0d 0a 1a 0a  00 00 00 0d 49 48 44 52  |.PNG........IHDR|"),
// one line per sixteen bytes, of the first maxBytes bytes only (the caller says, in the
// window's language, how many more there were).
QString hexDump(QByteArrayView bytes, qsizetype maxBytes);
