#pragma once

#include <QByteArray>
#include <QtGlobal>
#include <chrono>
#include <memory>
#include <thread>

// Writes the headless program's stdout (the access log and its event lines) from a thread of
// its own, behind a queue bounded in bytes, so that a stdout that stalls (a pipe nobody reads,
// a full disk) never blocks the thread that formats the lines: the proxy and the signal
// handling go on, and what does not fit is dropped and counted (README, "Access log"; why a
// thread: docs/ARCHITECTURE.md, "Threads").
//
// Every member is called in the thread that created the writer (the main thread); the writer
// thread touches only the queue and the counters, under the writer's own mutex.
class AccessLogWriter final {
public:
    // Memory for lines waiting to be written: about 2 s of JSON lines at 10 000 requests a
    // second (~500 bytes each), so that a slow moment of the disk or of the reader loses nothing.
    static constexpr qsizetype defaultQueueLimit = 8 * 1024 * 1024;

    explicit AccessLogWriter(int fd, qsizetype queueLimitBytes = defaultQueueLimit);
    // finish() with no time to wait, if it was not called.
    ~AccessLogWriter();
    AccessLogWriter(const AccessLogWriter &) = delete;
    AccessLogWriter &operator=(const AccessLogWriter &) = delete;

    // Queues whole lines (each ending in '\n') and returns at once. The lines that would take the
    // queue past its limit are dropped and counted, whole lines only, from the end; after a
    // write error or finish(), everything is.
    void enqueue(QByteArray lines);

    // Lines dropped so far: those enqueue() had no room for, those queued when a write failed,
    // and those finish() gave up on.
    quint64 droppedLines() const;
    // The errno of the write that failed (EPIPE: nobody reads the pipe any more), 0 while none
    // has. Nothing is written after one.
    int writeError() const;

    // Stops taking lines and waits until the queue is written, at most timeout. What is still
    // queued then (a stalled stdout) is dropped and counted, and the writer thread is left
    // blocked in write() to end with the process, because nothing can interrupt a write to a
    // regular file or a blocking pipe. Returns droppedLines().
    quint64 finish(std::chrono::milliseconds timeout);

private:
    struct Shared;
    std::shared_ptr<Shared> m_shared; // the writer thread holds it too: it may outlive this
    std::thread m_thread;
};
