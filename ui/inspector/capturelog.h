#pragma once

#include "inspect/capturestore.h"
#include "inspect/headermask.h"
#include "model/capturedexchange.h"

#include <QList>
#include <QObject>
#include <optional>

struct CaptureConfig;

// The window's captured exchanges (README, "Inspecting traffic"): a CaptureStore within the
// config's `capture:` budget, which the details pane, the log's row actions and HAR export look
// exchanges up in by record id. One per log: the live log's is fed by the gateway's
// capturesReady batches, a HAR file's by its import.
//
// What admitting cost is counted (bodies cut at the limit, bodies evicted, exchanges dropped)
// so that the window can say so; a body that was cut or evicted also says so on its own
// (CapturedBody), which is what the details pane shows.
class CaptureLog final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaptureLog)

public:
    explicit CaptureLog(QObject *parent = nullptr);

    // The limits and masked names of a config's `capture:` section. New limits start an empty
    // store (the kept exchanges were admitted under the old ones); the same limits keep it.
    void configure(const CaptureConfig &config);
    // The mask for what the window shows and copies: the built-in names and the config's.
    HeaderMask mask(HeaderMask::Secrets secrets) const;

    // The exchange of this log row, if it was captured and is still kept. Matched by id and
    // start time: ids start again at 1 when the gateway starts again. Never for a row of
    // HAProxy's log, numbered from 1 too: only the gateway captures.
    std::optional<CapturedExchange> find(const RequestRecord &record) const;
    const QList<CapturedExchange> &exchanges() const { return m_store.exchanges(); }
    qint64 memoryUsed() const { return m_store.memoryUsed(); }
    qint64 memoryLimit() const { return m_store.memoryLimit(); }
    qint64 bodyLimit() const { return m_store.bodyLimit(); }
    // Since the last clear(): bodies cut at the body limit, bodies evicted for memory, exchanges
    // dropped whole.
    quint64 truncatedCount() const { return m_truncated; }
    quint64 evictedCount() const { return m_evicted; }
    quint64 droppedCount() const { return m_dropped; }

    void clear();

public Q_SLOTS:
    // Takes a batch as exchanges finished (GatewayController::capturesReady) or in id order (a
    // HAR import). One that finished after later ones (a long download, or any of many
    // concurrent requests) has a lower id and an earlier start, and goes to its place. An id
    // not above the newest kept one that started after it means the gateway started again and
    // numbers from 1: what was kept is dropped (the older rows then say "not captured").
    void addCaptures(const QList<CapturedExchange> &captures);

Q_SIGNALS:
    // After a batch, a clear or a new configuration.
    void changed();

private:
    CaptureStore m_store;
    QList<QByteArray> m_maskNames;
    quint64 m_truncated = 0;
    quint64 m_evicted = 0;
    quint64 m_dropped = 0;
};
