#include "accesslogformatter.h"

#include "logtext.h"
#include "model/numbertext.h"
#include "model/requestresult.h"

namespace {

// A first guess at a line's size, before a batch has shown it; typical lines are ~200 bytes
// of text and ~500 of JSON.
constexpr qsizetype initialTextLine = 256;
constexpr qsizetype initialJsonLine = 640;
// The guess follows the last batch within these bounds: one client's 60 KiB target must not
// make the next batch reserve 60 KiB per line. A longer line just grows the buffer.
constexpr qsizetype smallestLineGuess = 64;
constexpr qsizetype largestLineGuess = 2048;

} // namespace

AccessLogFormatter::AccessLogFormatter(Format format)
    : m_format(format)
    , m_bytesPerLine(format == Format::Json ? initialJsonLine : initialTextLine) {}

QByteArray AccessLogFormatter::formatBatch(const QList<RequestRecord> &records) {
    QByteArray out;
    // A little more than the last batch needed, so that a batch like it fits without growing.
    out.reserve(records.size() * (m_bytesPerLine + m_bytesPerLine / 4));
    for (const RequestRecord &record : records) {
        appendRecord(out, record);
        out.append('\n');
    }
    if (!records.isEmpty())
        m_bytesPerLine = qBound(smallestLineGuess, out.size() / records.size(), largestLineGuess);
    return out;
}

void AccessLogFormatter::appendRecord(QByteArray &out, const RequestRecord &record) {
    if (m_format == Format::Json)
        appendJson(out, record);
    else
        appendText(out, record);
}

void AccessLogFormatter::appendText(QByteArray &out, const RequestRecord &record) {
    m_time.append(out, record.startedAtMs);
    out.append(' ').append(record.clientAddress).append(' ').append(record.method).append(' ');
    out.append(record.target).append(" -> ", 4);
    if (record.routeId.isEmpty())
        out.append('-');
    else
        appendUtf8(out, record.routeId);
    if (record.backendIndex >= 0) {
        out.append(" #", 2);
        appendNumber(out, record.backendIndex + 1);
        out.append(' ');
        appendUtf8(out, record.backendName);
    }
    out.append(' ');
    appendNumber(out, record.status);
    out.append(' ');
    appendMillis(out, record.totalUs);
    out.append(" out=", 5);
    appendNumber(out, record.bytesOut);
    out.append("B ", 2).append(outcomeName(record.outcome));
    out.append(" result=", 8).append(resultName(resultOf(record)));
    if (record.attempts.size() > 1) {
        out.append(" [", 2);
        for (qsizetype i = 0; i < record.attempts.size(); ++i) {
            const AttemptRecord &attempt = record.attempts[i];
            if (i > 0)
                out.append("; ", 2);
            out.append("attempt ", 8);
            appendNumber(out, i + 1);
            out.append(" -> #", 5);
            appendNumber(out, attempt.backendIndex + 1);
            out.append(' ');
            if (attempt.error.isEmpty())
                appendNumber(out, attempt.status);
            else
                out.append(attempt.error);
        }
        out.append(']');
    }
    if (!record.picks.isEmpty() || !record.failure.isEmpty()) {
        out.append(" reason=\"", 9);
        appendReason(out, record);
        out.append('"');
    }
}

void AccessLogFormatter::appendJson(QByteArray &out, const RequestRecord &record) {
    out.append("{\"attempts\":[");
    for (qsizetype i = 0; i < record.attempts.size(); ++i) {
        const AttemptRecord &attempt = record.attempts[i];
        out.append(i > 0 ? ",{\"error\":" : "{\"error\":");
        appendJsonString(out, attempt.error);
        out.append(",\"instance\":");
        appendJsonString(out, attempt.backendName);
        out.append(",\"instance_index\":");
        appendNumber(out, attempt.backendIndex);
        out.append(",\"status\":");
        appendNumber(out, attempt.status);
        out.append('}');
    }
    out.append("],\"bytes_in\":");
    appendNumber(out, record.bytesIn);
    out.append(",\"bytes_out\":");
    appendNumber(out, record.bytesOut);
    out.append(",\"client\":");
    appendJsonString(out, record.clientAddress);
    out.append(",\"duration_us\":");
    appendNumber(out, record.totalUs);
    out.append(",\"id\":");
    appendNumber(out, qint64(record.id));
    out.append(",\"instance\":");
    appendJsonString(out, record.backendName);
    out.append(",\"instance_index\":");
    appendNumber(out, record.backendIndex);
    out.append(",\"instance_url\":");
    appendJsonString(out, record.backendUrl);
    out.append(",\"method\":");
    appendJsonString(out, record.method);
    out.append(",\"outcome\":\"");
    out.append(outcomeName(record.outcome));
    out.append("\",\"reason\":");
    // Built in a buffer kept across lines, then escaped: no allocation once it has grown.
    m_reason.truncate(0);
    appendReason(m_reason, record);
    appendJsonString(out, m_reason);
    out.append(isResponseCut(record) ? ",\"response_cut\":true,\"result\":\""
                                     : ",\"response_cut\":false,\"result\":\"");
    out.append(resultName(resultOf(record)));
    out.append("\",\"route\":");
    appendJsonString(out, record.routeId);
    out.append(",\"status\":");
    appendNumber(out, record.status);
    out.append(",\"target\":");
    appendJsonString(out, record.target);
    out.append(",\"time\":\"");
    m_time.append(out, record.startedAtMs);
    out.append("\",\"ttfb_us\":");
    appendNumber(out, record.timeToFirstByteUs);
    out.append(",\"upstream_target\":");
    appendJsonString(out, record.upstreamTarget());
    out.append('}');
}

void AccessLogFormatter::appendEvent(QByteArray &out, Event event, QStringView url,
                                     qint64 nowMsecsSinceEpoch) {
    if (m_format == Format::Text) {
        out.append(event == Event::Listening ? QByteArrayView("listening on ")
                                             : QByteArrayView("admin API on "));
        appendUtf8(out, url);
        return;
    }
    out.append(event == Event::Listening ? QByteArrayView("{\"event\":\"listening\",\"time\":\"")
                                         : QByteArrayView("{\"event\":\"admin_api\",\"time\":\""));
    m_time.append(out, nowMsecsSinceEpoch);
    out.append("\",\"url\":", 8);
    appendJsonString(out, url);
    out.append('}');
}
