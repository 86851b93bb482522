#pragma once

#include <QByteArray>
#include <QByteArrayView>

// A body received by a test peer. Every byte is counted and folded into a checksum, but only
// the first keptLimit bytes are kept: the gateway runs in the test's process and the streaming
// tests bound that process's memory, so multi-megabyte bodies must not pile up here either.
class RecordedBody final {
public:
    static constexpr qsizetype keptLimit = 64 * 1024;

    void append(QByteArrayView data);

    qint64 size() const { return m_size; }
    // The first keptLimit bytes (the whole body when isWhole()).
    const QByteArray &bytes() const { return m_kept; }
    bool isWhole() const { return m_size == m_kept.size(); }
    // FNV-1a over every byte: order-sensitive, so a lost, repeated or reordered piece shows.
    quint64 checksum() const { return m_checksum; }

private:
    QByteArray m_kept;
    qint64 m_size = 0;
    quint64 m_checksum = 0xcbf29ce484222325ULL;
};
