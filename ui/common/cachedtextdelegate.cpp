#include "common/cachedtextdelegate.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>
#include <utility>

CachedTextDelegate::CachedTextDelegate(qsizetype cachedTexts, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_texts(cachedTexts) {}

void CachedTextDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                               const QModelIndex &index) const {
    QStyleOptionViewItem cell = option;
    initStyleOption(&cell, index);
    // The focused cell is left to the style: it draws the focus frame over the text, and the
    // frame may tint what it covers (one cell of a paint). So are check boxes and wrapped text.
    if (cell.features.testAnyFlags(QStyleOptionViewItem::WrapText |
                                   QStyleOptionViewItem::HasCheckIndicator) ||
        cell.state.testFlag(QStyle::State_HasFocus) || cell.text.contains(QChar::LineSeparator)) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const QWidget *widget = cell.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    // Without its text, the style's layout of the cell (the rects below) shapes nothing: the text
    // takes the room the icon leaves, as QTableView shows a decoration's cell as selected whole.
    const QString text = std::exchange(cell.text, QString());
    cell.features.setFlag(QStyleOptionViewItem::HasDisplay, false);

    // What QCommonStyle's CE_ItemViewItem draws, in its order, less its clipping and its text
    // layouts: the panel (background, selection), the icon, the text.
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &cell, painter, widget);
    const QRect iconRect = style->subElementRect(QStyle::SE_ItemViewItemDecoration, &cell, widget);
    QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &cell, widget);
    const ElidedTextCache::Line *line = nullptr;
    if (!text.isEmpty()) {
        // viewItemDrawText(): the text's rect less a margin on each side.
        const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
        textRect.adjust(margin, 0, -margin, 0);
        line = &m_texts.lineFor(text, cell.font, textRect.width(),
                                QStyle::visualAlignment(cell.direction, cell.displayAlignment),
                                cell.direction, cell.textElideMode);
    }
    // The style clips a cell's drawing to it; only a cell narrower or lower than what it holds
    // needs that (a column narrower than "…" or than the icon), and clipping every cell would
    // cost much of what the cache saves.
    const bool overflows = (!cell.icon.isNull() && !cell.rect.contains(iconRect)) ||
                           (line && (line->layout.lineAt(0).naturalTextWidth() > textRect.width() ||
                                     line->size.height() > cell.rect.height()));
    if (overflows) {
        painter->save();
        painter->setClipRect(cell.rect, Qt::IntersectClip);
    }
    if (!cell.icon.isNull()) {
        QIcon::Mode mode = QIcon::Normal;
        if (!cell.state.testFlag(QStyle::State_Enabled))
            mode = QIcon::Disabled;
        else if (cell.state.testFlag(QStyle::State_Selected))
            mode = QIcon::Selected;
        cell.icon.paint(painter, iconRect, cell.decorationAlignment, mode,
                        cell.state.testFlag(QStyle::State_Open) ? QIcon::On : QIcon::Off);
    }
    if (line) {
        QPalette::ColorGroup group =
            cell.state.testFlag(QStyle::State_Enabled) ? QPalette::Normal : QPalette::Disabled;
        if (group == QPalette::Normal && !cell.state.testFlag(QStyle::State_Active))
            group = QPalette::Inactive;
        const QPalette::ColorRole role = cell.state.testFlag(QStyle::State_Selected)
                                             ? QPalette::HighlightedText
                                             : QPalette::Text;
        // Centred as the style centres it: by the line's rounded bounding size.
        const QPointF position(textRect.x(),
                               QStyle::alignedRect(Qt::LayoutDirectionAuto, cell.displayAlignment,
                                                   line->size, textRect)
                                   .top());
        const QPen pen = painter->pen();
        painter->setPen(cell.palette.color(group, role));
        line->layout.draw(painter, position);
        painter->setPen(pen);
    }
    if (overflows)
        painter->restore();
}
