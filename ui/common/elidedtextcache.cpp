#include "common/elidedtextcache.h"

#include <QFontMetrics>
#include <QTextOption>

namespace {
// One line of width, as QCommonStyle's viewItemTextLayout() makes it.
void layOutOneLine(QTextLayout &layout, int width) {
    layout.beginLayout();
    QTextLine line = layout.createLine();
    line.setLineWidth(width);
    line.setPosition(QPointF(0, 0));
    layout.endLayout();
}
} // namespace

ElidedTextCache::ElidedTextCache(qsizetype capacity)
    : m_lines(capacity) {
    Q_ASSERT(capacity > 0); // QCache refuses every insertion into a cache of 0
}

const ElidedTextCache::Line &ElidedTextCache::lineFor(const QString &text, const QFont &font,
                                                      int width, Qt::Alignment alignment,
                                                      Qt::LayoutDirection direction,
                                                      Qt::TextElideMode elideMode) {
    Key key{text, font, width, int(alignment), int(direction), int(elideMode)};
    if (const Line *line = m_lines.object(key))
        return *line;

    ++m_linesLaidOut;
    QTextOption option;
    option.setWrapMode(QTextOption::ManualWrap);
    option.setTextDirection(direction);
    option.setAlignment(alignment);
    auto *line = new Line;
    line->layout.setCacheEnabled(true); // else endLayout() frees the glyphs drawing needs
    line->layout.setFont(font);
    line->layout.setTextOption(option);
    line->layout.setText(text);
    layOutOneLine(line->layout, width);
    // The style elides a line whose natural width exceeds the width (calculateElidedText());
    // a text that fits, nearly every cell's, is shaped once and this layout is the one drawn.
    if (line->layout.lineAt(0).naturalTextWidth() > width) {
        line->layout.setText(QFontMetrics(font).elidedText(text, elideMode, width));
        layOutOneLine(line->layout, width);
    }
    line->size = line->layout.boundingRect().size().toSize();
    m_lines.insert(std::move(key), line);
    return *line;
}
