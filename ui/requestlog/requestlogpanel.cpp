#include "requestlog/requestlogpanel.h"

#include "common/cachedtextdelegate.h"
#include "common/displayformat.h"
#include "requestlog/requestlogfilter.h"
#include "requestlog/requestlogmodel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace {
// New rows appear (and the view follows them) at most four times a second: each showing lays
// out and repaints the table, which costs as much as thousands of records (docs/ARCHITECTURE.md,
// "The window's cost per request").
constexpr int newRowsIntervalMs = 250;
constexpr int filterDebounceMs = 150;
// Distinct cell texts whose layouts the table keeps: every cell of a tall screen (≈ 60 rows × 11
// columns) with room to spare, a few MiB at most.
constexpr qsizetype cachedCellTexts = 2048;

QToolButton *toolButtonFor(QAction *action) {
    auto *button = new QToolButton;
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setAutoRaise(true);
    return button;
}
} // namespace

RequestLogPanel::RequestLogPanel(RequestLogModel &log, QWidget *parent)
    : QWidget(parent)
    , m_log(log)
    , m_filter(new RequestLogFilter(log, RequestLogFilter::NewRows::ShownOnRequest, this))
    , m_view(new QTableView)
    , m_filterEdit(new QLineEdit)
    , m_countLabel(new QLabel)
    , m_follow(new QAction(QIcon(QStringLiteral(":/icons/follow.png")), tr("&Follow"), this))
    , m_clear(new QAction(QIcon(QStringLiteral(":/icons/clear.png")), tr("C&lear Log"), this))
    , m_focusFilter(new QAction(tr("&Filter…"), this)) {
    m_follow->setCheckable(true);
    m_follow->setChecked(true);
    m_follow->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_F);
    m_follow->setToolTip(tr("Follow new requests (Ctrl+Shift+F). Scrolling up pauses, scrolling "
                            "to the bottom follows again."));
    connect(m_follow, &QAction::toggled, this, [this](bool following) {
        if (following)
            scrollToNewest();
    });
    m_clear->setShortcut(Qt::CTRL | Qt::Key_L);
    m_clear->setToolTip(tr("Remove every row from the log (Ctrl+L)"));
    connect(m_clear, &QAction::triggered, this, [this] {
        m_pickedId = 0; // gone with the rest, nothing to explain
        m_log.clear();
        Q_EMIT selectionCleared();
    });
    m_focusFilter->setShortcut(QKeySequence::Find);
    connect(m_focusFilter, &QAction::triggered, this, [this] {
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
    });

    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setPlaceholderText(
        tr("Filter (Ctrl+F): route:service-a  instance:127.0.0.1:8082  status:5xx  /path"));
    m_filterEdit->setToolTip(
        tr("Space-separated terms, all must match:\n"
           "  route:ID  instance:NAME  status:404 | status:5xx\n"
           "  status:failed | status:client_error: what the status bar counts as such\n"
           "  any other word: text the path must contain\n"
           "Several terms with one key are alternatives (status:4xx status:5xx)."));
    m_filterDebounce.setSingleShot(true);
    m_filterDebounce.setInterval(filterDebounceMs);
    connect(&m_filterDebounce, &QTimer::timeout, this, &RequestLogPanel::applyFilterText);
    connect(m_filterEdit, &QLineEdit::textChanged, &m_filterDebounce, qOverload<>(&QTimer::start));
    connect(m_filterEdit, &QLineEdit::returnPressed, this, &RequestLogPanel::applyFilterText);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_filterEdit, 1);
    bar->addWidget(m_countLabel);
    bar->addWidget(toolButtonFor(m_follow));
    bar->addWidget(toolButtonFor(m_clear));

    // Connected before the view's selection model exists, so that it runs first: that model moves
    // the current row off rows about to go, and the details must not follow that move.
    connect(m_filter, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this] { m_rowsBeingRemoved = true; });
    m_view->setModel(m_filter);
    setUpColumns();

    m_newRowsTimer.setSingleShot(true);
    m_newRowsTimer.setInterval(newRowsIntervalMs);
    connect(&m_newRowsTimer, &QTimer::timeout, this, &RequestLogPanel::showNewRows);
    // Armed by the first change after a tick, never restarted: batches every 50 ms must not
    // keep pushing the new rows away.
    auto armNewRowsTimer = [this] {
        if (!m_newRowsTimer.isActive())
            m_newRowsTimer.start();
    };
    connect(&m_log, &QAbstractItemModel::rowsInserted, this, armNewRowsTimer);
    connect(&m_log, &QAbstractItemModel::rowsRemoved, this, armNewRowsTimer);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this,
            [this](const QModelIndex &, int first, int last) {
                m_rowsBeingRemoved = false;
                // Queued: the filter passes the log's removal on before the log has updated its
                // indexes, so whether the picked record was dropped is known only afterwards.
                if (m_pickedId != 0)
                    QMetaObject::invokeMethod(this, &RequestLogPanel::followPickedRecord,
                                              Qt::QueuedConnection);
                // Keep a paused view on the rows it shows: the ring dropped rows above them.
                if (!isFollowing() && first == 0) {
                    QScrollBar *scrollBar = m_view->verticalScrollBar();
                    m_scrollingByProgram = true;
                    scrollBar->setValue(std::max(0, scrollBar->value() - (last - first + 1)));
                    m_scrollingByProgram = false;
                }
            });
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this,
            &RequestLogPanel::onScrolled);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RequestLogPanel::onCurrentRowChanged);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    addAction(m_focusFilter);
    updateCountLabel();
}

