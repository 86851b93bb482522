#include "inspect/contentcoding.h"

#include <zlib.h>

namespace {

// zlib's windowBits: 15 is the largest window; +16 reads or writes gzip, +32 detects gzip or
// zlib, and a negative value means a raw deflate stream (zlib.h, inflateInit2 and deflateInit2).
constexpr int zlibWindowBits = 15;
constexpr int gzipWindowBits = zlibWindowBits + 16;
constexpr int rawWindowBits = -zlibWindowBits;
constexpr qsizetype chunkSize = 64 * 1024;

DecodedContent inflateWith(QByteArrayView input, int windowBits, qint64 maxSize) {
    DecodedContent result;
    z_stream stream{};
    if (inflateInit2(&stream, windowBits) != Z_OK)
        return result;
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.data()));
    stream.avail_in = uInt(input.size());
    int status = Z_OK;
    while (status == Z_OK && result.bytes.size() < maxSize) {
        const qsizetype room = qMin<qint64>(chunkSize, maxSize - result.bytes.size());
        const qsizetype before = result.bytes.size();
        result.bytes.resize(before + room);
        stream.next_out = reinterpret_cast<Bytef *>(result.bytes.data() + before);
        stream.avail_out = uInt(room);
        status = inflate(&stream, Z_NO_FLUSH);
        result.bytes.resize(before + room - stream.avail_out);
        // Z_BUF_ERROR with input left over means only that the output was full; with none left,
        // the stream stopped early (a cut body).
        if (status == Z_BUF_ERROR && stream.avail_in > 0)
            status = Z_OK;
    }
    inflateEnd(&stream);
    if (status == Z_STREAM_END)
        result.status = DecodedContent::Status::Decoded;
    else if (status == Z_OK && result.bytes.size() >= maxSize)
        result.status = DecodedContent::Status::TooLarge;
    else if (status == Z_BUF_ERROR && stream.avail_in == 0)
        result.status = DecodedContent::Status::Partial;
    else
        result.bytes.clear();
    return result;
}

QByteArray deflateWith(QByteArrayView input, int windowBits) {
    z_stream stream{};
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
        return {};
    }
    QByteArray output(qsizetype(deflateBound(&stream, uLong(input.size()))) + 32,
                      Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.data()));
    stream.avail_in = uInt(input.size());
    stream.next_out = reinterpret_cast<Bytef *>(output.data());
    stream.avail_out = uInt(output.size());
    const int status = deflate(&stream, Z_FINISH);
    output.resize(status == Z_STREAM_END ? qsizetype(stream.total_out) : 0);
    deflateEnd(&stream);
    return output;
}

} // namespace

DecodedContent decodeContent(QByteArrayView bytes, ContentCoding coding, qint64 maxSize) {
    switch (coding) {
    case ContentCoding::Identity: {
        const bool fits = bytes.size() <= maxSize;
        return {fits ? DecodedContent::Status::Decoded : DecodedContent::Status::TooLarge,
                bytes.first(qMin<qint64>(bytes.size(), maxSize)).toByteArray()};
    }
    case ContentCoding::Gzip:
        return inflateWith(bytes, gzipWindowBits, maxSize);
    case ContentCoding::Deflate: {
        DecodedContent zlibFormat = inflateWith(bytes, zlibWindowBits, maxSize);
        if (zlibFormat.status != DecodedContent::Status::Failed)
            return zlibFormat;
        return inflateWith(bytes, rawWindowBits, maxSize);
    }
    case ContentCoding::Other:
        break;
    }
    return {DecodedContent::Status::Unsupported, {}};
}

QByteArray encodeContent(QByteArrayView bytes, ContentCoding coding) {
    switch (coding) {
    case ContentCoding::Gzip:
        return deflateWith(bytes, gzipWindowBits);
    case ContentCoding::Deflate:
        return deflateWith(bytes, zlibWindowBits);
    case ContentCoding::Identity:
    case ContentCoding::Other:
        break;
    }
    return bytes.toByteArray();
}
