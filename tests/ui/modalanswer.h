#pragma once

#include <QAction>
#include <QElapsedTimer>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QWidget>

#include <functional>

// Answers the modal dialog that an action opens, as a user would. A modal dialog blocks the
// action until it closes, so the answer runs from a timer inside the dialog's own event loop.
//
// The answer is repeated every 50 ms while its dialog stays open: a dialog may not take an answer
// given too early (QFileDialog::selectFile() leaves a focused file name box alone, and the box
// takes the focus once the dialog is active). Any other modal widget that comes, and the dialog
// itself when it is still open 10 s after it was first answered, is closed and described in
// problem(), so that a test fails with a message instead of hanging in exec().
class ModalAnswer final {
public:
    // Answers modal and returns true when it is the awaited dialog.
    using Answer = std::function<bool(QWidget *modal)>;

    ModalAnswer(const char *dialogClass, Answer answer);
    ModalAnswer(const ModalAnswer &) = delete;
    ModalAnswer &operator=(const ModalAnswer &) = delete;

    // Empty once the awaited dialog was answered and has closed, and nothing else was modal;
    // otherwise what went wrong, naming each dialog by class, title and text.
    QString problem() const;

private:
    enum class Phase {
        Awaiting,  // no dialog of the type seen yet
        Answering, // answered: answered again at each tick while it stays open
        Answered,  // the answered dialog was seen closed
    };

    void onTick();
    // The only moves are Awaiting → Answering → Answered.
    void transitionTo(Phase next);
    bool dialogHasClosed() const;
    void closeUnanswered(QWidget *modal, const QString &why);

    const QString m_dialogClass;
    const Answer m_answer;
    QTimer m_timer;
    QElapsedTimer m_sinceAnswered;
    Phase m_phase = Phase::Awaiting;
    QPointer<QWidget> m_dialog;
    QString m_problems;
};

// Triggers action and answers the Dialog it opens with answer; returns ModalAnswer::problem():
//
//     const QString problem = triggerAnswering<QInputDialog>(action, [](QInputDialog *dialog) {
//         dialog->setIntValue(7);
//         dialog->accept();
//     });
//     QVERIFY2(problem.isEmpty(), qPrintable(problem));
template <typename Dialog>
QString triggerAnswering(QAction *action, std::function<void(Dialog *)> answer) {
    ModalAnswer modalAnswer(Dialog::staticMetaObject.className(), [answer](QWidget *modal) {
        auto *dialog = qobject_cast<Dialog *>(modal);
        if (dialog)
            answer(dialog);
        return dialog != nullptr;
    });
    action->trigger();
    return modalAnswer.problem();
}
