#pragma once

#include "model/capturedmessage.h"

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

// The bytes Replay and Edit and Resend write to the gateway or an instance (README, "Inspecting
// traffic", replay): the request line and fields as given, in order, then the body.
//
// The captured body has its chunked framing removed, so Transfer-Encoding goes and the body is
// sent with a Content-Length of its own; Expect goes (nothing waits for a 100 here);
// "Connection: close" replaces any Connection and Keep-Alive, so that the response ends with
// the connection. A request sent again carries replayOfHeader with linkTo, the original's record
// id in the live log, which the details pane shows as a link back to it (none without linkTo).
inline constexpr QByteArrayView replayOfHeader = "X-Gateway-Replay-Of";

QByteArray replayRequestBytes(const CapturedHead &head, const QByteArray &body,
                              std::optional<quint64> linkTo);

// The original's id of a request sent again from the window; nullopt for any other request.
std::optional<quint64> replayOriginOf(const CapturedHead &head);
