#include "admin/metricsformatter.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <algorithm>

namespace {

// One sample line of the text format: name, label text (without braces) and value.
struct Sample {
    QByteArray name;
    QByteArray labels;
    QByteArray value;
};

// Parses the exposition text the way a scraper does, failing on any line that is neither a
// comment nor a well-formed sample.
QList<Sample> parseSamples(const QByteArray &text) {
    static const QRegularExpression sampleLine(QStringLiteral(
        R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\})? (\S+)$)"));
    QList<Sample> samples;
    for (const QByteArray &line : text.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QRegularExpressionMatch match = sampleLine.match(QString::fromUtf8(line));
        if (!match.hasMatch()) {
            qWarning() << "malformed sample line" << line;
            return {};
        }
        samples.append(
            {match.captured(1).toUtf8(), match.captured(2).toUtf8(), match.captured(3).toUtf8()});
    }
    return samples;
}

QList<Sample> samplesNamed(const QList<Sample> &samples, QByteArrayView name) {
    QList<Sample> found;
    for (const Sample &sample : samples) {
        if (sample.name == name)
            found.append(sample);
    }
    return found;
}

BackendSnapshot makeBackend(int index, const QString &name) {
    BackendSnapshot backend;
    backend.index = index;
    backend.name = name;
    return backend;
}

// service-a: #0 up, enabled, three measured requests; #1 down, draining; #2 unknown, disabled.
// odd"route: one instance with a name that needs escaping.
GatewaySnapshot makeSnapshot() {
    BackendSnapshot measured = makeBackend(0, QStringLiteral("a1"));
    measured.health = Health::Up;
    measured.requests = 3;
    measured.attemptErrors = 1;
    measured.activeRequests = 2;
    measured.latency.record(std::chrono::microseconds(100));
    measured.latency.record(std::chrono::microseconds(3000));
    measured.latency.record(std::chrono::microseconds(2000000));

    BackendSnapshot down = makeBackend(1, QStringLiteral("a2"));
    down.health = Health::Down;
    down.adminState = AdminState::Draining;
    BackendSnapshot unknown = makeBackend(2, QStringLiteral("a2")); // same name as #1
    unknown.adminState = AdminState::Disabled;

    RouteSnapshot serviceA;
    serviceA.id = QStringLiteral("service-a");
    serviceA.backends = {measured, down, unknown};
    serviceA.panic = true;
    RouteSnapshot odd;
    odd.id = QStringLiteral("odd\"route");
    odd.backends = {makeBackend(0, QStringLiteral("back\\slash\nline"))};

    GatewaySnapshot snapshot;
    snapshot.openConnections = 7;
    snapshot.parkedConnections = 5;
    snapshot.upstreamConnectionsOpened = 9;
    snapshot.acceptPauses = 4;
    snapshot.totalRequests = 20;
    snapshot.failedRequests = 2;
    snapshot.clientErrors = 6;
    snapshot.accessLogDroppedLines = 11;
    snapshot.routes = {serviceA, odd};
    return snapshot;
}

const QByteArray measuredLabels = R"(route="service-a",backend="a1",index="0")";

} // namespace

class TestMetricsFormatter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyLineParses();
    void everyFamilyIsDeclaredOnce();
    void counters();
    void upAndEnabled_data();
    void upAndEnabled();
    void routePanic();
    void histogram();
    void emptyHistogram();
    void labelsStayUniqueWithDuplicateNames();
    void escapeLabelValue_data();
    void escapeLabelValue();
    void escapedLabelsInOutput();
};

void TestMetricsFormatter::everyLineParses() {
    const QByteArray text = formatMetrics(makeSnapshot());
    QVERIFY(text.endsWith('\n'));
    const QList<Sample> samples = parseSamples(text);
    QVERIFY(!samples.isEmpty());
    // Four instances: 5 one-sample families (gateway_backend_up skips the two whose health is
    // unknown) and a histogram of 16 buckets + sum + count, then the three request results,
    // gateway_route_panic for each of the two routes, gateway_open_connections,
    // gateway_parked_connections, gateway_upstream_connections_opened_total,
    // gateway_accept_pauses_total and gateway_access_log_dropped_lines_total.
    QCOMPARE(samples.size(), 4 * 5 - 2 + 4 * 18 + 3 + 2 + 5);
    QCOMPARE(samplesNamed(samples, "gateway_open_connections").size(), 1);
    QCOMPARE(samplesNamed(samples, "gateway_open_connections").at(0).value, QByteArray("7"));
    QCOMPARE(samplesNamed(samples, "gateway_parked_connections").at(0).value, QByteArray("5"));
    QCOMPARE(samplesNamed(samples, "gateway_upstream_connections_opened_total").at(0).value,
             QByteArray("9"));
    QCOMPARE(samplesNamed(samples, "gateway_accept_pauses_total").at(0).value, QByteArray("4"));
}

