#include "accesslogwriter.h"

#include <QByteArrayView>
#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <mutex>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

namespace {

quint64 countLines(QByteArrayView lines) {
    return quint64(std::count(lines.begin(), lines.end(), '\n'));
}

} // namespace

struct AccessLogWriter::Shared {
    Shared(int fd, qsizetype limit)
        : fd(fd)
        , limit(limit) {}

    // The writer thread: writes the queue's front batch, as much as write() takes each time,
    // until finish() closes an empty queue or gives up.
    void run() {
        std::unique_lock lock(mutex);
        for (;;) {
            work.wait(lock, [this] { return !queue.empty() || closing; });
            if (queue.empty() || abandoned)
                return;
            // The front stays where it is while this thread writes it unlocked: push_back() on a
            // deque moves no element, and only this thread removes one.
            const QByteArray &front = queue.front();
            const char *data = front.constData() + frontWritten;
            const size_t size = size_t(front.size() - frontWritten);
            lock.unlock();
            const ssize_t written = ::write(fd, data, size);
            const int error = written < 0 ? errno : 0;
            if (error == EAGAIN || error == EWOULDBLOCK) {
                // Someone made the descriptor non-blocking; wait as a blocking write would.
                pollfd writable = {fd, POLLOUT, 0};
                ::poll(&writable, 1, -1);
            }
            lock.lock();
            if (abandoned)
                return;
            if (written >= 0) {
                frontWritten += written;
                if (frontWritten == front.size()) {
                    queuedBytes -= front.size();
                    queue.pop_front();
                    frontWritten = 0;
                }
            } else if (error != EINTR && error != EAGAIN && error != EWOULDBLOCK) {
                writeError = error;
                droppedLines += countQueuedLines();
                queue.clear();
                queuedBytes = 0;
                frontWritten = 0;
            }
            progress.notify_all();
        }
    }

    quint64 countQueuedLines() const {
        quint64 lines = 0;
        for (qsizetype i = 0; i < qsizetype(queue.size()); ++i)
            lines += countLines(QByteArrayView(queue[i]).sliced(i == 0 ? frontWritten : 0));
        return lines;
    }

    const int fd;
    const qsizetype limit;
    mutable std::mutex mutex;
    std::condition_variable work;     // the writer thread waits for lines or the close
    std::condition_variable progress; // finish() waits for the queue to empty
    std::deque<QByteArray> queue;
    qsizetype queuedBytes = 0;  // of every batch in the queue, the front's written part included
    qsizetype frontWritten = 0; // bytes of queue.front() written already
    quint64 droppedLines = 0;
    int writeError = 0;
    bool closing = false;   // finish() was called: no more lines
    bool abandoned = false; // finish() gave up on what was queued
};

AccessLogWriter::AccessLogWriter(int fd, qsizetype queueLimitBytes)
    : m_shared(std::make_shared<Shared>(fd, queueLimitBytes)) {
    // The thread starts with every signal blocked, so that SIGINT and SIGTERM go to the threads
    // that handle them (UnixSignalWatcher) and a write to a closed pipe fails with EPIPE
    // instead of raising SIGPIPE, which would end the program.
    sigset_t all;
    sigset_t previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    m_thread = std::thread([shared = m_shared] { shared->run(); });
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

AccessLogWriter::~AccessLogWriter() {
    finish(std::chrono::milliseconds(0));
}

void AccessLogWriter::enqueue(QByteArray lines) {
    Shared &shared = *m_shared;
    std::lock_guard lock(shared.mutex);
    if (shared.closing || shared.writeError != 0) {
        shared.droppedLines += countLines(lines);
        return;
    }
    const qsizetype room = shared.limit - shared.queuedBytes;
    if (lines.size() > room) {
        // Keep the whole lines that fit; the first line cut and those after it are dropped.
        const QByteArrayView fits = QByteArrayView(lines).first(qMax<qsizetype>(room, 0));
        const qsizetype kept = fits.lastIndexOf('\n') + 1;
        shared.droppedLines += countLines(QByteArrayView(lines).sliced(kept));
        lines.truncate(kept);
    }
    if (lines.isEmpty())
        return;
    shared.queuedBytes += lines.size();
    shared.queue.push_back(std::move(lines));
    shared.work.notify_one();
}

quint64 AccessLogWriter::droppedLines() const {
    std::lock_guard lock(m_shared->mutex);
    return m_shared->droppedLines;
}

int AccessLogWriter::writeError() const {
    std::lock_guard lock(m_shared->mutex);
    return m_shared->writeError;
}

quint64 AccessLogWriter::finish(std::chrono::milliseconds timeout) {
    Shared &shared = *m_shared;
    std::unique_lock lock(shared.mutex);
    if (!m_thread.joinable())
        return shared.droppedLines;
    shared.closing = true;
    shared.work.notify_one();
    const bool written =
        shared.progress.wait_for(lock, timeout, [&shared] { return shared.queue.empty(); });
    if (!written) {
        // The front batch may be in a write() right now: it stays in the queue, which the
        // writer thread keeps alive, and only its count is taken.
        shared.droppedLines += shared.countQueuedLines();
        shared.abandoned = true;
    }
    const quint64 dropped = shared.droppedLines;
    lock.unlock();
    if (written)
        m_thread.join();
    else
        m_thread.detach();
    return dropped;
}
