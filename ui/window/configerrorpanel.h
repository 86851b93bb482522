#pragma once

#include "config/configloader.h"

#include <QWidget>

class QLabel;
class QListWidget;

// Says why the gateway is not doing what was asked: every error of a config file, one
// "file:line:column: message" line each, or why the gateway could not start (a port already in
// use). Hidden while there is nothing to say; the window stays usable either way.
class ConfigErrorPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigErrorPanel)

public:
    explicit ConfigErrorPanel(QWidget *parent = nullptr);

    void showConfigErrors(const QString &path, const QList<ConfigError> &errors);
    void showStartFailure(const QString &message);
    void clearProblems();

    QString title() const;
    // The lines listed, in order.
    QStringList messages() const;

private:
    void showProblems(const QString &title, const QStringList &lines);
    void copySelection() const;

    QLabel *m_title;
    QListWidget *m_list;
};
