#pragma once

#include "model/requestrecord.h"

#include <QAbstractTableModel>
#include <QHash>
#include <deque>

class InstanceColors;

// The live request log: finished exchanges in arrival order, kept in a ring capped by memory,
// with marker rows where the gateway switched to another config, restarted or reloaded
// (ConfigSwitchNotes), so that the rows above a marker are known to belong to what ran before it.
//
// The cap is in bytes (recordFootprint()), not rows: a row's size varies with its path, its
// retries and its route's instances, and a row count large enough for short rows could take
// gigabytes of long ones. Whatever the request rate, the log holds at most byteLimit() bytes. A
// full log makes room in steps of 1/32 of the limit, not a batch's worth at a time.
//
// A batch is appended with one beginInsertRows(first, first + n - 1); when the ring is full the
// oldest rows go first, in one beginRemoveRows(0, k - 1) (docs/CONVENTIONS.md, "Models insert
// once per batch"). Records are never copied: the model keeps the worker's batch itself (an
// implicitly shared, immutable QList) and a row is a pointer into it, so a batch costs a pointer
// per record whatever the columns show; data() formats at display time (docs/CONVENTIONS.md,
// "Format at display time"). A batch's records are freed when its last row is dropped.
//
// Every row ever appended has a position, counted from the first row: rows dropped from the
// front do not change the positions of the others (positionOf(), rowAtPosition()), which is
// what lets RequestLogFilter keep its rows without remapping on every drop.
class RequestLogModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestLogModel)

public:
    enum Column {
        TimeColumn,
        ClientColumn,
        MethodColumn,
        PathColumn,
        RouteColumn,
        InstanceColumn,
        StatusColumn,
        DurationColumn,
        BytesColumn,
        // Its own column rather than more text in Reason: the reason says why the balancer
        // chose, this says what each try got, and most rows leave it empty (formatAttempts).
        // Before Reason, which stays last and takes the width left over.
        AttemptsColumn,
        ReasonColumn,
        ColumnCount
    };
    enum Role {
        RecordIdRole = Qt::UserRole + 1, // quint64
        BackendIdRole,                   // quint64, 0 when no instance served it
        StatusRole,                      // int, 0 when no status was sent
        MarkerRole,                      // bool: a marker row, no request
    };

    // About 350 000 typical rows: hours of a demo, a minute of a load test.
    static constexpr qint64 defaultByteLimit = qint64(256) << 20;

    explicit RequestLogModel(InstanceColors &colors, QObject *parent = nullptr);

    // Appends records (oldest first), dropping the oldest rows until everything fits in
    // byteLimit(); of a batch larger than the limit only its newest records stay.
    void appendRecords(const QList<RequestRecord> &records);
    // Appends a marker row on a tinted band: text in bold in the Path column ("— switched to
    // Weighted 3:1 —"), detail in the Reason column, the time in the Time column, both in the
    // tooltip. It counts as a row of the ring but not as a
    // request (appendedCount(), requestRowCount()), and a filter never matches it.
    void appendMarker(const QString &text, const QString &detail);
    void clear();

    qint64 byteLimit() const { return m_byteLimit; }
    // Drops the oldest rows until the rest fit. bytes must be above 0.
    void setByteLimit(qint64 bytes);
    // What the rows hold now (the sum of their recordFootprint()), at most byteLimit().
    qint64 usedBytes() const { return m_usedBytes; }
    // Rows dropped to stay within the limit since construction or the last clear().
    quint64 droppedCount() const { return m_droppedCount; }

    // Row must be in 0..rowCount()-1. A marker row's record is empty but for its time.
    const RequestRecord &recordAt(int row) const;
    // Row's position among all rows ever appended (row must be in 0..rowCount()-1).
    quint64 positionOf(int row) const { return m_droppedRows + quint64(row); }
    // The row now at position; -1 when it was dropped (or not appended yet).
    int rowAtPosition(quint64 position) const;
    bool isMarkerAt(int row) const;
    // Rows that are requests, not markers.
    int requestRowCount() const { return int(m_rows.size() - size_t(m_markers.size())); }
    // Records appended since construction, including the ones dropped since.
    quint64 appendedCount() const { return m_appendedCount; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    // Drops the oldest rows until at most bytes are left; once it drops any, at least step bytes'
    // worth of rows.
    void dropOldestAbove(qint64 bytes, qint64 step);
    QVariant displayText(const RequestRecord &record, int column) const;
    QVariant markerData(int row, int column, int role) const;

    struct Marker {
        QString text;
        QString detail;
    };

    InstanceColors &m_colors;
    // Drops the front batch once its last row went.
    void releaseDroppedRows(size_t count);

    // A batch as the worker sent it, and how many of its rows the ring still shows (always its
    // newest ones: rows go from the front).
    struct Batch {
        QList<RequestRecord> records;
        qsizetype rowsLeft = 0;
    };

    // Row r is *m_rows[r], a record in one of m_batches: new rows go on the back, dropped ones
    // come off the front. Deques rather than vector rings: a deque allocates in blocks as rows
    // arrive, never moves what it holds, frees blocks as rows are dropped, and a limit change
    // needs no relinearizing (a vector reserved for the largest cap would take its memory before
    // the first request; one that grows would stall the GUI thread while it moves).
    std::deque<const RequestRecord *> m_rows;
    std::deque<Batch> m_batches;
    qint64 m_byteLimit = defaultByteLimit;
    qint64 m_usedBytes = 0;
    quint64 m_appendedCount = 0;
    // Markers by the position of their row counted from the first row ever appended: row r is
    // position m_droppedRows + r. Few, so a hash beside the ring rather than a field in every row.
    QHash<quint64, Marker> m_markers;
    quint64 m_droppedRows = 0;  // rows gone from the front for any reason, clear() included
    quint64 m_droppedCount = 0; // rows dropped for the limit since the last clear() (the label)
};
