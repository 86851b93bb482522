#pragma once

#include "model/capturedexchange.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

// HAR import (README, "Inspecting traffic"): a HAR file back into captured exchanges, ours
// (harexport.h, custom fields included, so that an export imports as it was) or another tool's
// (a browser's, mitmproxy's), whose entries get what HAR has: method, URL, version, headers,
// bodies, status and times.
//
// A decoded response body gets its Content-Encoding back (re-encoded with zlib), so that an
// imported exchange holds wire bytes as a captured one does; the bytes differ from the original
// compressed ones, the decoded content does not. Masked values stay masked: an export without
// secrets has none to give back.
struct HarImport {
    QList<CapturedExchange> exchanges;
    // Empty when the file was read; else why not, naming the entry ("entry 3: request.url:
    // expected a string"). Nothing is imported from a file with an error.
    QString error;
};

HarImport importHar(QByteArrayView json);
