#pragma once

#include <QCache>
#include <QFont>
#include <QSize>
#include <QString>
#include <QTextLayout>

// A cell's text as QCommonStyle lays it out for an item view (CE_ItemViewItem, one line, no
// wrapping): elided to the width with QFontMetrics::elidedText when it does not fit, aligned in
// it, shaped once and kept. The style shapes a cell's text anew two or three times on every paint
// (size, elision, drawing); a table that repaints the same values four times a second then spends
// most of its paint in HarfBuzz (docs/BENCHMARKS.md, "The window's cost per request").
//
// Keyed by what decides the result (the text, the font, the width, alignment, direction and elide
// mode), never by a cell's position: a row whose values change, or rows that shift, find their
// own text or a new entry, never another cell's. The least recently used entries go once more
// than capacity() are held.
class ElidedTextCache final {
public:
    struct Line {
        // Laid out in one line of the width, with its glyphs kept (QTextLayout::setCacheEnabled).
        QTextLayout layout;
        // The layout's bounding size, rounded as the style rounds it to centre the line.
        QSize size;
    };

    explicit ElidedTextCache(qsizetype capacity);

    // The line for text, laid out and drawn as the style would. Valid until the next call: an
    // insertion may drop the least recently used entry. text must be one line (no
    // QChar::LineSeparator).
    const Line &lineFor(const QString &text, const QFont &font, int width, Qt::Alignment alignment,
                        Qt::LayoutDirection direction, Qt::TextElideMode elideMode);

    qsizetype size() const { return m_lines.size(); }
    qsizetype capacity() const { return m_lines.maxCost(); }
    // Lines laid out since construction: the misses (the tests' view of what was cached).
    quint64 linesLaidOut() const { return m_linesLaidOut; }

private:
    struct Key {
        QString text;
        QFont font;
        int width;
        int alignment;
        int direction;
        int elideMode;

        friend bool operator==(const Key &, const Key &) = default;
        friend size_t qHash(const Key &key, size_t seed = 0) noexcept {
            return qHashMulti(seed, key.text, key.font, key.width, key.alignment, key.direction,
                              key.elideMode);
        }
    };

    QCache<Key, Line> m_lines;
    quint64 m_linesLaidOut = 0;
};