void RequestLogPanel::setUpColumns() {
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    // Each text shaped once, not two or three times per paint (docs/ARCHITECTURE.md, "The
    // window's cost per request").
    m_view->setItemDelegate(new CachedTextDelegate(cachedCellTexts, m_view));
    m_view->setSortingEnabled(false); // arrival order is the point of a log
    // Whole rows, so that a paused view can step back by the number of rows the ring dropped.
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);

    // Fixed row heights: the view never asks a row how tall it is (docs/CONVENTIONS.md,
    // "Format at display time").
    m_view->setIconSize(QSize(16, 16));
    QHeaderView *rows = m_view->verticalHeader();
    rows->hide();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(std::max(fontMetrics().height(), m_view->iconSize().height()) + 6);

    QHeaderView *columns = m_view->horizontalHeader();
    columns->setHighlightSections(false);
    columns->setSectionsMovable(true);
    columns->setStretchLastSection(true); // the reason takes what is left
    columns->setSectionResizeMode(QHeaderView::Interactive);
    // Widths from sample texts in the current font: wide enough for typical values, narrow
    // enough that the reason stays in view at 1280 px. Longer values elide; tooltips and the
    // details pane show them whole.
    const QFontMetrics metrics = fontMetrics();
    const int padding = metrics.horizontalAdvance(QLatin1Char(' ')) * 2 + 6;
    const int iconRoom = m_view->iconSize().width() + 4;
    auto widthFor = [&](const QString &sample) {
        return metrics.horizontalAdvance(sample) + padding;
    };
    columns->resizeSection(RequestLogModel::TimeColumn, widthFor(QStringLiteral("00:00:00.000")));
    columns->resizeSection(RequestLogModel::ClientColumn, widthFor(QStringLiteral("127.0.0.1")));
    columns->resizeSection(RequestLogModel::MethodColumn, widthFor(QStringLiteral("DELETE")));
    columns->resizeSection(RequestLogModel::PathColumn,
                           widthFor(QStringLiteral("/service-a/items/12")));
    columns->resizeSection(RequestLogModel::RouteColumn, widthFor(QStringLiteral("service-a")));
    columns->resizeSection(RequestLogModel::InstanceColumn,
                           iconRoom + widthFor(QStringLiteral("127.0.0.1:80800")));
    // As wide as its title in the window's language ("Status", "状态"), which is wider than 200.
    columns->resizeSection(
        RequestLogModel::StatusColumn,
        std::max(
            widthFor(QStringLiteral("200")),
            widthFor(m_log.headerData(RequestLogModel::StatusColumn, Qt::Horizontal).toString())));
    columns->resizeSection(RequestLogModel::DurationColumn, widthFor(QStringLiteral("00.00 ms")));
    columns->resizeSection(RequestLogModel::BytesColumn, widthFor(QStringLiteral("00.0 KiB")));
    // Empty for most requests (served on the first try): as wide as its title, enough to see
    // that there was a retry; the rest elides (tooltip, details) so that the reason stays in view.
    columns->resizeSection(
        RequestLogModel::AttemptsColumn,
        widthFor(m_log.headerData(RequestLogModel::AttemptsColumn, Qt::Horizontal).toString()));
}

bool RequestLogPanel::isFollowing() const {
    return m_follow->isChecked();
}

