// Short strings cut as parts of larger blocks (model/bytearena.h): each part an ordinary
// QByteArray holding a copy of the bytes, the block alive while any part is, no part ever
// changed by another's edits, and a part counted by what it takes of its block.
#include "model/bytearena.h"
#include "model/heapbytes.h"

#include <QTest>

namespace {

// The block a QByteArray's data belongs to.
const void *blockOf(QByteArray &bytes) {
    return bytes.data_ptr().d_ptr();
}

// How many values refer to bytes' block besides bytes.
bool blockIsShared(QByteArray &bytes) {
    return bytes.data_ptr()->isShared();
}

} // namespace

class TestByteArena : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aPartIsATerminatedCopy();
    void partsFollowEachOtherInOneBlock();
    void aFullBlockIsFollowedByANewOne();
    void partsOutliveTheArenaAndTheirNeighbours();
    void theBlockIsHeldByItsPartsAndTheArenaOnly();
    void changingAPartCopiesItWhileTheBlockIsShared();
    void theLastPartLeftMayGrowInPlace();
    void emptyAndLargeStringsGetBuffersOfTheirOwn();
    void aPartCountsWhatItTakesOfItsBlock();
};

void TestByteArena::aPartIsATerminatedCopy() {
    ByteArena arena;
    QByteArray source("/service-a/items/42?page=2");
    const QByteArray part = arena.copy(source);
    source[1] = 'X';
    QCOMPARE(part, QByteArray("/service-a/items/42?page=2"));
    QCOMPARE(part.constData()[part.size()], '\0');
    QCOMPARE(qstrlen(part.constData()), size_t(part.size()));
    QVERIFY(ByteArena::isPart(part));
    QVERIFY(!ByteArena::isPart(source));
}

void TestByteArena::partsFollowEachOtherInOneBlock() {
    ByteArena arena(1024);
    QByteArray first = arena.copy("GET");
    QByteArray second = arena.copy("/a/b");
    QCOMPARE(blockOf(first), blockOf(second));
    QCOMPARE(second.constData() - first.constData(), ByteArena::partBytes(first.size()));
}

void TestByteArena::aFullBlockIsFollowedByANewOne() {
    constexpr qsizetype blockBytes = 1024;
    ByteArena arena(blockBytes);
    const QByteArray text(100, 'x'); // takes 112 bytes of a block
    QList<QByteArray> parts;
    for (int i = 0; i < 11; ++i)
        parts.append(arena.copy(text));
    // The first part begins 16 bytes in, so nine fill 1024 bytes and the tenth starts a block.
    for (int i = 1; i < 9; ++i)
        QCOMPARE(blockOf(parts[i]), blockOf(parts[0]));
    QVERIFY(blockOf(parts[9]) != blockOf(parts[0]));
    QCOMPARE(blockOf(parts[10]), blockOf(parts[9]));
    for (const QByteArray &part : parts)
        QCOMPARE(part, text);
}

void TestByteArena::partsOutliveTheArenaAndTheirNeighbours() {
    QByteArray kept;
    {
        ByteArena arena(256);
        QByteArray before = arena.copy("before");
        kept = arena.copy("kept");
        QByteArray after = arena.copy("after");
        for (int i = 0; i < 20; ++i)
            arena.copy("moves the arena on to other blocks");
    }
    // Under the address sanitizer (make test-asan), reading a freed block fails here.
    QCOMPARE(kept, QByteArray("kept"));
    QCOMPARE(kept.constData()[kept.size()], '\0');
}

void TestByteArena::theBlockIsHeldByItsPartsAndTheArenaOnly() {
    ByteArena arena(1024);
    QByteArray only = arena.copy("only");
    QVERIFY(blockIsShared(only)); // the arena still cuts parts from it
    QByteArray other;
    do // parts dropped as soon as they are made, until one needs a new block
        other = arena.copy(QByteArray(200, 'y'));
    while (blockOf(other) == blockOf(only));
    QVERIFY(!blockIsShared(only)); // the last reference: freed with it
    QVERIFY(only.isDetached());
}

void TestByteArena::changingAPartCopiesItWhileTheBlockIsShared() {
    ByteArena arena;
    QByteArray first = arena.copy("first");
    const QByteArray second = arena.copy("second");
    first[0] = 'F';
    QCOMPARE(first, QByteArray("First"));
    QCOMPARE(second, QByteArray("second"));
    QVERIFY(!ByteArena::isPart(first)); // a buffer of its own now, of its size
    QVERIFY(first.capacity() < 64);
    QByteArray third = arena.copy("third");
    third.append("-and-more-than-the-room-after-it-in-the-block");
    QCOMPARE(third, QByteArray("third-and-more-than-the-room-after-it-in-the-block"));
    QCOMPARE(second, QByteArray("second"));
}

void TestByteArena::theLastPartLeftMayGrowInPlace() {
    QByteArray last;
    {
        ByteArena arena(256);
        arena.copy("gone");
        last = arena.copy("last");
        arena.copy("gone too");
    }
    QVERIFY(last.isDetached());
    last.append(QByteArray(100, 'z'));
    QCOMPARE(last, "last" + QByteArray(100, 'z'));
}

void TestByteArena::emptyAndLargeStringsGetBuffersOfTheirOwn() {
    ByteArena arena(1024);
    const QByteArray empty = arena.copy(QByteArrayView(""));
    QVERIFY(empty.isEmpty());
    QVERIFY(!empty.isNull());
    QVERIFY(arena.copy(QByteArrayView()).isNull());
    const QByteArray large(300, 'l'); // more than a quarter of the block
    const QByteArray copied = arena.copy(large);
    QCOMPARE(copied, large);
    QVERIFY(!ByteArena::isPart(copied));
    QVERIFY(ByteArena::isPart(arena.copy(QByteArray(200, 's'))));
}

void TestByteArena::aPartCountsWhatItTakesOfItsBlock() {
    ByteArena arena;
    const QByteArray part = arena.copy("/items/42"); // 9 bytes and '\0': 16 of the block
    QCOMPARE(heapBytes(part), 16);
    QCOMPARE(heapBytes(arena.copy(QByteArray(16, 'a'))), 32);
    // A buffer of its own still counts its capacity and its allocation's overhead.
    const QByteArray own(9, 'o');
    QCOMPARE(heapBytes(own), own.capacity() + heapBlockOverhead);
}

QTEST_APPLESS_MAIN(TestByteArena)
#include "tst_bytearena.moc"
