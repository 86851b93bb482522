#pragma once

#include <QString>
#include <optional>

// Where HAProxy's runtime API listens: the `stats socket` of its global section, a unix socket
// ("/run/haproxy/admin.sock", or the export's "haproxy-admin.sock" relative to where HAProxy
// runs) or a TCP address ("127.0.0.1:9999", "[::1]:9999").
struct RuntimeApiAddress {
    enum class Kind { Unix, Tcp };

    Kind kind = Kind::Unix;
    QString path; // Kind::Unix
    QString host; // Kind::Tcp
    quint16 port = 0;

    // HOST:PORT when the text ends in a port after a host (an IPv4 or bracketed IPv6 literal or
    // a name without '/'), otherwise a unix socket path; "unix@PATH" and "ipv4@"/"ipv6@" as
    // HAProxy writes them are accepted too. nullopt with *error set for an empty text or a bad
    // port.
    static std::optional<RuntimeApiAddress> parse(const QString &text, QString *error);
    // "unix socket PATH" or "HOST:PORT", for messages.
    QString toString() const;
};
