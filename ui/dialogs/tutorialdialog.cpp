#include "dialogs/tutorialdialog.h"

#include <QDialogButtonBox>
#include <QImage>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace {
// Screenshots are 1280 px wide: shown at a size that leaves the text readable beside them.
constexpr int imageWidth = 560;

// The tutorial's browser: its screenshots scaled down, and links into the source tree (which an
// installed program does not have) left alone.
class TutorialBrowser final : public QTextBrowser {
public:
    QVariant loadResource(int type, const QUrl &name) override {
        QVariant resource = QTextBrowser::loadResource(type, name);
        if (type != QTextDocument::ImageResource || !resource.canConvert<QImage>())
            return resource;
        const QImage image = resource.value<QImage>();
        if (image.width() <= imageWidth)
            return resource;
        return image.scaledToWidth(imageWidth, Qt::SmoothTransformation);
    }
};
} // namespace

TutorialDialog::TutorialDialog(QWidget *parent)
    : QDialog(parent)
    , m_browser(new TutorialBrowser) {
    setWindowTitle(tr("Tutorial — Gateway Console"));
    m_browser->setOpenLinks(false);
    m_browser->setSource(QUrl(QStringLiteral("qrc") + tutorialPath),
                         QTextDocument::MarkdownResource);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_browser, 1);
    layout->addWidget(buttons);
    resize(720, 640);
}
