// RetryPolicy: nginx's proxy_next_upstream error/timeout rules with non_idempotent off, case by
// case.
#include "proxy/retrypolicy.h"

#include <QTest>

Q_DECLARE_METATYPE(UpstreamFailure)
Q_DECLARE_METATYPE(AttemptProgress)

namespace {
constexpr AttemptProgress nothingSent{};
constexpr AttemptProgress headSent{.headSentUpstream = true};
constexpr AttemptProgress headSentOnReused{.headSentUpstream = true, .reusedConnection = true};
constexpr AttemptProgress bodyStarted{.headSentUpstream = true, .bodyStartedUpstream = true};
constexpr AttemptProgress bodyStartedOnReused{
    .headSentUpstream = true, .bodyStartedUpstream = true, .reusedConnection = true};
constexpr AttemptProgress responseStarted{
    .headSentUpstream = true, .responseBytesReceived = true, .responseStarted = true};
constexpr AttemptProgress responseStartedOnReused{.headSentUpstream = true,
                                                  .responseBytesReceived = true,
                                                  .responseStarted = true,
                                                  .reusedConnection = true};
constexpr AttemptProgress nothingSentOnReused{.reusedConnection = true};
constexpr AttemptProgress responseBytes{.headSentUpstream = true, .responseBytesReceived = true};
constexpr AttemptProgress responseBytesOnReused{
    .headSentUpstream = true, .responseBytesReceived = true, .reusedConnection = true};
} // namespace

class TestRetryPolicy final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void idempotentMethods();
    void staleKeepAlive_data();
    void staleKeepAlive();
    void blamesInstance_data();
    void blamesInstance();
    void retryAfterFailure_data();
    void retryAfterFailure();
    void retryAfterResponseTimeout_data();
    void retryAfterResponseTimeout();
};

