#pragma once

#include "model/capturedexchange.h"

#include <QList>
#include <optional>

// What admitting one exchange cost: which bodies were cut or dropped to stay within the limits,
// so that the owner can say so (a log line, a mark on the row, "body evicted" in the details).
struct CaptureReport {
    bool truncated = false;       // the new exchange's bodies were cut at the per-body limit
    QList<quint64> bodiesEvicted; // older exchanges that lost their bodies, oldest first
    QList<quint64> dropped;       // exchanges dropped whole (without bodies still over)
};

// The captured exchanges a program keeps, within a memory budget (README, "Inspecting traffic",
// `capture:`): each body is kept up to bodyLimit bytes, and what all exchanges hold in memory
// together (each one's CapturedExchange::footprintBytes(): structure, record, heads, bodies) up
// to memoryLimit. Over the total, the oldest bodies go first (their heads, sizes and records
// stay, marked evicted), and only when the exchanges without bodies are over, the oldest
// exchanges. Bodies first because a body is what makes an exchange large and the newest are the
// ones a user is looking at; the heads are what the log and HAR export still need. Bodies of
// less than 1 KiB together stay with their exchange: evicting them would copy more than it
// frees.
//
// An exchange shared with another owner (the admin API's store and the window's hold the same
// ones) counts in full in each, so that each owner's store stays within its cap on its own.
//
// Exchanges are kept in the order of their ids (the gateway numbers requests as they start), so
// that find() is a binary search. They arrive as they finish, nearly always in that order; one
// that outlived later ones (a long download) is inserted at its place. Not thread-safe: one
// owner, in one thread.
class CaptureStore final {
public:
    CaptureStore(qint64 bodyLimit, qint64 memoryLimit);

    CaptureReport admit(const CapturedExchange &exchange);
    // The owner's own cap on rows: the oldest go as they leave the log.
    void dropOldest(qsizetype count);
    void clear();

    std::optional<CapturedExchange> find(quint64 id) const;
    const QList<CapturedExchange> &exchanges() const { return m_exchanges; }
    // The sum of the kept exchanges' footprintBytes(), at most memoryLimit() after admit().
    qint64 memoryUsed() const { return m_memoryUsed; }
    qint64 bodyLimit() const { return m_bodyLimit; }
    qint64 memoryLimit() const { return m_memoryLimit; }

private:
    CapturedExchange clipped(const CapturedExchange &exchange, bool &truncated) const;
    void evictBodies(CaptureReport &report);
    void dropWhileOver(CaptureReport &report);

    qint64 m_bodyLimit;
    qint64 m_memoryLimit;
    qint64 m_memoryUsed = 0;
    QList<CapturedExchange> m_exchanges; // oldest first
    // Exchanges before this index hold no body worth evicting: eviction resumes here instead of
    // scanning from the oldest each time.
    qsizetype m_firstWithBody = 0;
};
