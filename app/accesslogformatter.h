#pragma once

#include "isotimestampcache.h"
#include "model/requestrecord.h"

#include <QByteArray>
#include <QList>
#include <QStringView>

// The headless program's stdout: one access-log line per finished exchange, in text or JSON
// (README, "Access log"), and the program's own events ("listening on …").
//
// A batch from the worker becomes one buffer, sized once from the previous batch's lines, with
// every value appended in place (logtext.h) and the timestamps from a per-second cache
// (IsoTimestampCache): no QString, QDateTime or QJsonObject per line. Lives in the thread that
// receives the batches (the main thread); not thread-safe.
class AccessLogFormatter final {
public:
    enum class Format : quint8 { Text, Json };
    enum class Event : quint8 { Listening, AdminApi };

    explicit AccessLogFormatter(Format format);

    // Every record's line, each ending in '\n'.
    QByteArray formatBatch(const QList<RequestRecord> &records);

    // One record's line, without '\n'. Text:
    // "2026-11-25T09:00:00.123Z 127.0.0.1 GET /service-a/x -> service-a #1 localhost:8081 200
    //  1.24ms out=16B ok result=succeeded reason=..." (one line). The status is the one sent,
    // also when the response was cut after it (then the outcome says how, and the result is
    // failed or client_error: README, "What the counts mean"). JSON: the same fields as one
    // object, keys in alphabetical order (as QJsonDocument wrote them before).
    void appendRecord(QByteArray &out, const RequestRecord &record);

    // One of the program's own events, without '\n': "listening on URL" / "admin API on URL",
    // or in JSON {"event":"listening","time":…,"url":…} ("admin_api"), so that stdout holds
    // nothing but JSON lines (README, "Command line"). Access-log lines have no "event" field.
    void appendEvent(QByteArray &out, Event event, QStringView url, qint64 nowMsecsSinceEpoch);

private:
    void appendText(QByteArray &out, const RequestRecord &record);
    void appendJson(QByteArray &out, const RequestRecord &record);

    Format m_format;
    IsoTimestampCache m_time;
    qsizetype m_bytesPerLine; // what the last batch averaged, to size the next one's buffer
    QByteArray m_reason;      // the JSON line's reason before escaping, reused line after line
};
