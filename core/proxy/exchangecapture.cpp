#include "proxy/exchangecapture.h"

#include "http/httpmessagehead.h"

#include <algorithm>

namespace {

constexpr QByteArrayView headEnd = "\r\n\r\n";

struct SplitMessage {
    QByteArrayView head; // without the empty line
    QByteArrayView body;
};

// A serialized head, or a whole answer of the gateway's own, at its empty line. A head alone,
// the common case, ends with it: no search.
SplitMessage splitHead(QByteArrayView serialized) {
    if (serialized.endsWith(headEnd))
        return {serialized.chopped(headEnd.size()), {}};
    const qsizetype end = serialized.indexOf(headEnd);
    if (end < 0)
        return {serialized, {}};
    return {serialized.first(end), serialized.sliced(end + headEnd.size())};
}

void copyFields(const HttpMessageHead &head, CapturedHead &captured) {
    captured.versionMajor = head.versionMajor();
    captured.versionMinor = head.versionMinor();
    captured.headers.clear();
    captured.headers.reserve(head.headerCount());
    for (qsizetype i = 0; i < head.headerCount(); ++i)
        captured.headers.append(
            CapturedHeader{head.headerName(i).toByteArray(), head.headerValue(i).toByteArray()});
}

// "HTTP/1.1" → 1, 1; anything else leaves the defaults (the proxy writes only 1.0 and 1.1).
void readVersion(QByteArrayView text, CapturedHead &head) {
    if (text.size() == 8 && text.startsWith("HTTP/") && text.at(6) == '.') {
        head.versionMajor = text.at(5) - '0';
        head.versionMinor = text.at(7) - '0';
    }
}

// A head the gateway serialized itself (httpwriter.h, messagerewriter.h), up to and without the
// empty line: CRLF line ends, single spaces, "Name: value" fields, so splitting is all the
// parsing it needs. Capture runs per request, so lines are found by their LF (a byte search,
// where a search for "\r\n" costs a substring search per line) and the list is allocated once.
CapturedHead parseOwnHead(QByteArrayView head) {
    CapturedHead captured;
    // One LF per field: after the start line and each field but the last.
    captured.headers.reserve(std::count(head.begin(), head.end(), '\n'));
    qsizetype lineStart = 0;
    bool startLine = true;
    while (lineStart < head.size()) {
        qsizetype lineEnd = head.indexOf('\n', lineStart);
        if (lineEnd < 0)
            lineEnd = head.size();
        QByteArrayView line = head.sliced(lineStart, lineEnd - lineStart);
        if (line.endsWith('\r'))
            line.chop(1);
        lineStart = lineEnd + 1;
        if (line.isEmpty())
            break;
        if (startLine) {
            startLine = false;
            const qsizetype firstSpace = line.indexOf(' ');
            const qsizetype secondSpace = firstSpace < 0 ? -1 : line.indexOf(' ', firstSpace + 1);
            const QByteArrayView first = line.first(firstSpace < 0 ? line.size() : firstSpace);
            const QByteArrayView second =
                firstSpace < 0    ? QByteArrayView()
                : secondSpace < 0 ? line.sliced(firstSpace + 1)
                                  : line.sliced(firstSpace + 1, secondSpace - firstSpace - 1);
            const QByteArrayView rest =
                secondSpace < 0 ? QByteArrayView() : line.sliced(secondSpace + 1);
            if (first.startsWith("HTTP/")) {
                readVersion(first, captured);
                captured.status = second.toByteArray().toInt();
                captured.reason = rest.toByteArray();
            } else {
                captured.method = first.toByteArray();
                captured.target = second.toByteArray();
                readVersion(rest, captured);
            }
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            continue;
        captured.headers.append(CapturedHeader{line.first(colon).toByteArray(),
                                               line.sliced(colon + 1).trimmed().toByteArray()});
    }
    return captured;
}

} // namespace

void ExchangeCapture::requestReceived(const HttpMessageHead &head) {
    CapturedHead &captured = m_parts.requestReceived;
    captured.method = head.method().toByteArray();
    captured.target = head.target().toByteArray();
    copyFields(head, captured);
}

void ExchangeCapture::requestSent(QByteArrayView serializedHead) {
    m_parts.requestSent = parseOwnHead(splitHead(serializedHead).head);
}

void ExchangeCapture::responseReceived(const HttpMessageHead &head) {
    CapturedHead &captured = m_parts.responseReceived;
    captured.status = head.statusCode();
    captured.reason = head.reasonPhrase().toByteArray();
    copyFields(head, captured);
}

void ExchangeCapture::responseSent(QByteArrayView serialized) {
    const SplitMessage message = splitHead(serialized);
    m_parts.responseSent = parseOwnHead(message.head);
    if (!message.body.isEmpty())
        m_parts.responseBody.append(message.body, m_bodyLimit);
}

CapturedExchange ExchangeCapture::finish(const RequestRecord &record) {
    m_parts.record = record;
    return CapturedExchange(std::move(m_parts));
}
