#pragma once

#include "model/capturedmessage.h"

#include <QByteArray>
#include <QByteArrayView>

// Undoing and applying gzip and deflate content codings, for display and for HAR, through zlib
// (docs/ARCHITECTURE.md, "Inspecting traffic": qUncompress() reads only its own length-prefixed
// zlib format, neither gzip nor a bare deflate stream).
struct DecodedContent {
    enum class Status {
        Decoded,     // the whole stream decoded
        Partial,     // the input ended mid-stream (a body cut at the capture limit): what it held
        TooLarge,    // the output reached maxSize: the first maxSize bytes
        Failed,      // not a valid stream of that coding (bytes stays empty)
        Unsupported, // ContentCoding::Other (bytes stays empty)
    };
    Status status = Status::Failed;
    QByteArray bytes;
};

// Decodes at most maxSize bytes, so that a small body that inflates to gigabytes (a "zip bomb")
// costs no more than the display can use. Identity returns the bytes as they are. Deflate takes
// both the zlib format RFC 9110 §8.4.1.2 names and the raw deflate some servers send instead.
DecodedContent decodeContent(QByteArrayView bytes, ContentCoding coding, qint64 maxSize);

// The bytes in gzip or deflate (zlib format) at the default level; identity returns them as they
// are. For HAR import, which holds decoded text, to give a body back the coding its
// Content-Encoding names. Not for ContentCoding::Other.
QByteArray encodeContent(QByteArrayView bytes, ContentCoding coding);
