#pragma once

#include "inspect/headermask.h"
#include "model/capturedexchange.h"

#include <QByteArray>
#include <optional>

// "Copy as curl" (README, "Inspecting traffic"): a POSIX shell command that sends a captured
// request again, byte for byte where curl allows: the method, the target as it was, every header
// field in order (duplicates included) and the body.
//
// curl computes Content-Length itself (and sends the body with it instead of chunked), so that
// field and Transfer-Encoding are left out; Host is given only when it differs from the URL's.
// Fields curl would add on its own (User-Agent, Accept, and with a body Content-Type and Expect)
// are switched off with "-H 'Name:'" when the request had none, so the instance sees no field
// the client did not send. A body goes in --data-binary: single-quoted when it is plain text,
// else, and when it starts with '@' (which --data-binary would read as a file name), piped in
// from printf(1) with octal escapes (shellquoting.h). The command is plain printable text.
class CurlCommand final {
public:
    enum class Destination {
        Gateway,  // the request as the client sent it, to the gateway
        Instance, // the request as the gateway forwarded it, to the instance that got it
    };

    // gatewayOrigin: where the gateway listens, "http://127.0.0.1:8080". mask decides whether
    // credentials stay masked (a command with "[masked]" in it fails visibly at the instance).
    CurlCommand(QByteArray gatewayOrigin, HeaderMask mask);

    // nullopt for Destination::Instance when the request never went upstream.
    std::optional<QByteArray> command(const CapturedExchange &exchange,
                                      Destination destination) const;
    // "Copy URL": the URL the command sends to (the origin and the target as captured; a target
    // that is already absolute as it is). nullopt as for command().
    std::optional<QByteArray> url(const CapturedExchange &exchange, Destination destination) const;

private:
    QByteArray build(const CapturedHead &head, const QByteArray &origin,
                     const CapturedBody &body) const;

    QByteArray m_gatewayOrigin;
    HeaderMask m_mask;
};