void RequestLogPanel::setFollowing(bool following) {
    m_follow->setChecked(following);
}

void RequestLogPanel::setFilterText(const QString &text) {
    m_filterEdit->setText(text);
    applyFilterText();
}

void RequestLogPanel::setCountToolTipExtra(const QString &text) {
    m_countToolTipExtra = text;
    // The tooltip only: it comes with every batch of captures, and a new count would repaint
    // the label each time; the count moves on the tick.
    updateCountToolTip();
}

void RequestLogPanel::applyFilterText() {
    m_filterDebounce.stop();
    m_filter->setFilterText(m_filterEdit->text());
    followPickedRecord(); // hidden by the new filter, or shown again
    if (isFollowing())
        scrollToNewest();
    updateCountLabel();
}

void RequestLogPanel::showNewRows() {
    m_newRowsTimer.stop();
    m_filter->showNewRows();
    if (isFollowing())
        scrollToNewest();
    updateCountLabel();
}

void RequestLogPanel::scrollToNewest() {
    m_scrollingByProgram = true;
    m_view->scrollToBottom();
    m_scrollingByProgram = false;
}

void RequestLogPanel::onScrolled(int value) {
    if (m_scrollingByProgram)
        return;
    // The user moved the view: away from the bottom pauses, back at the bottom follows again.
    setFollowing(value >= m_view->verticalScrollBar()->maximum());
}

void RequestLogPanel::onCurrentRowChanged(const QModelIndex &current) {
    // Removing the selected row (the ring, the filter) moves the current row: the details keep
    // what the user picked instead of jumping to a neighbour (followPickedRecord() runs next).
    if (m_rowsBeingRemoved || m_selectingByProgram)
        return;
    const QModelIndex source = m_filter->mapToSource(current);
    if (!source.isValid() || m_log.isMarkerAt(source.row())) {
        m_pickedId = 0;
        Q_EMIT selectionCleared();
        return;
    }
    m_picked = source;
    m_pickedHidden = false;
    const RequestRecord &record = m_log.recordAt(source.row());
    m_pickedId = record.id;
    Q_EMIT recordSelected(record);
}

void RequestLogPanel::followPickedRecord() {
    if (m_pickedId == 0)
        return;
    const QModelIndex shown = m_filter->mapFromSource(m_picked);
    const bool highlighted =
        shown.isValid() && m_view->selectionModel()->isRowSelected(shown.row());
    if (highlighted && m_view->currentIndex().row() == shown.row())
        return;
    m_selectingByProgram = true;
    if (shown.isValid()) {
        m_view->selectionModel()->setCurrentIndex(shown, QItemSelectionModel::ClearAndSelect |
                                                             QItemSelectionModel::Rows);
    } else {
        m_view->selectionModel()->clear();
    }
    m_selectingByProgram = false;
    if (shown.isValid()) {
        if (m_pickedHidden) {
            m_pickedHidden = false;
            Q_EMIT recordSelected(m_log.recordAt(m_picked.row()));
        }
        return;
    }
    if (m_pickedHidden)
        return;
    m_pickedHidden = true;
    Q_EMIT selectedRecordHidden(
        m_pickedId, m_picked.isValid()
                        ? tr("Hidden by the filter: the log shows no row for this request.")
                        : tr("Dropped from the log to make room for newer requests."));
}

void RequestLogPanel::updateCountLabel() {
    const QString problem = m_filter->filterProblem();
    if (!problem.isEmpty()) {
        m_countLabel->setText(problem);
        return;
    }
    const int total = m_log.requestRowCount();
    QString count = m_filter->isFiltering()
                        ? tr("%L1 of %L2").arg(m_filter->rowCount()).arg(total)
                        : (total == 1 ? tr("1 request") : tr("%L1 requests").arg(total));
    if (m_log.droppedCount() > 0)
        count = tr("%1, oldest dropped").arg(count);
    m_countLabel->setText(count);
    updateCountToolTip();
}

void RequestLogPanel::updateCountToolTip() {
    QString toolTip = tr("The log holds %1 of at most %2 (Log → Log Size…); when it is "
                         "full, the oldest requests are dropped first.")
                          .arg(formatBytes(m_log.usedBytes()), formatBytes(m_log.byteLimit()));
    if (!m_countToolTipExtra.isEmpty())
        toolTip += QStringLiteral("\n\n") + m_countToolTipExtra;
    m_countLabel->setToolTip(toolTip);
}