void TestMetricsFormatter::everyFamilyIsDeclaredOnce() {
    const QByteArray text = formatMetrics(makeSnapshot());
    const QList<std::pair<QByteArray, QByteArray>> families = {
        {"gateway_requests_total", "counter"},
        {"gateway_attempt_errors_total", "counter"},
        {"gateway_active_requests", "gauge"},
        {"gateway_backend_up", "gauge"},
        {"gateway_backend_enabled", "gauge"},
        {"gateway_request_duration_seconds", "histogram"},
        {"gateway_finished_requests_total", "counter"},
        {"gateway_failed_requests_total", "counter"},
        {"gateway_client_errors_total", "counter"},
        {"gateway_route_panic", "gauge"},
        {"gateway_open_connections", "gauge"},
        {"gateway_parked_connections", "gauge"},
        {"gateway_upstream_connections_opened_total", "counter"},
        {"gateway_accept_pauses_total", "counter"},
        {"gateway_access_log_dropped_lines_total", "counter"},
    };
    QList<QByteArray> typeLines;
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith("# TYPE "))
            typeLines.append(line);
    }
    QCOMPARE(typeLines.size(), families.size());
    for (const auto &[name, type] : families) {
        const QByteArray typeLine = "# TYPE " + name + ' ' + type;
        QVERIFY2(typeLines.contains(typeLine), typeLine.constData());
        QCOMPARE(text.count(QByteArray("# HELP " + name + ' ')), 1);
        // Declared before its first sample.
        QVERIFY(text.indexOf(typeLine) < text.indexOf(QByteArray('\n' + name)));
    }
}

void TestMetricsFormatter::counters() {
    const QList<Sample> samples = parseSamples(formatMetrics(makeSnapshot()));
    const auto valueOf = [&](QByteArrayView name) {
        for (const Sample &sample : samplesNamed(samples, name)) {
            if (sample.labels == measuredLabels)
                return sample.value;
        }
        return QByteArray();
    };
    QCOMPARE(valueOf("gateway_requests_total"), QByteArray("3"));
    QCOMPARE(valueOf("gateway_attempt_errors_total"), QByteArray("1"));
    QCOMPARE(valueOf("gateway_active_requests"), QByteArray("2"));
    // The gateway's own, the admin API's total_requests, failed_requests and client_errors.
    QCOMPARE(samplesNamed(samples, "gateway_finished_requests_total").at(0).value,
             QByteArray("20"));
    QCOMPARE(samplesNamed(samples, "gateway_failed_requests_total").at(0).value, QByteArray("2"));
    QCOMPARE(samplesNamed(samples, "gateway_client_errors_total").at(0).value, QByteArray("6"));
    // What the headless program told the gateway (AccessLogWriter, README "Access log").
    QCOMPARE(samplesNamed(samples, "gateway_access_log_dropped_lines_total").at(0).value,
             QByteArray("11"));
}

void TestMetricsFormatter::upAndEnabled_data() {
    QTest::addColumn<QByteArray>("labels");
    QTest::addColumn<QByteArray>("up"); // empty: no sample
    QTest::addColumn<QByteArray>("enabled");

    QTest::newRow("up, enabled") << measuredLabels << QByteArray("1") << QByteArray("1");
    QTest::newRow("down, draining") << QByteArray(R"(route="service-a",backend="a2",index="1")")
                                    << QByteArray("0") << QByteArray("0");
    QTest::newRow("unknown, disabled") << QByteArray(R"(route="service-a",backend="a2",index="2")")
                                       << QByteArray() << QByteArray("0");
}

void TestMetricsFormatter::upAndEnabled() {
    QFETCH(QByteArray, labels);
    QFETCH(QByteArray, up);
    QFETCH(QByteArray, enabled);

    const QList<Sample> samples = parseSamples(formatMetrics(makeSnapshot()));
    const auto valueOf = [&](QByteArrayView name) {
        for (const Sample &sample : samplesNamed(samples, name)) {
            if (sample.labels == labels)
                return sample.value;
        }
        return QByteArray();
    };
    QCOMPARE(valueOf("gateway_backend_up"), up);
    QCOMPARE(valueOf("gateway_backend_enabled"), enabled);
}

