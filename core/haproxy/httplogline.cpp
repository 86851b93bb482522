#include "haproxy/httplogline.h"

#include <QDateTime>
#include <algorithm>

namespace {

constexpr int infoSeverity = 6;

// Takes "<PRI>" and the header of RFC 5424 or RFC 3164 off the front of message; the syslog
// severity, or -1 without "<PRI>" (format raw), or -2 when the framing is broken.
int takeSyslogHeader(QByteArrayView &message) {
    if (!message.startsWith('<'))
        return -1;
    const qsizetype close = message.indexOf('>');
    bool ok = false;
    const int priority = close > 1 && close <= 4 ? message.sliced(1, close - 1).toInt(&ok) : -1;
    if (!ok || priority < 0 || priority > 191)
        return -2;
    message = message.sliced(close + 1);
    const auto skipFields = [&message](int count) {
        for (int i = 0; i < count; ++i) {
            const qsizetype space = message.indexOf(' ');
            if (space < 0)
                return false;
            message = message.sliced(space + 1);
        }
        return true;
    };
    if (message.startsWith("1 ")) {
        // RFC 5424: VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG;
        // HAProxy's structured data is "-" unless configured.
        if (!skipFields(6))
            return -2;
        if (message.startsWith("- "))
            message = message.sliced(2);
        else if (message.startsWith('[')) {
            const qsizetype end = message.indexOf("] ");
            if (end < 0)
                return -2;
            message = message.sliced(end + 2);
        } else {
            return -2;
        }
        return priority % 8;
    }
    // RFC 3164: "Mmm dd hh:mm:ss " (the day padded to two), an optional hostname, then the
    // tag "haproxy[pid]: ". Format short has neither: the message follows "<PRI>" directly.
    const bool timestamp = message.size() > 16 && message[3] == ' ' && message[6] == ' ' &&
                           message[9] == ':' && message[12] == ':' && message[15] == ' ';
    if (!timestamp)
        return priority % 8;
    message = message.sliced(16);
    const qsizetype tagEnd = message.indexOf(": ");
    if (tagEnd < 0)
        return -2;
    message = message.sliced(tagEnd + 2);
    return priority % 8;
}

// The next space-separated token of rest.
QByteArrayView takeToken(QByteArrayView &rest) {
    while (rest.startsWith(' '))
        rest = rest.sliced(1);
    const qsizetype space = rest.indexOf(' ');
    const QByteArrayView token = space < 0 ? rest : rest.first(space);
    rest = space < 0 ? QByteArrayView() : rest.sliced(space + 1);
    return token;
}

// "a/b/c": the numbers, each -1 when HAProxy wrote -1; '+' (option logasap) dropped.
std::optional<QList<qint64>> numbers(QByteArrayView text, qsizetype count) {
    const QList<QByteArray> parts = text.toByteArray().split('/');
    if (parts.size() != count)
        return std::nullopt;
    QList<qint64> values;
    for (QByteArray part : parts) {
        if (part.startsWith('+'))
            part = part.sliced(1);
        bool ok = false;
        const qint64 value = part.toLongLong(&ok);
        if (!ok || value < -1)
            return std::nullopt;
        values.append(value);
    }
    return values;
}

// "[06/Dec/2026:17:56:29.162]" as ms since the epoch, local time; nullopt otherwise.
std::optional<qint64> acceptDate(QByteArrayView text) {
    if (text.size() != 26 || text[0] != '[' || text[25] != ']')
        return std::nullopt;
    static constexpr const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int month = 0;
    for (int i = 0; i < 12; ++i) {
        if (text.sliced(4, 3) == QByteArrayView(months[i]))
            month = i + 1;
    }
    bool ok[6] = {};
    const int day = text.sliced(1, 2).toInt(&ok[0]);
    const int year = text.sliced(8, 4).toInt(&ok[1]);
    const int hour = text.sliced(13, 2).toInt(&ok[2]);
    const int minute = text.sliced(16, 2).toInt(&ok[3]);
    const int second = text.sliced(19, 2).toInt(&ok[4]);
    const int ms = text.sliced(22, 3).toInt(&ok[5]);
    if (month == 0 || !std::all_of(std::begin(ok), std::end(ok), [](bool b) { return b; }))
        return std::nullopt;
    const QDateTime at(QDate(year, month, day), QTime(hour, minute, second, ms));
    if (!at.isValid())
        return std::nullopt;
    return at.toMSecsSinceEpoch();
}

// The httplog message after the syslog header; the error when it is not one.
QString parseHttpLog(QByteArrayView rest, HttpLogLine &line) {
    const QByteArrayView client = takeToken(rest);
    const qsizetype colon = client.lastIndexOf(':');
    bool portOk = false;
    if (colon > 0)
        line.clientPort = quint16(client.sliced(colon + 1).toUInt(&portOk));
    if (!portOk)
        return QStringLiteral("no client address:port at the start");
    line.clientAddress = client.first(colon).toByteArray();
    const std::optional<qint64> accepted = acceptDate(takeToken(rest));
    if (!accepted)
        return QStringLiteral("no [accept date] after the client");
    line.acceptedAtMs = *accepted;
    line.frontend = takeToken(rest).toByteArray();
    if (line.frontend.endsWith('~')) // a TLS frontend
        line.frontend.chop(1);
    const QByteArrayView backendServer = takeToken(rest);
    const qsizetype slash = backendServer.indexOf('/');
    if (line.frontend.isEmpty() || slash <= 0)
        return QStringLiteral("no backend/server after the frontend");
    line.backend = backendServer.first(slash).toByteArray();
    line.server = backendServer.sliced(slash + 1).toByteArray();
    const std::optional<QList<qint64>> timers = numbers(takeToken(rest), 5);
    if (!timers)
        return QStringLiteral("no TR/Tw/Tc/Tr/Ta timers after backend/server");
    line.requestMs = int((*timers)[0]);
    line.queueMs = int((*timers)[1]);
    line.connectMs = int((*timers)[2]);
    line.responseMs = int((*timers)[3]);
    line.activeMs = int((*timers)[4]);
    bool statusOk = false;
    line.status = takeToken(rest).toInt(&statusOk);
    if (!statusOk || line.status < -1 || line.status > 999)
        return QStringLiteral("no status after the timers");
    const std::optional<QList<qint64>> bytes = numbers(takeToken(rest), 1);
    if (!bytes)
        return QStringLiteral("no byte count after the status");
    line.bytesRead = (*bytes)[0];
    takeToken(rest); // captured request cookie
    takeToken(rest); // captured response cookie
    line.termination = takeToken(rest).toByteArray();
    if (line.termination.size() != 4)
        return QStringLiteral("no termination state after the cookies");
    if (!numbers(takeToken(rest), 5) || !numbers(takeToken(rest), 2))
        return QStringLiteral("no connection and queue counts after the termination state");
    // Captured headers, "{...}" each, may hold spaces; then the quoted request line, which a
    // long line may have cut before its closing quote.
    while (rest.startsWith(' '))
        rest = rest.sliced(1);
    while (rest.startsWith('{')) {
        const qsizetype end = rest.indexOf('}');
        if (end < 0)
            return QStringLiteral("captured headers without their '}'");
        rest = rest.sliced(end + 1);
        while (rest.startsWith(' '))
            rest = rest.sliced(1);
    }
    while (rest.endsWith('\n') || rest.endsWith('\r') || rest.endsWith('\0'))
        rest.chop(1);
    if (!rest.startsWith('"'))
        return QStringLiteral("no quoted request line at the end");
    rest = rest.sliced(1);
    if (rest.endsWith('"'))
        rest.chop(1);
    if (rest.startsWith('<')) // "<BADREQ>", "<NOSRV>": no request line was read
        return QString();
    line.method = takeToken(rest).toByteArray();
    line.target = takeToken(rest).toByteArray();
    return QString();
}

} // namespace

