#include "accesslogformatter.h"

#include "logtext.h"
#include "model/bytesappend.h"
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
        appendByte(out, '\n');
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
    appendByte(out, ' ');
    appendBytes(out, record.clientAddress);
    appendByte(out, ' ');
    appendBytes(out, record.method);
    appendByte(out, ' ');
    appendBytes(out, record.target);
    appendBytes(out, " -> ");
    if (record.routeId.isEmpty())
        appendByte(out, '-');
    else
        appendUtf8(out, record.routeId);
    if (record.backendIndex >= 0) {
        appendBytes(out, " #");
        appendNumber(out, record.backendIndex + 1);
        appendByte(out, ' ');
        appendUtf8(out, record.backendName);
    }
    appendByte(out, ' ');
    appendNumber(out, record.status);
    appendByte(out, ' ');
    appendMillis(out, record.totalUs);
    appendBytes(out, " out=");
    appendNumber(out, record.bytesOut);
    appendBytes(out, "B ");
    appendBytes(out, outcomeName(record.outcome));
    appendBytes(out, " result=");
    appendBytes(out, resultName(resultOf(record)));
    if (record.attempts.size() > 1) {
        appendBytes(out, " [");
        for (qsizetype i = 0; i < record.attempts.size(); ++i) {
            const AttemptRecord &attempt = record.attempts[i];
            if (i > 0)
                appendBytes(out, "; ");
            appendBytes(out, "attempt ");
            appendNumber(out, i + 1);
            appendBytes(out, " -> #");
            appendNumber(out, attempt.backendIndex + 1);
            appendByte(out, ' ');
            if (attempt.error.isEmpty())
                appendNumber(out, attempt.status);
            else
                appendBytes(out, attempt.error);
        }
        appendByte(out, ']');
    }
    if (!record.picks.isEmpty() || !record.failure.isEmpty()) {
        appendBytes(out, " reason=\"");
        appendReason(out, record);
        appendByte(out, '"');
    }
}

void AccessLogFormatter::appendJson(QByteArray &out, const RequestRecord &record) {
    appendBytes(out, "{\"attempts\":[");
    for (qsizetype i = 0; i < record.attempts.size(); ++i) {
        const AttemptRecord &attempt = record.attempts[i];
        appendBytes(out, i > 0 ? ",{\"error\":" : "{\"error\":");
        appendJsonString(out, attempt.error);
        appendBytes(out, ",\"instance\":");
        appendJsonString(out, attempt.backendName);
        appendBytes(out, ",\"instance_index\":");
        appendNumber(out, attempt.backendIndex);
        appendBytes(out, ",\"status\":");
        appendNumber(out, attempt.status);
        appendByte(out, '}');
    }
    appendBytes(out, "],\"bytes_in\":");
    appendNumber(out, record.bytesIn);
    appendBytes(out, ",\"bytes_out\":");
    appendNumber(out, record.bytesOut);
    appendBytes(out, ",\"client\":");
    appendJsonString(out, record.clientAddress);
    appendBytes(out, ",\"duration_us\":");
    appendNumber(out, record.totalUs);
    appendBytes(out, ",\"id\":");
    appendNumber(out, qint64(record.id));
    appendBytes(out, ",\"instance\":");
    appendJsonString(out, record.backendName);
    appendBytes(out, ",\"instance_index\":");
    appendNumber(out, record.backendIndex);
    appendBytes(out, ",\"instance_url\":");
    appendJsonString(out, record.backendUrl);
    appendBytes(out, ",\"method\":");
    appendJsonString(out, record.method);
    appendBytes(out, ",\"outcome\":\"");
    appendBytes(out, outcomeName(record.outcome));
    appendBytes(out, "\",\"reason\":");
    // Built in a buffer kept across lines, then escaped: no allocation once it has grown.
    m_reason.truncate(0);
    appendReason(m_reason, record);
    appendJsonString(out, m_reason);
    appendBytes(out, isResponseCut(record) ? ",\"response_cut\":true,\"result\":\""
                                           : ",\"response_cut\":false,\"result\":\"");
    appendBytes(out, resultName(resultOf(record)));
    appendBytes(out, "\",\"route\":");
    appendJsonString(out, record.routeId);
    appendBytes(out, ",\"status\":");
    appendNumber(out, record.status);
    appendBytes(out, ",\"target\":");
    appendJsonString(out, record.target);
    appendBytes(out, ",\"time\":\"");
    m_time.append(out, record.startedAtMs);
    appendBytes(out, "\",\"ttfb_us\":");
    appendNumber(out, record.timeToFirstByteUs);
    appendBytes(out, ",\"upstream_target\":");
    appendJsonString(out, record.upstreamTarget());
    appendByte(out, '}');
}

void AccessLogFormatter::appendEvent(QByteArray &out, Event event, QStringView url,
                                     qint64 nowMsecsSinceEpoch) {
    if (m_format == Format::Text) {
        appendBytes(out, event == Event::Listening ? QByteArrayView("listening on ")
                                                   : QByteArrayView("admin API on "));
        appendUtf8(out, url);
        return;
    }
    appendBytes(out, event == Event::Listening
                         ? QByteArrayView("{\"event\":\"listening\",\"time\":\"")
                         : QByteArrayView("{\"event\":\"admin_api\",\"time\":\""));
    m_time.append(out, nowMsecsSinceEpoch);
    appendBytes(out, "\",\"url\":");
    appendJsonString(out, url);
    appendByte(out, '}');
}
