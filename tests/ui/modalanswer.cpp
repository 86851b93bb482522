#include "modalanswer.h"

#include <QApplication>
#include <QDialog>
#include <QMessageBox>

namespace {
constexpr int answerIntervalMs = 50;
constexpr int giveUpAfterMs = 10'000;

QString describe(const QWidget *modal) {
    QString text =
        QStringLiteral("%1 \"%2\"")
            .arg(QString::fromLatin1(modal->metaObject()->className()), modal->windowTitle());
    if (const auto *box = qobject_cast<const QMessageBox *>(modal))
        text += QStringLiteral(" saying \"%1\"").arg(box->text());
    return text;
}
} // namespace

ModalAnswer::ModalAnswer(const char *dialogClass, Answer answer)
    : m_dialogClass(QString::fromLatin1(dialogClass))
    , m_answer(std::move(answer)) {
    m_timer.setInterval(answerIntervalMs);
    QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { onTick(); });
    m_timer.start();
}

void ModalAnswer::onTick() {
    QWidget *modal = QApplication::activeModalWidget();
    if (m_phase == Phase::Answering && dialogHasClosed())
        transitionTo(Phase::Answered);
    if (!modal)
        return;
    switch (m_phase) {
    case Phase::Awaiting:
        if (!m_answer(modal)) {
            closeUnanswered(modal,
                            QStringLiteral("came while a %1 was awaited").arg(m_dialogClass));
            return;
        }
        m_dialog = modal;
        m_sinceAnswered.start();
        transitionTo(Phase::Answering);
        return;
    case Phase::Answering:
        if (modal != m_dialog) {
            closeUnanswered(modal, QStringLiteral("came over the %1").arg(m_dialogClass));
            return;
        }
        if (m_sinceAnswered.elapsed() >= giveUpAfterMs) {
            closeUnanswered(modal, QStringLiteral("still open %1 s after it was first answered")
                                       .arg(giveUpAfterMs / 1000));
            return;
        }
        m_answer(modal);
        return;
    case Phase::Answered:
        closeUnanswered(modal, QStringLiteral("came after the %1 was answered").arg(m_dialogClass));
        return;
    }
}

void ModalAnswer::transitionTo(Phase next) {
    Q_ASSERT((m_phase == Phase::Awaiting && next == Phase::Answering) ||
             (m_phase == Phase::Answering && next == Phase::Answered));
    m_phase = next;
}

bool ModalAnswer::dialogHasClosed() const {
    return !m_dialog || !m_dialog->isVisible();
}

void ModalAnswer::closeUnanswered(QWidget *modal, const QString &why) {
    m_problems += QStringLiteral("%1 %2: closed. ").arg(describe(modal), why);
    // A dialog's close() may be refused (a message box without an escape button ignores it);
    // done() always ends its exec().
    if (auto *dialog = qobject_cast<QDialog *>(modal))
        dialog->done(QDialog::Rejected);
    else
        modal->close();
}

QString ModalAnswer::problem() const {
    if (!m_problems.isEmpty())
        return m_problems.trimmed();
    switch (m_phase) {
    case Phase::Awaiting:
        return QStringLiteral("no %1 came").arg(m_dialogClass);
    case Phase::Answering:
        if (!dialogHasClosed())
            return QStringLiteral("the %1 was answered and is still open").arg(m_dialogClass);
        break;
    case Phase::Answered:
        break;
    }
    return {};
}