void TestRetryPolicy::idempotentMethods() {
    for (const char *method : {"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
        QVERIFY2(RetryPolicy::isIdempotent(method), method);
    // Case matters: methods are case-sensitive tokens (RFC 9110 §9.1).
    for (const char *method : {"POST", "PATCH", "CONNECT", "get", ""})
        QVERIFY2(!RetryPolicy::isIdempotent(method), method);
}

void TestRetryPolicy::staleKeepAlive_data() {
    QTest::addColumn<UpstreamFailure>("failure");
    QTest::addColumn<AttemptProgress>("progress");
    QTest::addColumn<bool>("stale");
    QTest::newRow("closed after head on reused")
        << UpstreamFailure::Closed << headSentOnReused << true;
    QTest::newRow("closed on a new connection") << UpstreamFailure::Closed << headSent << false;
    QTest::newRow("closed after body started")
        << UpstreamFailure::Closed << bodyStartedOnReused << false;
    QTest::newRow("closed after response started")
        << UpstreamFailure::Closed << responseStartedOnReused << false;
    QTest::newRow("closed after part of a response head")
        << UpstreamFailure::Closed << responseBytesOnReused << false;
    QTest::newRow("bad response on reused")
        << UpstreamFailure::BadResponse << headSentOnReused << false;
    QTest::newRow("connect failed") << UpstreamFailure::ConnectFailed << nothingSent << false;
}

void TestRetryPolicy::staleKeepAlive() {
    QFETCH(UpstreamFailure, failure);
    QFETCH(AttemptProgress, progress);
    QFETCH(bool, stale);
    QCOMPARE(RetryPolicy::isStaleKeepAlive(failure, progress), stale);
}

void TestRetryPolicy::blamesInstance_data() {
    QTest::addColumn<UpstreamFailure>("failure");
    QTest::addColumn<AttemptProgress>("progress");
    QTest::addColumn<bool>("blamed");
    QTest::newRow("connect failed") << UpstreamFailure::ConnectFailed << nothingSent << true;
    QTest::newRow("closed on a new connection") << UpstreamFailure::Closed << headSent << true;
    QTest::newRow("bad response") << UpstreamFailure::BadResponse << headSentOnReused << true;
    QTest::newRow("stale keep-alive") << UpstreamFailure::Closed << headSentOnReused << false;
    QTest::newRow("no socket (gateway out of descriptors)")
        << UpstreamFailure::NoResources << nothingSent << false;
}

void TestRetryPolicy::blamesInstance() {
    QFETCH(UpstreamFailure, failure);
    QFETCH(AttemptProgress, progress);
    QFETCH(bool, blamed);
    QCOMPARE(RetryPolicy::blamesInstance(failure, progress), blamed);
}

void TestRetryPolicy::retryAfterFailure_data() {
    QTest::addColumn<UpstreamFailure>("failure");
    QTest::addColumn<AttemptProgress>("progress");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<bool>("retry");
    QTest::newRow("connect failed, POST")
        << UpstreamFailure::ConnectFailed << nothingSent << QByteArray("POST") << true;
    QTest::newRow("closed before the head, POST")
        << UpstreamFailure::Closed << nothingSent << QByteArray("POST") << true;
    QTest::newRow("stale keep-alive, GET")
        << UpstreamFailure::Closed << headSentOnReused << QByteArray("GET") << true;
    QTest::newRow("stale keep-alive, POST")
        << UpstreamFailure::Closed << headSentOnReused << QByteArray("POST") << false;
    QTest::newRow("closed after head on a new connection, GET")
        << UpstreamFailure::Closed << headSent << QByteArray("GET") << true;
    QTest::newRow("closed after head on a new connection, POST")
        << UpstreamFailure::Closed << headSent << QByteArray("POST") << false;
    QTest::newRow("closed after body started, PUT")
        << UpstreamFailure::Closed << bodyStarted << QByteArray("PUT") << false;
    QTest::newRow("closed after response bytes, GET")
        << UpstreamFailure::Closed << responseBytes << QByteArray("GET") << false;
    QTest::newRow("bad response, GET")
        << UpstreamFailure::BadResponse << headSentOnReused << QByteArray("GET") << false;
    QTest::newRow("closed before the head on reused, POST")
        << UpstreamFailure::Closed << nothingSentOnReused << QByteArray("POST") << true;
    QTest::newRow("closed after body started on reused, PUT")
        << UpstreamFailure::Closed << bodyStartedOnReused << QByteArray("PUT") << false;
    QTest::newRow("closed after response started on reused, GET")
        << UpstreamFailure::Closed << responseStartedOnReused << QByteArray("GET") << false;
    QTest::newRow("no socket, GET")
        << UpstreamFailure::NoResources << nothingSent << QByteArray("GET") << false;
}

void TestRetryPolicy::retryAfterFailure() {
    QFETCH(UpstreamFailure, failure);
    QFETCH(AttemptProgress, progress);
    QFETCH(QByteArray, method);
    QFETCH(bool, retry);
    QCOMPARE(RetryPolicy::mayRetryAfterFailure(failure, progress, method), retry);
}

void TestRetryPolicy::retryAfterResponseTimeout_data() {
    QTest::addColumn<AttemptProgress>("progress");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<bool>("retry");
    QTest::newRow("GET") << headSent << QByteArray("GET") << true;
    QTest::newRow("DELETE on reused") << headSentOnReused << QByteArray("DELETE") << true;
    QTest::newRow("POST") << headSent << QByteArray("POST") << false;
    QTest::newRow("PUT with its body started") << bodyStarted << QByteArray("PUT") << false;
    QTest::newRow("GET with the response started") << responseStarted << QByteArray("GET") << false;
}

void TestRetryPolicy::retryAfterResponseTimeout() {
    QFETCH(AttemptProgress, progress);
    QFETCH(QByteArray, method);
    QFETCH(bool, retry);
    QCOMPARE(RetryPolicy::mayRetryAfterResponseTimeout(progress, method), retry);
}

QTEST_APPLESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
