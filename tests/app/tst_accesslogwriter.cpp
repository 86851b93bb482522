// AccessLogWriter: stdout written from a thread of its own behind a queue bounded in bytes
// (README, "Access log"). A pipe the test does not read stands for a stalled stdout: it is
// filled to the brim first, so every write() the writer makes blocks, as on a stalled reader.
#include "accesslogwriter.h"

#include "eventwait.h"

#include <QTest>
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace {

// A pipe, closed with the test.
struct Pipe {
    Pipe() {
        if (::pipe2(fds, O_CLOEXEC) != 0)
            fds[0] = fds[1] = -1;
    }
    ~Pipe() {
        closeReadEnd();
        if (fds[1] >= 0)
            ::close(fds[1]);
    }
    Pipe(const Pipe &) = delete;
    Pipe &operator=(const Pipe &) = delete;

    int readEnd() const { return fds[0]; }
    int writeEnd() const { return fds[1]; }
    void closeReadEnd() {
        if (fds[0] >= 0)
            ::close(fds[0]);
        fds[0] = -1;
    }

    // Fills the pipe until a write would block, through a descriptor of its own so that the
    // writer's stays blocking. Whether it worked.
    bool fill() const {
        const int filler = ::open(qPrintable(QStringLiteral("/proc/self/fd/%1").arg(fds[1])),
                                  O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (filler < 0)
            return false;
        const QByteArray chunk(4096, 'f');
        while (::write(filler, chunk.constData(), size_t(chunk.size())) > 0) {
        }
        while (::write(filler, "f", 1) > 0) {
        }
        const bool full = errno == EAGAIN;
        ::close(filler);
        return full;
    }

    // Everything readable now and until timeoutMs pass without the expected size.
    QByteArray readUntil(qsizetype size, int timeoutMs) const {
        QByteArray data;
        ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
        waitUntil(
            [&] {
                char buffer[65536];
                for (ssize_t got; (got = ::read(fds[0], buffer, sizeof buffer)) > 0;)
                    data.append(buffer, got);
                return data.size() >= size;
            },
            timeoutMs);
        return data;
    }

    int fds[2] = {-1, -1};
};

QByteArray lines(int count, char fill, int lineSize) {
    QByteArray out;
    for (int i = 0; i < count; ++i)
        out += QByteArray(lineSize - 1, fill) + '\n';
    return out;
}

} // namespace

class TestAccessLogWriter final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writesEverythingInOrder();
    void dropsWholeLinesPastTheLimit();
    void finishGivesUpOnAStalledReader();
    void aClosedPipeDropsTheRest();
};

void TestAccessLogWriter::writesEverythingInOrder() {
    Pipe pipe;
    AccessLogWriter writer(pipe.writeEnd(), 1024);
    QByteArray expected;
    QByteArray received;
    for (int i = 0; i < 50; ++i) {
        const QByteArray batch = lines(3, char('a' + i % 26), 10);
        expected += batch;
        writer.enqueue(batch);
        // Read as it goes, so that the queue (1 KiB) never fills.
        received += pipe.readUntil(batch.size(), defaultWaitMs);
    }
    QCOMPARE(writer.finish(std::chrono::milliseconds(defaultWaitMs)), quint64(0));
    QCOMPARE(received, expected);
    QCOMPARE(writer.droppedLines(), quint64(0));
    QCOMPARE(writer.writeError(), 0);
}

void TestAccessLogWriter::dropsWholeLinesPastTheLimit() {
    Pipe pipe;
    QVERIFY(pipe.fill());
    AccessLogWriter writer(pipe.writeEnd(), 100);
    writer.enqueue(lines(3, 'a', 30)); // 90 bytes: in the queue (or in a blocked write)
    QCOMPARE(writer.droppedLines(), quint64(0));
    // 10 bytes of room: the first two 5-byte lines fit, the other two are dropped.
    writer.enqueue(lines(4, 'b', 5));
    QCOMPARE(writer.droppedLines(), quint64(2));
    // Full: all of it is dropped, and nothing waits for the reader.
    writer.enqueue(lines(7, 'c', 20));
    QCOMPARE(writer.droppedLines(), quint64(9));
    QCOMPARE(writer.writeError(), 0);

    // The reader wakes up: what was queued arrives after what filled the pipe, in order, and
    // nothing else.
    const QByteArray queued = lines(3, 'a', 30) + lines(2, 'b', 5);
    QByteArray received;
    QVERIFY(waitUntil(
        [&] {
            received += pipe.readUntil(0, 0);
            return received.endsWith(queued);
        },
        defaultWaitMs));
    QCOMPARE(writer.finish(std::chrono::milliseconds(defaultWaitMs)), quint64(9));
    QCOMPARE(received.size(), received.count('f') + queued.size());
}

// SIGTERM with a stalled stdout: finish() returns after its timeout, with what it gave up on
// counted, and leaves the writer thread blocked where it is.
void TestAccessLogWriter::finishGivesUpOnAStalledReader() {
    Pipe pipe;
    QVERIFY(pipe.fill());
    AccessLogWriter writer(pipe.writeEnd());
    writer.enqueue(lines(2, 'a', 40));
    writer.enqueue(lines(3, 'b', 40));
    QCOMPARE(writer.finish(std::chrono::milliseconds(50)), quint64(5));
    QCOMPARE(writer.droppedLines(), quint64(5));
    // After finish(), lines are counted, not queued.
    writer.enqueue(lines(1, 'c', 40));
    QCOMPARE(writer.droppedLines(), quint64(6));
    // The blocked write() fails once nobody can read the pipe (SIGPIPE is blocked in the
    // writer thread); the thread ends on its own.
    pipe.closeReadEnd();
}

void TestAccessLogWriter::aClosedPipeDropsTheRest() {
    Pipe pipe;
    pipe.closeReadEnd();
    AccessLogWriter writer(pipe.writeEnd());
    writer.enqueue(lines(4, 'a', 10));
    QTRY_COMPARE(writer.writeError(), EPIPE);
    QCOMPARE(writer.droppedLines(), quint64(4));
    writer.enqueue(lines(2, 'b', 10));
    QCOMPARE(writer.droppedLines(), quint64(6));
    QCOMPARE(writer.finish(std::chrono::milliseconds(0)), quint64(6));
}

QTEST_GUILESS_MAIN(TestAccessLogWriter)
#include "tst_accesslogwriter.moc"
