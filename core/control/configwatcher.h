#pragma once

#include "config/configloader.h"
#include "config/gatewayconfig.h"

#include <QFileSystemWatcher>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

// Watches a config file and loads it when it changes: loaded() with the config, or failed()
// with every positioned error. Changes are debounced (an editor's save is often several
// writes), and the file is watched again after an editor's atomic save (write a temporary file,
// rename it over the original), which QFileSystemWatcher reports as the file's removal: the
// directory is watched too, so the file coming back is noticed. Lives in any thread with an
// event loop.
class ConfigWatcher final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigWatcher)

public:
    explicit ConfigWatcher(QObject *parent = nullptr);

    // Starts watching path (an empty path or a Qt resource stops watching). Loads nothing by
    // itself.
    void setPath(const QString &path);
    // The absolute path watched, empty when none.
    const QString &path() const { return m_path; }
    // How long changes must pause before the file is loaded (default 200 ms).
    void setDebounce(std::chrono::milliseconds delay) { m_debounce.setInterval(delay); }

Q_SIGNALS:
    void loaded(const GatewayConfig &config);
    void failed(const QList<ConfigError> &errors);

private:
    void onChanged();
    void rewatch();
    void load();
    QByteArray readContents() const;

    QFileSystemWatcher m_watcher;
    QTimer m_debounce;
    QString m_path;
    QByteArray m_lastContents; // as last loaded (or found when watching began)
};
