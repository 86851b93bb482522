// appendBytes()/appendByte() (model/bytesappend.h): what QByteArray::append() does, without its
// out-of-line call when the buffer is its own and has room: the bytes land at the end, the
// terminator follows them, and a buffer shared with another value or without room is appended
// to as append() would (the other value unchanged).
#include "model/bytesappend.h"

#include <QTest>

class TestBytesAppend : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void appendsInTheRoomItHas();
    void aSharedBufferIsCopiedFirst();
    void aBufferWithoutRoomGrows();
    void aNullBufferAndEmptyPieces();
};

void TestBytesAppend::appendsInTheRoomItHas() {
    QByteArray line;
    line.reserve(64);
    const char *const start = line.constData();
    appendBytes(line, "{\"id\":");
    appendByte(line, '7');
    appendBytes(line, QByteArrayView("}xyz", 1));
    QCOMPARE(line, QByteArray("{\"id\":7}"));
    QCOMPARE(line.constData(), start); // in place: the same buffer
    QCOMPARE(line.constData()[line.size()], '\0');
    QCOMPARE(qstrlen(line.constData()), size_t(line.size()));
}

void TestBytesAppend::aSharedBufferIsCopiedFirst() {
    QByteArray line;
    line.reserve(64);
    line.append("shared");
    const QByteArray other = line;
    appendBytes(line, " and mine");
    appendByte(line, '!');
    QCOMPARE(line, QByteArray("shared and mine!"));
    QCOMPARE(other, QByteArray("shared"));
    QCOMPARE(other.constData()[other.size()], '\0');
}

void TestBytesAppend::aBufferWithoutRoomGrows() {
    QByteArray line("ab");
    line.squeeze();
    QString expected = QStringLiteral("ab");
    for (int i = 0; i < 100; ++i) {
        appendBytes(line, "cd");
        expected += QStringLiteral("cd");
    }
    QCOMPARE(QString::fromLatin1(line), expected);
    QCOMPARE(line.constData()[line.size()], '\0');
}

void TestBytesAppend::aNullBufferAndEmptyPieces() {
    QByteArray line;
    appendBytes(line, QByteArrayView());
    QVERIFY(line.isEmpty());
    appendByte(line, 'x');
    appendBytes(line, QByteArrayView(""));
    QCOMPARE(line, QByteArray("x"));
    const QByteArray raw = QByteArray::fromRawData("raw data", 3); // not its own: copied
    QByteArray fromRaw = raw;
    appendBytes(fromRaw, "!");
    QCOMPARE(fromRaw, QByteArray("raw!"));
    QCOMPARE(raw, QByteArray("raw"));
}

QTEST_APPLESS_MAIN(TestBytesAppend)
#include "tst_bytesappend.moc"
