#include "inspector/bodyview.h"

#include "common/displayformat.h"

#include "inspect/bodydisplay.h"
#include "inspect/contentcoding.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTextDocument>
#include <QToolButton>
#include <QVBoxLayout>

namespace {
QString codingName(ContentCoding coding) {
    switch (coding) {
    case ContentCoding::Gzip:
        return QStringLiteral("gzip");
    case ContentCoding::Deflate:
        return QStringLiteral("deflate");
    case ContentCoding::Identity:
    case ContentCoding::Other:
        break;
    }
    return {};
}
} // namespace

BodyView::BodyView(QWidget *parent)
    : QWidget(parent)
    , m_info(new QLabel)
    , m_copy(new QToolButton)
    , m_find(new QToolButton)
    , m_searchBar(new QWidget)
    , m_searchEdit(new QLineEdit)
    , m_searchResult(new QLabel)
    , m_stack(new QStackedWidget)
    , m_text(new QPlainTextEdit)
    , m_imageArea(new QScrollArea)
    , m_imageLabel(new QLabel) {
    m_info->setWordWrap(true);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_copy->setText(tr("Copy"));
    m_copy->setToolTip(tr("Copy the whole body as shown (select text to copy a part)"));
    m_copy->setAutoRaise(true);
    connect(m_copy, &QToolButton::clicked, this, &BodyView::copyAll);
    m_find->setText(tr("Find"));
    m_find->setToolTip(tr("Search in the body (Ctrl+F)"));
    m_find->setAutoRaise(true);
    connect(m_find, &QToolButton::clicked, this, &BodyView::openSearch);

    m_searchEdit->setPlaceholderText(tr("Find in body: Enter next, Shift+Enter previous"));
    m_searchEdit->setClearButtonEnabled(true);
    connect(m_searchEdit, &QLineEdit::returnPressed, this,
            [this] { findNext(QApplication::keyboardModifiers() & Qt::ShiftModifier); });
    connect(m_searchEdit, &QLineEdit::textChanged, this, [this] {
        m_text->moveCursor(QTextCursor::Start);
        findNext();
    });
    auto *searchLayout = new QHBoxLayout(m_searchBar);
    searchLayout->setContentsMargins(0, 0, 0, 0);
    searchLayout->addWidget(m_searchEdit, 1);
    searchLayout->addWidget(m_searchResult);
    m_searchBar->hide();

    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_imageLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_imageArea->setWidget(m_imageLabel);
    m_imageArea->setWidgetResizable(true);
    m_stack->addWidget(m_text);
    m_stack->addWidget(m_imageArea);

    auto *top = new QHBoxLayout;
    top->addWidget(m_info, 1);
    top->addWidget(m_find, 0, Qt::AlignTop);
    top->addWidget(m_copy, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_searchBar);
    layout->addWidget(m_stack, 1);
    showNothing(QString());
}

