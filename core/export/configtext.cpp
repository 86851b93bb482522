#include "export/configtext.h"

namespace {

constexpr qsizetype commentWidth = 100;

// Wraps text at spaces so that firstPrefix + line (then nextPrefix + line) stays within the width.
QByteArray wrapped(const QString &text, const QByteArray &firstPrefix,
                   const QByteArray &nextPrefix) {
    QByteArray out;
    QByteArray line = firstPrefix;
    bool lineEmpty = true;
    for (const QString &word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QByteArray bytes = word.toUtf8();
        if (!lineEmpty && line.size() + 1 + bytes.size() > commentWidth) {
            out += line + '\n';
            line = nextPrefix;
            lineEmpty = true;
        }
        if (!lineEmpty)
            line += ' ';
        line += bytes;
        lineEmpty = false;
    }
    while (line.endsWith(' '))
        line.chop(1); // an empty text gives a bare "#"
    return out + line + '\n';
}

} // namespace

QByteArray durationText(Milliseconds duration) {
    const qint64 ms = duration.count();
    if (ms > 0 && ms % 3600000 == 0)
        return QByteArray::number(ms / 3600000) + 'h';
    if (ms > 0 && ms % 60000 == 0)
        return QByteArray::number(ms / 60000) + 'm';
    if (ms > 0 && ms % 1000 == 0)
        return QByteArray::number(ms / 1000) + 's';
    return QByteArray::number(ms) + "ms";
}

QByteArray commentLines(const QString &text, QByteArrayView indent) {
    const QByteArray prefix = indent.toByteArray() + "# ";
    return wrapped(text, prefix, prefix);
}

QByteArray commentList(const QStringList &items, QByteArrayView indent) {
    QByteArray out;
    for (const QString &item : items)
        out += wrapped(item, indent.toByteArray() + "# - ", indent.toByteArray() + "#   ");
    return out;
}

QByteArray exportHeader(const QString &title, const QString &sourceFile, const QString &usage,
                        const QStringList &untranslated) {
    QByteArray out = commentLines(title);
    out += commentLines(
        QStringLiteral("Exported by Gateway Console from %1.")
            .arg(sourceFile.isEmpty() ? QStringLiteral("a config without a file") : sourceFile));
    out += commentLines(usage);
    out += "#\n";
    out += commentLines(QStringLiteral("What this file cannot say as the gateway does (the "
                                       "gateway's README, \"Outgrowing the laptop\", has the "
                                       "table):"));
    out += commentList(untranslated);
    return out + '\n';
}
