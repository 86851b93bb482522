#pragma once

#include "headerlist.h"
#include "recordedbody.h"

#include <QByteArray>

// One request as a ScriptedBackend received it from the gateway.
struct ReceivedRequest {
    QByteArray method;
    QByteArray target;
    int versionMinor = 1;
    HeaderList headers;
    RecordedBody body;
    int connectionIndex = -1; // which accepted connection carried it, 0-based in accept order
};
