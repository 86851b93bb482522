#pragma once

#include "inspect/headermask.h"
#include "model/capturedmessage.h"

#include <QByteArray>

// "Copy as raw HTTP" (README, "Inspecting traffic"): a captured request or response as HTTP/1.1
// text, the start line and the fields as they were (CRLF line ends, order and duplicates kept,
// masked values masked), an empty line, then the body's bytes as they crossed the proxy (still
// gzip when the message was; a cut or evicted body is what was kept of it, so Content-Length
// may then promise more). A request head has its request line, a response head its status line.
QByteArray rawHttp(const CapturedHead &head, const CapturedBody &body, const HeaderMask &mask);
