#include "proxy/exchangecapture.h"

#include "http/httpmessagehead.h"

namespace {

constexpr QByteArrayView headEnd = "\r\n\r\n";

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

// A head the gateway serialized itself (httpwriter.h, messagerewriter.h): CRLF line ends, single
// spaces, "Name: value" fields, so splitting is all the parsing it needs.
CapturedHead parseOwnHead(QByteArrayView head) {
    CapturedHead captured;
    qsizetype lineStart = 0;
    bool startLine = true;
    while (lineStart < head.size()) {
        qsizetype lineEnd = head.indexOf("\r\n", lineStart);
        if (lineEnd < 0)
            lineEnd = head.size();
        const QByteArrayView line = head.sliced(lineStart, lineEnd - lineStart);
        lineStart = lineEnd + 2;
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
    m_parts.requestSent = parseOwnHead(serializedHead);
}

void ExchangeCapture::responseReceived(const HttpMessageHead &head) {
    CapturedHead &captured = m_parts.responseReceived;
    captured.status = head.statusCode();
    captured.reason = head.reasonPhrase().toByteArray();
    copyFields(head, captured);
}

void ExchangeCapture::responseSent(QByteArrayView serialized) {
    const qsizetype end = serialized.indexOf(headEnd);
    if (end < 0) {
        m_parts.responseSent = parseOwnHead(serialized);
        return;
    }
    m_parts.responseSent = parseOwnHead(serialized.first(end));
    const QByteArrayView body = serialized.sliced(end + headEnd.size());
    if (!body.isEmpty())
        m_parts.responseBody.append(body, m_bodyLimit);
}

CapturedExchange ExchangeCapture::finish(const RequestRecord &record) {
    m_parts.record = record;
    return CapturedExchange(std::move(m_parts));
}
