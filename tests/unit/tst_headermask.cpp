// Masking (inspect/headermask.h): credentials and cookies, plus configured names, are hidden in
// what the inspector shows and exports unless the user includes secrets explicitly.
#include "inspect/headermask.h"
#include "model/capturedheadbuilder.h"

#include <QTest>

class TestHeaderMask : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void masksCredentialsAndCookiesByDefault_data();
    void masksCredentialsAndCookiesByDefault();
    void masksConfiguredNamesToo();
    void includingSecretsShowsEveryValue();
    void aMaskedHeadKeepsEveryField();
};

void TestHeaderMask::masksCredentialsAndCookiesByDefault_data() {
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<bool>("masked");
    QTest::newRow("Authorization") << QByteArray("Authorization") << true;
    QTest::newRow("authorization (any case)") << QByteArray("aUtHoRiZaTiOn") << true;
    QTest::newRow("Proxy-Authorization") << QByteArray("Proxy-Authorization") << true;
    QTest::newRow("Cookie") << QByteArray("Cookie") << true;
    QTest::newRow("Set-Cookie") << QByteArray("Set-Cookie") << true;
    QTest::newRow("Content-Type") << QByteArray("Content-Type") << false;
    QTest::newRow("X-Api-Key (not configured)") << QByteArray("X-Api-Key") << false;
}

void TestHeaderMask::masksCredentialsAndCookiesByDefault() {
    QFETCH(QByteArray, name);
    QFETCH(bool, masked);
    const HeaderMask mask;
    QCOMPARE(mask.masks(name), masked);
    QCOMPARE(mask.shown(name, "secret"),
             masked ? HeaderMask::maskedValue : QByteArrayView("secret"));
}

void TestHeaderMask::masksConfiguredNamesToo() {
    const HeaderMask mask(HeaderMask::Secrets::Masked, {"X-Api-Key", " x-session "});
    QVERIFY(mask.masks("x-api-key"));
    QVERIFY(mask.masks("X-Session"));
    QVERIFY(mask.masks("Cookie")); // the built-in names stay
    QCOMPARE(mask.shown("X-API-KEY", "k-123"), QByteArrayView("[masked]"));
}

void TestHeaderMask::includingSecretsShowsEveryValue() {
    const HeaderMask mask(HeaderMask::Secrets::Included, {"X-Api-Key"});
    QVERIFY(mask.includesSecrets());
    QCOMPARE(mask.shown("Authorization", "Bearer abc"), QByteArrayView("Bearer abc"));
    QCOMPARE(mask.shown("X-Api-Key", "k-123"), QByteArrayView("k-123"));
}

void TestHeaderMask::aMaskedHeadKeepsEveryField() {
    const CapturedHead head =
        CapturedHeadBuilder()
            .statusLine(200, "OK")
            .fields({{"Set-Cookie", "a=1"}, {"Content-Type", "text/html"}, {"Set-Cookie", "b=2"}})
            .build();
    const CapturedHead masked = HeaderMask().applied(head);
    QCOMPARE(masked, CapturedHeadBuilder()
                         .statusLine(200, "OK")
                         .fields({{"Set-Cookie", "[masked]"},
                                  {"Content-Type", "text/html"},
                                  {"Set-Cookie", "[masked]"}})
                         .build());
    QCOMPARE(HeaderMask(HeaderMask::Secrets::Included).applied(head), head);
}

QTEST_GUILESS_MAIN(TestHeaderMask)
#include "tst_headermask.moc"