HttpLogParse parseHttpLogMessage(const QByteArray &datagram) {
    HttpLogParse parse;
    QByteArrayView message(datagram);
    const int severity = takeSyslogHeader(message);
    if (severity == -2) {
        parse.error = QStringLiteral("not a syslog message");
        return parse;
    }
    parse.line.severity = severity;
    const QString error = parseHttpLog(message, parse.line);
    if (error.isEmpty()) {
        parse.kind = HttpLogParse::Kind::Request;
        return parse;
    }
    // HAProxy's own messages ("Server rr/beta is going DOWN ...") come above info.
    if (severity >= 0 && severity < infoSeverity) {
        parse.kind = HttpLogParse::Kind::Notice;
        return parse;
    }
    parse.error = error;
    return parse;
}

QByteArray terminationMeaning(const QByteArray &termination) {
    if (termination.size() < 2 || termination.startsWith("--"))
        return QByteArray();
    QByteArray who;
    switch (termination[0]) {
    case 'C':
        who = "the client aborted";
        break;
    case 'S':
        who = "the server aborted or refused";
        break;
    case 'P':
        who = "HAProxy denied or stopped it";
        break;
    case 'L':
        who = "HAProxy answered it itself";
        break;
    case 'R':
        who = "HAProxy ran out of a resource";
        break;
    case 'I':
        who = "HAProxy's internal error";
        break;
    case 'D':
        who = "the server went down";
        break;
    case 'U':
        who = "a server came back up";
        break;
    case 'K':
        who = "killed by an administrator";
        break;
    case 'c':
        who = "the client timed out";
        break;
    case 's':
        who = "the server timed out";
        break;
    default:
        who = "ended normally";
        break;
    }
    QByteArray when;
    switch (termination[1]) {
    case 'R':
        when = "while waiting for the request";
        break;
    case 'Q':
        when = "in the queue";
        break;
    case 'C':
        when = "while connecting to the server";
        break;
    case 'H':
        when = "while waiting for the response head";
        break;
    case 'D':
        when = "during the data transfer";
        break;
    case 'L':
        when = "while sending the last data";
        break;
    case 'T':
        when = "in the tarpit";
        break;
    default:
        return who;
    }
    return who + ' ' + when;
}

