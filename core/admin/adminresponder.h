#pragma once

#include "admin/adminresponse.h"

#include <QPointer>

class AdminConnection;

// Answers one admin request later, for a handler that needs a round trip first (to the demo
// thread, say). Copyable; use it only in the admin server's thread. Answering a request whose
// connection has closed or given up on it (timeout), or answering twice, does nothing.
class AdminResponder final {
public:
    AdminResponder() = default;
    AdminResponder(AdminConnection *connection, quint64 requestNumber);

    // The object to deliver the answer's work to (QMetaObject::invokeMethod): it lives in the
    // admin server's thread, and work posted to it is dropped with the connection.
    QObject *context() const;
    void answer(const AdminResponse &response) const;

private:
    QPointer<AdminConnection> m_connection;
    quint64 m_requestNumber = 0;
};
