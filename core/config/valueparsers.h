#pragma once

#include "config/gatewayconfig.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QUrl>
#include <optional>

// Parsers for the scalar values of a config file, shared by the YAML loader and the command line
// (--listen, --admin). They never throw. On failure, error completes a sentence that starts with
// the key's name: "weight: " + error gives "weight: expected an integer in 1..1000, found 0".
template <typename T> struct Parsed {
    std::optional<T> value;
    QString error; // set exactly when value is empty

    static Parsed failure(const QString &message) { return {std::nullopt, message}; }
};

// The text in double quotes for a message: at most 60 characters, control and non-ASCII bytes
// written as \xNN so that any input prints as one readable line.
QString quotedForMessage(QByteArrayView text);

// A decimal integer in [minimum, maximum]. No sign other than '-', no hex, no digit separators.
Parsed<qint64> parseInteger(QByteArrayView text, qint64 minimum, qint64 maximum);

// A duration with a unit: "500ms", "2s", "1.5s", "1m", "1h". A bare number is an error rather
// than a guess at the unit (Go, nginx and Envoy disagree on what "30" would mean). The result
// is rounded to whole milliseconds and must lie within 1ms..24h.
Parsed<Milliseconds> parseDuration(QByteArrayView text);

// A size in bytes: a whole number with a binary unit, "512KiB", "1MiB", "64MiB", "1GiB", or bare
// bytes ("65536"), in [minimum, maximum]. Decimal units (kB, MB) and nginx's "1m" are refused
// rather than guessed at: they differ by 5% to 7% from the binary ones.
Parsed<qint64> parseByteSize(QByteArrayView text, qint64 minimum, qint64 maximum);
// bytes in the largest binary unit that divides it ("1MiB", "1536KiB", "100"), as
// parseByteSize reads it back.
QString formatByteSize(qint64 bytes);

// "true" or "false" (YAML 1.2's spelling; yes/no/on/off are not guessed at).
Parsed<bool> parseBoolean(QByteArrayView text);

// "ADDRESS:PORT": an IPv4 address, an IPv6 address in brackets, or "localhost" (127.0.0.1).
// Port 0 asks the system for any free port. Host names are not resolved.
Parsed<ListenAddress> parseListenAddress(QByteArrayView text);

// The blog's server.port: 8080 or ":8080". The caller binds it to 127.0.0.1.
Parsed<quint16> parseBarePort(QByteArrayView text);

// An upstream URL "http://host[:port][/base-path]". https is rejected with a message saying
// that upstream connections are plain HTTP; so are user info, queries and fragments.
Parsed<QUrl> parseTargetUrl(QByteArrayView text);

// A route prefix, normalized: leading '/', no trailing '/' except for "/" itself. '?', '#',
// whitespace, empty segments and dot segments are rejected: the router matches normalized request
// paths, so such a prefix could never match.
Parsed<QByteArray> parseRoutePath(QByteArrayView text);

// A request target for health probes: starts with '/', may carry a query.
Parsed<QByteArray> parseProbePath(QByteArrayView text);
