#pragma once

#include "model/controlresult.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

// An admin API answer as a value: handlers and the router build it, AdminConnection writes it.
struct AdminResponse {
    enum class Connection { KeepAlive, Close };
    enum class Body { Include, Omit }; // Omit answers HEAD: the same head, no body

    int status = 200;
    QByteArray contentType;
    QByteArray body;
    QByteArray allow; // Allow header of a 405, empty otherwise

    static AdminResponse json(int status, const QJsonObject &object);
    // {"error": message}: every admin API failure has this shape.
    static AdminResponse error(int status, const QString &message);
    // A failed command with the status its error kind maps to (see ControlResult).
    static AdminResponse failure(const ControlResult &result);

    // The complete HTTP/1.1 response, always framed by Content-Length.
    QByteArray serialize(Connection connection, Body body) const;
};