// One sample per route, labelled by the route alone: 1 in panic, 0 otherwise (always present,
// so that an alert on "== 1" and a sum over routes both work).
void TestMetricsFormatter::routePanic() {
    const QList<Sample> samples =
        samplesNamed(parseSamples(formatMetrics(makeSnapshot())), "gateway_route_panic");
    QCOMPARE(samples.size(), 2);
    QCOMPARE(samples[0].labels, QByteArray(R"(route="service-a")"));
    QCOMPARE(samples[0].value, QByteArray("1"));
    QCOMPARE(samples[1].labels, QByteArray(R"(route="odd\"route")"));
    QCOMPARE(samples[1].value, QByteArray("0"));
}

void TestMetricsFormatter::histogram() {
    const QList<Sample> samples = parseSamples(formatMetrics(makeSnapshot()));
    QList<QByteArray> bounds;
    QList<quint64> counts;
    for (const Sample &sample : samplesNamed(samples, "gateway_request_duration_seconds_bucket")) {
        if (!sample.labels.startsWith(QByteArray(measuredLabels + ",le=\"")))
            continue;
        bounds.append(sample.labels.sliced(measuredLabels.size() + 5).chopped(1));
        counts.append(sample.value.toULongLong());
    }
    const QList<QByteArray> expectedBounds = {
        "0.00025", "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
        "0.1",     "0.25",   "0.5",   "1",      "2.5",   "5",    "10",    "+Inf"};
    QCOMPARE(bounds, expectedBounds);
    // Cumulative: 100 µs falls in the first bucket, 3 ms in le=0.005, 2 s in le=2.5.
    const QList<quint64> expectedCounts = {1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3};
    QCOMPARE(counts, expectedCounts);

    const QList<Sample> sums = samplesNamed(samples, "gateway_request_duration_seconds_sum");
    const QList<Sample> totals = samplesNamed(samples, "gateway_request_duration_seconds_count");
    QCOMPARE(sums.at(0).labels, measuredLabels);
    QCOMPARE(sums.at(0).value, QByteArray("2.0031"));
    QCOMPARE(totals.at(0).labels, measuredLabels);
    QCOMPARE(totals.at(0).value, QByteArray("3"));
}

void TestMetricsFormatter::emptyHistogram() {
    const QList<Sample> samples = parseSamples(formatMetrics(makeSnapshot()));
    const QByteArray labels = R"(route="service-a",backend="a2",index="1")";
    for (const Sample &sample : samplesNamed(samples, "gateway_request_duration_seconds_bucket")) {
        if (sample.labels.startsWith(labels))
            QCOMPARE(sample.value, QByteArray("0"));
    }
    for (const QByteArray name :
         {"gateway_request_duration_seconds_sum", "gateway_request_duration_seconds_count"}) {
        const QList<Sample> found = samplesNamed(samples, name);
        const auto it = std::find_if(found.cbegin(), found.cend(),
                                     [&](const Sample &sample) { return sample.labels == labels; });
        QVERIFY(it != found.cend());
        QCOMPARE(it->value, QByteArray("0"));
    }
}

void TestMetricsFormatter::labelsStayUniqueWithDuplicateNames() {
    const QList<Sample> samples = parseSamples(formatMetrics(makeSnapshot()));
    QSet<QByteArray> series;
    for (const Sample &sample : samples) {
        const QByteArray key = sample.name + '{' + sample.labels + '}';
        QVERIFY2(!series.contains(key), key.constData());
        series.insert(key);
    }
}

void TestMetricsFormatter::escapeLabelValue_data() {
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("escaped");

    QTest::newRow("plain") << QByteArray("service-a") << QByteArray("service-a");
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("backslash") << QByteArray("a\\b") << QByteArray("a\\\\b");
    QTest::newRow("double quote") << QByteArray("a\"b") << QByteArray("a\\\"b");
    QTest::newRow("line feed") << QByteArray("a\nb") << QByteArray("a\\nb");
    QTest::newRow("all together") << QByteArray("\\\"\n") << QByteArray("\\\\\\\"\\n");
    QTest::newRow("UTF-8 untouched") << QByteArray("caf\xc3\xa9") << QByteArray("caf\xc3\xa9");
    QTest::newRow("other bytes untouched") << QByteArray("a\tb{}=,") << QByteArray("a\tb{}=,");
}

void TestMetricsFormatter::escapeLabelValue() {
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, escaped);
    QCOMPARE(::escapeLabelValue(value), escaped);
}

void TestMetricsFormatter::escapedLabelsInOutput() {
    const QByteArray text = formatMetrics(makeSnapshot());
    const QByteArray labels = R"(route="odd\"route",backend="back\\slash\nline",index="0")";
    QVERIFY(text.contains(QByteArray("gateway_requests_total{" + labels + "} 0\n")));
    // The raw line feed of the name never splits a sample line (everyLineParses checks the rest).
    QVERIFY(!text.contains("slash\nline"));
}

QTEST_GUILESS_MAIN(TestMetricsFormatter)
#include "tst_metricsformatter.moc"
