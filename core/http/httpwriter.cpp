#include "http/httpwriter.h"

#include <cstring>

QByteArrayView reasonPhrase(int status) {
    switch (status) {
    case 100:
        return "Continue";
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 206:
        return "Partial Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 505:
        return "HTTP Version Not Supported";
    case 508:
        return "Loop Detected";
    default:
        return "Unknown";
    }
}

void appendRequestLine(QByteArray &out, QByteArrayView method, QByteArrayView target) {
    out.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
}

void appendStatusLine(QByteArray &out, int status, QByteArrayView reason) {
    char digits[4] = {char('0' + status / 100 % 10), char('0' + status / 10 % 10),
                      char('0' + status % 10), ' '};
    out.append("HTTP/1.1 ").append(digits, 4).append(reason).append("\r\n");
}

void appendHeader(QByteArray &out, QByteArrayView name, QByteArrayView value) {
    // One resize and plain copies: this runs for every header of every message.
    const qsizetype start = out.size();
    out.resize(start + name.size() + value.size() + 4);
    char *cursor = out.data() + start;
    std::memcpy(cursor, name.data(), size_t(name.size()));
    cursor += name.size();
    *cursor++ = ':';
    *cursor++ = ' ';
    std::memcpy(cursor, value.data(), size_t(value.size()));
    cursor += value.size();
    *cursor++ = '\r';
    *cursor = '\n';
}

void appendHeader(QByteArray &out, QByteArrayView name, qint64 value) {
    char digits[24];
    int length = 0;
    quint64 remaining = quint64(value < 0 ? 0 : value);
    do {
        digits[sizeof(digits) - 1 - length++] = char('0' + remaining % 10);
        remaining /= 10;
    } while (remaining > 0);
    appendHeader(out, name, QByteArrayView(digits + sizeof(digits) - length, length));
}

void appendEndOfHead(QByteArray &out) {
    out.append("\r\n");
}

void appendChunk(QByteArray &out, QByteArrayView data) {
    if (data.isEmpty())
        return;
    static constexpr char hex[] = "0123456789abcdef";
    char size[16];
    int length = 0;
    quint64 remaining = quint64(data.size());
    do {
        size[sizeof(size) - 1 - length++] = hex[remaining % 16];
        remaining /= 16;
    } while (remaining > 0);
    out.append(size + sizeof(size) - length, length).append("\r\n").append(data).append("\r\n");
}

QByteArray plainTextBody(int status, QByteArrayView detail) {
    QByteArray body;
    body.append(QByteArray::number(status)).append(' ').append(reasonPhrase(status));
    if (!detail.isEmpty())
        body.append(": ").append(detail);
    body.append('\n');
    return body;
}

QByteArray plainTextResponse(int status, QByteArrayView body, bool closeConnection,
                             ResponseBody withBody) {
    QByteArray out;
    out.reserve(128 + body.size());
    appendStatusLine(out, status, reasonPhrase(status));
    appendHeader(out, "Content-Type", "text/plain; charset=utf-8");
    appendHeader(out, "Content-Length", body.size());
    if (closeConnection)
        appendHeader(out, "Connection", "close");
    appendEndOfHead(out);
    if (withBody == ResponseBody::Include)
        out.append(body);
    return out;
}
