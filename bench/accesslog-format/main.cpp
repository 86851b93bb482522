// Formats N typical access-log records (a round_robin pick over two instances, a 200) in
// batches of 1 000, as the headless program does with each batch the worker sends, and prints
// the bytes made. The work per record is then the difference between two runs with different N
// under callgrind (instructions) or memcheck (allocations): bench/accesslog-format.sh.
#include "accesslogformatter.h"

#include <QCoreApplication>
#include <QList>
#include <cstdio>
#include <cstring>

namespace {

constexpr int batchSize = 1000;

RequestRecord typicalRecord(quint64 id) {
    RequestRecord record;
    record.id = id;
    // 1 ms apart: a batch spans a second, so the timestamp changes as under load.
    record.startedAtMs = 1764061200000 + qint64(id);
    record.clientAddress = "127.0.0.1";
    record.method = "GET";
    record.target = "/service-a/items?page=2";
    record.routeId = QStringLiteral("service-a");
    record.backendIndex = 1;
    record.backendName = QStringLiteral("127.0.0.1:8082");
    record.backendUrl = "http://127.0.0.1:8082";
    record.setUpstreamTarget("/items?page=2");
    record.status = 200;
    record.bytesOut = 16;
    record.timeToFirstByteUs = 1730;
    record.totalUs = 2104;
    PickExplanation pick;
    pick.strategy = StrategyKind::RoundRobin;
    pick.chosenIndex = 1;
    pick.previousIndex = 0;
    for (int i = 0; i < 2; ++i) {
        PickCandidate candidate;
        candidate.index = i;
        candidate.weight = 1;
        candidate.eligible = true;
        candidate.verdict = i == 1 ? CandidateVerdict::Chosen : CandidateVerdict::NotReached;
        pick.candidates.append(candidate);
    }
    record.picks.append(pick);
    AttemptRecord attempt;
    attempt.backendIndex = 1;
    attempt.backendName = record.backendName;
    attempt.status = 200;
    record.attempts.append(attempt);
    return record;
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    bool countOk = false;
    const qint64 count = arguments.size() == 3 ? arguments[2].toLongLong(&countOk) : 0;
    const QString format = arguments.size() == 3 ? arguments[1] : QString();
    if (!countOk || count < 0 ||
        (format != QLatin1String("text") && format != QLatin1String("json"))) {
        std::fprintf(stderr, "usage: gateway-accesslog-format text|json RECORDS\n");
        return 2;
    }
    AccessLogFormatter formatter(format == QLatin1String("json")
                                     ? AccessLogFormatter::Format::Json
                                     : AccessLogFormatter::Format::Text);

    // The records exist before the measured part starts, as they do when a batch arrives.
    QList<RequestRecord> batch;
    for (int i = 0; i < batchSize; ++i)
        batch.append(typicalRecord(quint64(i + 1)));

    qint64 bytes = 0;
    for (qint64 done = 0; done < count; done += batchSize) {
        const qsizetype records = qsizetype(qMin<qint64>(batchSize, count - done));
        bytes += formatter.formatBatch(records == batchSize ? batch : batch.first(records)).size();
    }
    std::printf("%lld bytes\n", static_cast<long long>(bytes));
    return 0;
}
