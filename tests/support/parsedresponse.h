#pragma once

#include "headerlist.h"
#include "http/httpmessagehead.h"
#include "recordedbody.h"

#include <QByteArray>
#include <QList>

// A response as a RawClient read it from the gateway.
struct ParsedResponse {
    bool complete = false;      // a whole response was parsed
    bool headReceived = false;  // the final (non-1xx) head arrived
    QByteArray error;           // why it is not complete: timeout, close, parse error
    QList<int> interimStatuses; // 1xx responses before the final one
    int status = 0;
    QByteArray reason;
    int versionMinor = 1;
    HeaderList headers;
    BodyFraming framing = BodyFraming::None;
    RecordedBody body;
};
