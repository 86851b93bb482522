#pragma once

#include "headerlist.h"

#include <QByteArray>

// What a ScriptedBackend answers to one request; the test's handler fills it in. The defaults
// are a 200 with an empty Content-Length body on a kept-alive connection.
struct BackendReply {
    enum class Kind {
        Response,        // status, headers and a body framed as framing says
        Raw,             // rawBytes written exactly as they are (malformed responses)
        SwitchProtocols, // 101 with the request's Upgrade, then every byte read is echoed
        NoAnswer,        // nothing, ever: the connection stays open and silent
    };
    enum class Framing {
        ContentLength, // Content-Length added by the backend
        Chunked,       // Transfer-Encoding: chunked added; the body split in chunkSize pieces
        UntilClose,    // no length: the body ends when the backend closes the connection
        NoBody,        // headers as given and no body at all (204, 304, bogus lengths)
    };
    // What happens after the body bytes up to endAfterBodyBytes were sent.
    enum class Ending {
        Complete, // the whole body (and the last chunk) is sent
        Close,    // the backend closes the connection (FIN) after endAfterBodyBytes
        Stall,    // the backend sends nothing more until the test ends the connection
    };
    enum class Connection { KeepAlive, Close };

    Kind kind = Kind::Response;
    int status = 200;
    QByteArray reason; // empty: the standard phrase
    HeaderList headers;
    QByteArray body;
    // Above 0: the body is this many BodyPattern bytes generated as the socket drains, instead
    // of body (memory stays flat whatever the size).
    qint64 generatedBodyBytes = 0;
    Framing framing = Framing::ContentLength;
    qsizetype chunkSize = 0; // chunked pieces; 0: 64 KiB
    // Above 0: the body trickles, one piece of chunkSize (any framing) this long after the
    // other, the first with the head.
    int pieceIntervalMs = 0;
    Ending ending = Ending::Complete;
    qint64 endAfterBodyBytes = 0; // for Ending::Close and Ending::Stall
    QByteArray rawBytes;
    int delayMs = 0; // the reply starts this long after the request completed
    // Written strayDelayMs after the reply is complete, with no request outstanding: bytes a
    // proxy must never hand to its next client.
    QByteArray strayBytes;
    int strayDelayMs = 0;
    Connection connection = Connection::KeepAlive; // Close: the backend closes after replying
};
