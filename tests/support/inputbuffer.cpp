#include "inputbuffer.h"

#include <QTcpSocket>

namespace {
constexpr qint64 readPiece = 64 * 1024;
} // namespace

void InputBuffer::setTickBudget(qint64 budget) {
    m_tickBudget = budget;
    m_budgetLeft = budget;
}

bool InputBuffer::refill(QTcpSocket &socket) {
    if (m_offset < m_data.size())
        return true;
    qint64 wanted = readPiece;
    if (m_tickBudget > 0)
        wanted = qMin(wanted, m_budgetLeft);
    if (wanted <= 0 || socket.bytesAvailable() <= 0)
        return false;
    m_data.resize(wanted);
    const qint64 read = socket.read(m_data.data(), wanted);
    m_data.resize(read > 0 ? read : 0);
    m_offset = 0;
    if (m_tickBudget > 0 && read > 0)
        m_budgetLeft -= read;
    return read > 0;
}

QByteArray InputBuffer::takeAll() {
    QByteArray rest = m_data.mid(m_offset);
    m_data.clear();
    m_offset = 0;
    return rest;
}
