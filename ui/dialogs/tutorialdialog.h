#pragma once

#include <QDialog>

class QTextBrowser;

// Help → Tutorial (F1): docs/TUTORIAL.md, the five scenarios step by step, compiled into the
// program with its screenshots (:/docs/), so that it is there without the source tree and always
// matches the version running. Non-modal, so that a step can be followed in the window beside it.
class TutorialDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TutorialDialog)

public:
    // The tutorial as compiled in.
    static inline const QString tutorialPath = QStringLiteral(":/docs/TUTORIAL.md");

    explicit TutorialDialog(QWidget *parent = nullptr);

    QTextBrowser *browser() const { return m_browser; }

private:
    QTextBrowser *m_browser;
};
