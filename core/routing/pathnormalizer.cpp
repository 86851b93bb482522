#include "pathnormalizer.h"

#include <QVarLengthArray>

namespace {

enum class DotSegment { None, Current, Parent };

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool isUnreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

// "." / "%2e" once is Current, twice is Parent; anything else is an ordinary segment.
DotSegment classifySegment(QByteArrayView segment) {
    int dots = 0;
    qsizetype i = 0;
    while (i < segment.size()) {
        if (segment[i] == '.') {
            i += 1;
        } else if (segment.sliced(i).startsWith("%2") && i + 2 < segment.size() &&
                   (segment[i + 2] == 'e' || segment[i + 2] == 'E')) {
            i += 3;
        } else {
            return DotSegment::None;
        }
        if (++dots > 2)
            return DotSegment::None;
    }
    switch (dots) {
    case 1:
        return DotSegment::Current;
    case 2:
        return DotSegment::Parent;
    default:
        return DotSegment::None;
    }
}

// Whether some segment starts with a dot or an escape: only then can it be a dot-segment.
bool mayHaveDotSegments(QByteArrayView path) {
    for (qsizetype i = 0; i + 1 < path.size(); ++i) {
        if (path[i] == '/' && (path[i + 1] == '.' || path[i + 1] == '%'))
            return true;
    }
    return false;
}

} // namespace

RequestTargetParts splitRequestTarget(QByteArrayView target) {
    const qsizetype question = target.indexOf('?');
    if (question < 0)
        return {target, {}};
    return {target.first(question), target.sliced(question)};
}

QByteArray removeDotSegments(QByteArrayView path) {
    if (!path.startsWith('/') || !mayHaveDotSegments(path))
        return path.toByteArray();

    // The output as a stack of segments (each written after a '/'), equivalent to the RFC's
    // buffer-moving loop for absolute paths. A final dot-segment leaves an empty last segment,
    // which is the trailing '/'.
    QVarLengthArray<QByteArrayView, 32> kept;
    qsizetype begin = 1;
    for (;;) {
        const qsizetype slash = path.indexOf('/', begin);
        const bool last = slash < 0;
        const QByteArrayView segment = path.sliced(begin, (last ? path.size() : slash) - begin);
        switch (classifySegment(segment)) {
        case DotSegment::Parent:
            if (!kept.isEmpty())
                kept.removeLast();
            if (last)
                kept.append(QByteArrayView());
            break;
        case DotSegment::Current:
            if (last)
                kept.append(QByteArrayView());
            break;
        case DotSegment::None:
            kept.append(segment);
            break;
        }
        if (last)
            break;
        begin = slash + 1;
    }

    QByteArray result;
    result.reserve(path.size());
    for (const QByteArrayView segment : kept) {
        result += '/';
        result += segment;
    }
    return result;
}

QByteArray decodeUnreservedCharacters(QByteArrayView path) {
    qsizetype percent = path.indexOf('%');
    if (percent < 0)
        return path.toByteArray();

    QByteArray result;
    result.reserve(path.size());
    qsizetype copied = 0;
    for (; percent >= 0; percent = path.indexOf('%', percent + 1)) {
        if (percent + 2 >= path.size())
            break;
        const int high = hexValue(path[percent + 1]);
        const int low = hexValue(path[percent + 2]);
        if (high < 0 || low < 0)
            continue;
        const char decoded = char(high * 16 + low);
        if (!isUnreserved(decoded))
            continue;
        result += path.sliced(copied, percent - copied);
        result += decoded;
        copied = percent + 3;
        percent += 2;
    }
    result += path.sliced(copied);
    return result;
}

bool isNormalizedPath(QByteArrayView path) {
    return !path.contains('%') && !mayHaveDotSegments(path);
}

QByteArray normalizePath(QByteArrayView path) {
    // Most paths have no escapes; skip the decoding copy for them.
    if (!path.contains('%'))
        return removeDotSegments(path);
    return removeDotSegments(decodeUnreservedCharacters(path));
}
