#include "admin/adminresponder.h"

#include "admin/adminconnection.h"

AdminResponder::AdminResponder(AdminConnection *connection, quint64 requestNumber)
    : m_connection(connection)
    , m_requestNumber(requestNumber) {}

QObject *AdminResponder::context() const {
    return m_connection.data();
}

void AdminResponder::answer(const AdminResponse &response) const {
    if (m_connection)
        m_connection->answerLater(m_requestNumber, response);
}