void BodyView::showBody(const CapturedHead &head, const CapturedBody &body) {
    m_image = QImage();
    if (body.wholeSize == 0) {
        showNothing(tr("No body."));
        return;
    }
    QStringList notes;
    if (body.evicted)
        notes << tr("Evicted: the %1 body was dropped later to stay within the capture's memory.")
                     .arg(formatBytes(body.wholeSize));
    else if (body.isTruncated())
        notes << tr("Truncated at %L1 of %L2 bytes (capture.body_limit).")
                     .arg(body.bytes.size())
                     .arg(body.wholeSize);
    if (body.bytes.isEmpty()) {
        showNothing(notes.join(QLatin1Char(' ')));
        return;
    }

    QByteArray bytes = body.bytes;
    bool wasDecoded = false;
    const ContentCoding coding = head.contentCoding();
    if (coding == ContentCoding::Other) {
        notes << tr("Content-Encoding %1 cannot be decoded here: shown as it came.")
                     .arg(QString::fromLatin1(head.value("Content-Encoding").value_or("?")));
    } else if (coding != ContentCoding::Identity) {
        const DecodedContent decoded = decodeContent(body.bytes, coding, displayLimit);
        switch (decoded.status) {
        case DecodedContent::Status::Decoded:
            notes << tr("Decoded from %1 (%2 on the wire).")
                         .arg(codingName(coding), formatBytes(body.bytes.size()));
            bytes = decoded.bytes;
            wasDecoded = true;
            break;
        case DecodedContent::Status::Partial:
            notes << tr("Decoded from %1 as far as the kept bytes go.").arg(codingName(coding));
            bytes = decoded.bytes;
            wasDecoded = true;
            break;
        case DecodedContent::Status::TooLarge:
            notes << tr("Decoded from %1: only the first %2 are shown.")
                         .arg(codingName(coding), formatBytes(displayLimit));
            bytes = decoded.bytes;
            wasDecoded = true;
            break;
        case DecodedContent::Status::Failed:
        case DecodedContent::Status::Unsupported:
            notes << tr("Not valid %1: shown as it came.").arg(codingName(coding));
            break;
        }
    }

    const QByteArray contentType = head.value("Content-Type").value_or("").toByteArray();
    const MediaType media = parseMediaType(contentType);
    QString kind;
    switch (classifyBody(contentType, bytes)) {
    case BodyKind::Empty:
        showNothing(tr("No body."));
        return;
    case BodyKind::Json:
        kind = tr("JSON");
        showText(QString::fromUtf8(prettyJson(bytes)));
        break;
    case BodyKind::Form:
        kind = tr("Form fields");
        showText(prettyForm(bytes));
        break;
    case BodyKind::Text:
        kind = media.charset.isEmpty() ? tr("Text")
                                       : tr("Text in %1").arg(QString::fromLatin1(media.charset));
        showText(decodedText(bytes, media.charset));
        break;
    case BodyKind::Image:
        m_image = QImage::fromData(bytes);
        if (!m_image.isNull()) {
            kind = tr("Image, %1×%2").arg(m_image.width()).arg(m_image.height());
            m_imageLabel->setPixmap(QPixmap::fromImage(m_image));
            m_stack->setCurrentWidget(m_imageArea);
            break;
        }
        kind = tr("Image that cannot be shown (cut or damaged), as hex");
        showText(hexDump(bytes, hexDumpLimit));
        break;
    case BodyKind::Binary:
        kind = bytes.size() > hexDumpLimit
                   ? tr("Binary, hex dump of the first %1").arg(formatBytes(hexDumpLimit))
                   : tr("Binary, as hex");
        showText(hexDump(bytes, hexDumpLimit));
        break;
    }
    // The size of what is shown: decoded, when it was (the wire size is in the note).
    notes.prepend(tr("%1, %2.").arg(kind, formatBytes(wasDecoded ? bytes.size() : body.wholeSize)));
    m_info->setText(notes.join(QLatin1Char(' ')));
    m_copy->setEnabled(true);
    m_find->setEnabled(!isShowingImage());
}

void BodyView::showNothing(const QString &why) {
    m_image = QImage();
    m_info->setText(why);
    m_text->clear();
    m_imageLabel->clear();
    m_stack->setCurrentWidget(m_text);
    m_copy->setEnabled(false);
    m_find->setEnabled(false);
}

void BodyView::showText(const QString &text) {
    m_imageLabel->clear();
    m_text->setPlainText(text);
    m_stack->setCurrentWidget(m_text);
    m_searchResult->clear();
}

QString BodyView::infoText() const {
    return m_info->text();
}

QString BodyView::shownText() const {
    return isShowingImage() ? QString() : m_text->toPlainText();
}

bool BodyView::isShowingImage() const {
    return m_stack->currentWidget() == m_imageArea;
}

bool BodyView::findNext(bool backwards) {
    const QString needle = m_searchEdit->text();
    if (needle.isEmpty()) {
        m_searchResult->clear();
        return false;
    }
    const QTextDocument::FindFlags flags =
        backwards ? QTextDocument::FindBackward : QTextDocument::FindFlags();
    bool found = m_text->find(needle, flags);
    if (!found) { // wrap around once
        m_text->moveCursor(backwards ? QTextCursor::End : QTextCursor::Start);
        found = m_text->find(needle, flags);
    }
    m_searchResult->setText(found ? QString() : tr("Not found"));
    return found;
}

void BodyView::openSearch() {
    if (isShowingImage())
        return;
    m_searchBar->show();
    m_searchEdit->setFocus(Qt::ShortcutFocusReason);
    m_searchEdit->selectAll();
}

void BodyView::copyAll() {
    if (isShowingImage())
        QApplication::clipboard()->setImage(m_image);
    else
        QApplication::clipboard()->setText(m_text->toPlainText());
}

bool BodyView::event(QEvent *event) {
    // Ctrl+F from anywhere in the tab searches the body: taking the override here keeps the
    // window's Ctrl+F (the log's filter box) from firing while focus is inside.
    if (event->type() == QEvent::ShortcutOverride) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->matches(QKeySequence::Find) ||
            (key->key() == Qt::Key_Escape && m_searchBar->isVisible())) {
            event->accept();
            return true;
        }
    }
    return QWidget::event(event);
}

void BodyView::keyPressEvent(QKeyEvent *event) {
    if (event->matches(QKeySequence::Find)) {
        openSearch();
        return;
    }
    if (event->key() == Qt::Key_Escape && m_searchBar->isVisible()) {
        m_searchBar->hide();
        m_text->setFocus();
        return;
    }
    QWidget::keyPressEvent(event);
}
