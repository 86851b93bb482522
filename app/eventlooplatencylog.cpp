#include "eventlooplatencylog.h"

namespace {
// As gateway-ui-latency's probe: fine enough to see a 50 ms stall many times over, coarse
// enough that the probe (and one write(2) per fire) costs the loop nothing measurable.
constexpr std::chrono::milliseconds probeInterval(5);
} // namespace

EventLoopLatencyLog::EventLoopLatencyLog(QObject *parent)
    : QObject(parent)
    , m_probe(probeInterval) {
    connect(&m_probe, &LatencyProbe::fired, this, &EventLoopLatencyLog::append);
}

QString EventLoopLatencyLog::start(const QString &path) {
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return QStringLiteral("%1: %2").arg(path, m_file.errorString());
    m_probe.start();
    return {};
}

void EventLoopLatencyLog::append(qint64 latenessUs) {
    // Flushed line by line: a reader cutting the file at its current size gets whole samples
    // up to that moment, never a sample still held in a buffer.
    m_file.write(QByteArray::number(latenessUs).append('\n'));
    m_file.flush();
}
