#include "control/configwatcher.h"

#include <QFile>
#include <QFileInfo>

namespace {
constexpr int defaultDebounceMs = 200;
} // namespace

ConfigWatcher::ConfigWatcher(QObject *parent)
    : QObject(parent)
    , m_watcher(this)
    , m_debounce(this) {
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(defaultDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &ConfigWatcher::load);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &ConfigWatcher::onChanged);
    // The directory tells when the file comes back after an atomic save; other files in it
    // (editors' swap files) change it too, which the comparison in load() makes harmless.
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, [this] {
        if (!m_path.isEmpty() && !m_watcher.files().contains(m_path) && QFileInfo::exists(m_path))
            onChanged();
    });
}

void ConfigWatcher::setPath(const QString &path) {
    // A Qt resource (the bundled config, ":/gateway.yaml") never changes: nothing to watch.
    const bool watchable = !path.isEmpty() && !path.startsWith(u':');
    const QString absolute = watchable ? QFileInfo(path).absoluteFilePath() : QString();
    if (absolute == m_path)
        return;
    m_debounce.stop();
    const QStringList watched = m_watcher.files() + m_watcher.directories();
    if (!watched.isEmpty())
        m_watcher.removePaths(watched);
    m_path = absolute;
    m_lastContents = readContents();
    rewatch();
}

void ConfigWatcher::onChanged() {
    rewatch();
    if (!m_path.isEmpty())
        m_debounce.start();
}

void ConfigWatcher::rewatch() {
    if (m_path.isEmpty())
        return;
    const QFileInfo info(m_path);
    if (!m_watcher.directories().contains(info.absolutePath()))
        m_watcher.addPath(info.absolutePath());
    if (info.exists() && !m_watcher.files().contains(m_path))
        m_watcher.addPath(m_path);
}

QByteArray ConfigWatcher::readContents() const {
    QFile file(m_path);
    if (m_path.isEmpty() || !file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.readAll();
}

void ConfigWatcher::load() {
    if (!QFileInfo::exists(m_path))
        return; // mid-rename: the file's return triggers another load
    // Saving without changes (or touching the file) is no reason to reload.
    const QByteArray contents = readContents();
    if (contents == m_lastContents)
        return;
    m_lastContents = contents;
    const ConfigLoadResult result = loadConfigFile(m_path);
    if (result.ok())
        Q_EMIT loaded(*result.config);
    else
        Q_EMIT failed(result.errors);
}
