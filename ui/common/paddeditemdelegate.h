#pragma once

#include <QStyledItemDelegate>

// The standard delegate with a little more height per row, so that a tree of instances reads
// as a list of things rather than a dense form. With uniform row heights the view asks once.
class PaddedItemDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PaddedItemDelegate)

public:
    explicit PaddedItemDelegate(int extraHeight, QObject *parent = nullptr);

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_extraHeight;
};
