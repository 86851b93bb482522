#include "streamparser.h"

StreamParser::StreamParser(HttpParser::Kind kind, bool answeringHead, qint64 maxHeadBytes)
    : m_parser(kind, this) {
    m_parser.setLimits(maxHeadBytes, 0);
    m_parser.setAnsweringHead(answeringHead);
}

HttpParser::Status StreamParser::parse(QByteArrayView data, End end) {
    while (true) {
        const HttpParser::Result result = m_parser.feed(data);
        data = data.sliced(result.consumed);
        if (result.status == HttpParser::Status::Paused) {
            m_parser.resume();
            continue;
        }
        if (result.status != HttpParser::Status::NeedMoreData || end == End::Open)
            return result.status;
        const HttpParser::Result finished = m_parser.finish();
        return finished.status == HttpParser::Status::Paused ? HttpParser::Status::NeedMoreData
                                                             : finished.status;
    }
}

bool StreamParser::onHeadComplete(const HttpMessageHead &head) {
    m_messages.append(RecordedMessage::fromHead(head));
    return true;
}

void StreamParser::onBody(QByteArrayView data) {
    m_messages.last().body.append(data);
}

void StreamParser::onMessageComplete() {
    m_messages.last().complete = true;
}
