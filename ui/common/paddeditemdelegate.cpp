#include "common/paddeditemdelegate.h"

PaddedItemDelegate::PaddedItemDelegate(int extraHeight, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_extraHeight(extraHeight) {}

QSize PaddedItemDelegate::sizeHint(const QStyleOptionViewItem &option,
                                   const QModelIndex &index) const {
    return QStyledItemDelegate::sizeHint(option, index) + QSize(0, m_extraHeight);
}
