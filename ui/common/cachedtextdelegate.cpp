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
    // The focused cell is left to the style too: it draws the focus frame over the text, and the
    // frame may tint what it covers. One cell of a paint.
    if (cell.features.testFlag(QStyleOptionViewItem::WrapText) ||
        cell.text.contains(QChar::LineSeparator) || cell.state.testFlag(QStyle::State_HasFocus)) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const QWidget *widget = cell.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    const QString text = std::exchange(cell.text, QString());
    cell.features.setFlag(QStyleOptionViewItem::HasDisplay, false);
    style->drawControl(QStyle::CE_ItemViewItem, &cell, painter, widget);
    if (text.isEmpty())
        return;

    // What QCommonStyle does with the text (CE_ItemViewItem, viewItemDrawText()): the text's rect
    // less a margin on each side, the pen by state, the line centred as its rounded bounding size.
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &cell, widget)
                               .adjusted(margin, 0, -margin, 0);
    const ElidedTextCache::Line &line =
        m_texts.lineFor(text, cell.font, textRect.width(),
                        QStyle::visualAlignment(cell.direction, cell.displayAlignment),
                        cell.direction, cell.textElideMode);
    const QPointF position(
        textRect.x(),
        QStyle::alignedRect(Qt::LayoutDirectionAuto, cell.displayAlignment, line.size, textRect)
            .top());
    QPalette::ColorGroup group =
        cell.state.testFlag(QStyle::State_Enabled) ? QPalette::Normal : QPalette::Disabled;
    if (group == QPalette::Normal && !cell.state.testFlag(QStyle::State_Active))
        group = QPalette::Inactive;
    const QPalette::ColorRole role =
        cell.state.testFlag(QStyle::State_Selected) ? QPalette::HighlightedText : QPalette::Text;
    // The style clips the text to the cell; only a text wider or taller than its room needs it
    // (a column narrower than "…"), and clipping every cell would cost what it saves.
    const bool overflows = line.layout.lineAt(0).naturalTextWidth() > textRect.width() ||
                           line.size.height() > cell.rect.height();
    painter->save();
    if (overflows)
        painter->setClipRect(cell.rect, Qt::IntersectClip);
    painter->setPen(cell.palette.color(group, role));
    line.layout.draw(painter, position);
    painter->restore();
}
