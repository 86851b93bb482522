#pragma once

#include "common/elidedtextcache.h"

#include <QStyledItemDelegate>

// The standard delegate for a table of one-line texts, with each cell's text shaped once. A cell
// is drawn as QCommonStyle's CE_ItemViewItem draws it (Fusion's, the window's style, is that
// one), in its order and with the style's own parts: the panel (PE_PanelItemViewItem:
// background, selection), the icon, then the text, drawn from an ElidedTextCache laid out,
// elided and placed as viewItemDrawText() places it. The style shapes every text two or three
// times per paint instead (docs/BENCHMARKS.md, "The window's cost per request"); the pixels are
// the same (tests/ui/tst_cachedtextdelegate.cpp compares them).
//
// The focused cell (whose focus frame the style draws over the text), check boxes, texts of
// several lines and views that wrap are left to QStyledItemDelegate. sizeHint() is the standard
// one: views with fixed row heights and interactive columns never ask for it while they paint.
// Meant for views that show a decoration's whole cell as selected, as QTableView does
// (QStyleOptionViewItem::showDecorationSelected): the text's rect is then the cell's rest. A
// style that draws CE_ItemViewItem its own way would see its panel and icon, but QCommonStyle's
// placement of them.
class CachedTextDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CachedTextDelegate)

public:
    // Keeps the layouts of up to cachedTexts distinct cell texts: enough for every cell a screen
    // shows, so that a repaint of the same values shapes nothing.
    explicit CachedTextDelegate(qsizetype cachedTexts, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

    // For tests: what is cached.
    const ElidedTextCache &cache() const { return m_texts; }

private:
    // Painting changes only this cache: paint() is const for the view.
    mutable ElidedTextCache m_texts;
};
