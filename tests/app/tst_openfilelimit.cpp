// raiseOpenFileLimit: the soft limit goes up to the hard one without a word, and the warning
// comes only when the limit cannot hold max_connections client connections at all.
#include "openfilelimit.h"

#include <QTest>
#include <sys/resource.h>

class TestOpenFileLimit final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void raisesTheSoftLimitQuietly();
    void staysQuietWhenEveryConnectionFitsWithoutAnUpstream();
    void warnsWhenTheConnectionsCannotFit();

private:
    rlimit m_original{};
};

namespace {
// Room the gateway keeps for itself (app/openfilelimit.cpp).
constexpr rlim_t reserved = 64;

rlim_t softLimit() {
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    return limit.rlim_cur;
}
} // namespace

void TestOpenFileLimit::init() {
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &m_original), 0);
    if (m_original.rlim_max == RLIM_INFINITY || m_original.rlim_max > rlim_t(INT_MAX))
        QSKIP("the hard limit is too large for max_connections to reach it");
    if (m_original.rlim_max < 4 * reserved)
        QSKIP("the hard limit is too small to lower the soft one below it");
    // A low soft limit under the hard one, as most desktops start a program with.
    rlimit lowered = m_original;
    lowered.rlim_cur = 2 * reserved;
    QCOMPARE(setrlimit(RLIMIT_NOFILE, &lowered), 0);
}

void TestOpenFileLimit::cleanup() {
    setrlimit(RLIMIT_NOFILE, &m_original);
}

void TestOpenFileLimit::raisesTheSoftLimitQuietly() {
    QCOMPARE(raiseOpenFileLimit(10), QString());
    QCOMPARE(softLimit(), m_original.rlim_max);
}

void TestOpenFileLimit::staysQuietWhenEveryConnectionFitsWithoutAnUpstream() {
    // One descriptor per client connection fits, two would not: with a hard limit of 20 000 the
    // default 10 000 connections warned on every start.
    const int maxConnections = int(m_original.rlim_max - reserved);
    QCOMPARE(raiseOpenFileLimit(maxConnections), QString());
    QCOMPARE(softLimit(), m_original.rlim_max);
}

void TestOpenFileLimit::warnsWhenTheConnectionsCannotFit() {
    const int maxConnections = int(m_original.rlim_max - reserved) + 1;
    const QString warning = raiseOpenFileLimit(maxConnections);
    QVERIFY(warning.contains(QString::number(maxConnections)));
    QVERIFY(warning.contains(QStringLiteral("ulimit -Hn")));
    QCOMPARE(softLimit(), m_original.rlim_max); // raised as far as it goes all the same
}

QTEST_GUILESS_MAIN(TestOpenFileLimit)
#include "tst_openfilelimit.moc"
