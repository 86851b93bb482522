#pragma once

#include <QByteArrayView>
#include <QHostAddress>
#include <QString>
#include <optional>

// Why the admin API refuses a request for its Host header, or an empty string when it answers
// it (README, "Admin API", security). A web page that rebinds its own DNS name to 127.0.0.1 gets
// the browser to send it requests with that name in Host, and could read the answers; so the API
// answers only a Host naming it: "localhost", a loopback literal (127.0.0.0/8, [::1]) or the
// address the client connected to (localAddress), with any port or none (an SSH tunnel or a port
// forward changes the port, never the name). host is the header's value, already checked by
// HttpParser (one Host, well formed; required on HTTP/1.1); nullopt (an HTTP/1.0 request without
// one) names nothing and is answered, as no browser sends such a request.
QString adminHostRefusal(std::optional<QByteArrayView> host, const QHostAddress &localAddress);
