// POSIX shell quoting for copied commands (inspect/shellquoting.h), checked by letting /bin/sh
// (dash on Debian, the strictest POSIX shell at hand) read the quoted text back.
#include "inspect/shellquoting.h"

#include <QProcess>
#include <QTest>

namespace {

// What sh prints for a command line.
QByteArray shellOutput(const QByteArray &commandLine) {
    QProcess shell;
    shell.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QString::fromUtf8(commandLine)});
    if (!shell.waitForFinished(30000))
        return "(sh did not finish)";
    return shell.readAllStandardOutput();
}

QByteArray allBytes() {
    QByteArray bytes;
    for (int value = 0; value < 256; ++value)
        bytes += char(value);
    return bytes;
}

} // namespace

class TestShellQuoting : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void safeTextIsPrintableUtf8_data();
    void safeTextIsPrintableUtf8();
    void singleQuotesEscapeOnlyTheQuote();
    void theShellReadsBackEveryArgument_data();
    void theShellReadsBackEveryArgument();
    void printfFormatPrintsEveryByte();
    void printfFormatIsPlainText();
};

void TestShellQuoting::safeTextIsPrintableUtf8_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("safe");
    QTest::newRow("ascii") << QByteArray("a b 'c' \"d\" $e `f` \\g") << true;
    QTest::newRow("tab and newline") << QByteArray("a\tb\nc") << true;
    QTest::newRow("utf-8") << QByteArray("grüße 日本") << true;
    QTest::newRow("carriage return") << QByteArray("a\rb") << false;
    QTest::newRow("escape") << QByteArray("\x1b[201~") << false;
    QTest::newRow("nul") << QByteArray("a\0b", 3) << false;
    QTest::newRow("del") << QByteArray("a\x7f") << false;
    QTest::newRow("C1 control U+009B") << QByteArray("a\xc2\x9b") << false;
    QTest::newRow("latin-1 byte") << QByteArray("caf\xe9") << false;
}

void TestShellQuoting::safeTextIsPrintableUtf8() {
    QFETCH(QByteArray, bytes);
    QFETCH(bool, safe);
    QCOMPARE(isShellSafeText(bytes), safe);
}

void TestShellQuoting::singleQuotesEscapeOnlyTheQuote() {
    QCOMPARE(singleQuoted("it's $x"), QByteArray("'it'\\''s $x'"));
    QCOMPARE(singleQuoted(""), QByteArray("''"));
}

void TestShellQuoting::theShellReadsBackEveryArgument_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("plain") << QByteArray("hello");
    QTest::newRow("quotes") << QByteArray("'\"'\"''");
    QTest::newRow("expansions") << QByteArray("$HOME $(id) `id` ${x:-y} \\n !!");
    QTest::newRow("newlines inside") << QByteArray("a\n\nb");
    QTest::newRow("utf-8") << QByteArray("grüße 日本");
    QTest::newRow("latin-1 and controls") << QByteArray("caf\xe9 \x1b[31m\r\x01");
    QTest::newRow("percent and backslash in printf") << QByteArray("100% \\x \xff");
    QTest::newRow("leading dash in printf") << QByteArray("-n \x01");
}

void TestShellQuoting::theShellReadsBackEveryArgument() {
    QFETCH(QByteArray, bytes);
    QCOMPARE(shellOutput("printf '%s' " + shellArgument(bytes)), bytes);
}

void TestShellQuoting::printfFormatPrintsEveryByte() {
    const QByteArray bytes = allBytes() + "\n\n"; // trailing newlines survive a pipe
    QCOMPARE(shellOutput("printf " + printfFormat(bytes)), bytes);
}

void TestShellQuoting::printfFormatIsPlainText() {
    const QByteArray format = printfFormat(allBytes());
    for (const char byte : format)
        QVERIFY2(byte >= 0x20 && byte < 0x7f, format.constData());
    QVERIFY(shellArgument("\x1b").startsWith("\"$(printf '"));
}

QTEST_GUILESS_MAIN(TestShellQuoting)
#include "tst_shellquoting.moc"