namespace {

Outcome outcomeOf(const HttpLogLine &line) {
    const char cause = line.termination.isEmpty() ? '-' : line.termination[0];
    const char phase = line.termination.size() > 1 ? line.termination[1] : '-';
    const bool noServer = line.server.startsWith('<');
    switch (cause) {
    case 'C':
        return Outcome::ClientClosed;
    case 'c':
        if (phase == 'R')
            return Outcome::HeaderTimeout;
        return phase == 'D' || phase == 'L' ? Outcome::SendTimeout : Outcome::BodyTimeout;
    case 's':
        return Outcome::UpstreamTimeout;
    case 'S':
        if (noServer)
            return Outcome::NoBackend;
        return phase == 'D' || phase == 'L' ? Outcome::Aborted : Outcome::UpstreamError;
    case 'P':
    case 'L':
        if (line.status == 404)
            return Outcome::NoRoute;
        if (line.status == 413)
            return Outcome::BodyTooLarge;
        if (line.status == 431)
            return Outcome::HeadersTooLarge;
        return cause == 'P' ? Outcome::BadRequest : Outcome::Ok;
    case 'R':
        return Outcome::OutOfResources;
    case 'I':
        return Outcome::UpstreamError;
    case 'D':
    case 'U':
        return Outcome::Aborted;
    case 'K':
        return Outcome::Shutdown;
    default:
        return noServer && line.status == 503 ? Outcome::NoBackend : Outcome::Ok;
    }
}

} // namespace

RequestRecord requestRecordFrom(const HttpLogLine &line, quint64 id) {
    RequestRecord record;
    record.id = id;
    record.source = RecordSource::HaproxyLog;
    record.startedAtMs = line.acceptedAtMs;
    record.clientAddress = line.clientAddress;
    record.method = line.method;
    record.target = line.target;
    // A request refused before any backend was chosen names the frontend as its backend.
    if (!(line.server.startsWith('<') && line.backend == line.frontend))
        record.routeId = QString::fromUtf8(line.backend);
    if (!line.server.startsWith('<'))
        record.backendName = QString::fromUtf8(line.server);
    record.status = line.status < 0 ? 0 : line.status;
    record.bytesOut = line.bytesRead;
    if (line.requestMs >= 0 && line.queueMs >= 0 && line.connectMs >= 0 && line.responseMs >= 0)
        record.timeToFirstByteUs =
            qint64(line.requestMs + line.queueMs + line.connectMs + line.responseMs) * 1000;
    record.totalUs = line.activeMs < 0 ? 0 : qint64(line.activeMs) * 1000;
    record.outcome = outcomeOf(line);
    const QByteArray meaning = terminationMeaning(line.termination);
    if (!meaning.isEmpty())
        record.addFailure(line.termination + ": " + meaning);
    return record;
}
