#include "capturedsamples.h"

#include "inspect/contentcoding.h"
#include "model/capturedheadbuilder.h"

namespace CapturedSamples {

QByteArray orderJson() {
    return R"({"id":7,"items":[{"sku":"A-1","qty":2}],"note":"grüße"})";
}

CapturedExchange forwardedOrder() {
    CapturedExchangeParts parts;
    RequestRecord &record = parts.record;
    record.id = 42;
    record.startedAtMs = 1796556090123; // 2026-12-06T11:21:30.123Z
    record.clientAddress = "127.0.0.1";
    record.method = "POST";
    record.target = "/api/orders?id=7&q=a%20b";
    record.routeId = "api";
    record.backendId = 3;
    record.backendIndex = 1;
    record.backendName = "orders-b";
    record.backendUrl = "http://127.0.0.1:8082";
    record.setUpstreamTarget("/orders?id=7&q=a%20b");
    record.status = 201;
    record.bytesIn = 22;
    record.timeToFirstByteUs = 1500;
    record.totalUs = 2750;
    record.failure = "round_robin: #1 (first pick); retry → round_robin: #2 (next after #1)";
    record.attempts = {{2, 0, "orders-a", 0, "connect refused", true},
                       {3, 1, "orders-b", 201, {}, false}};

    parts.requestReceived = CapturedHeadBuilder()
                                .requestLine("POST", record.target)
                                .fields({{"Host", "gateway.test"},
                                         {"Content-Type", "application/json"},
                                         {"Authorization", "Bearer s3cret"},
                                         {"Cookie", "session=abc; theme=dark"},
                                         {"Content-Length", "22"}})
                                .build();
    parts.requestSent = CapturedHeadBuilder()
                            .requestLine("POST", record.upstreamTarget())
                            .fields(parts.requestReceived)
                            .fields({{"X-Forwarded-For", "127.0.0.1"},
                                     {"Via", "1.1 gateway-console-0123456789abcdef"}})
                            .build();
    parts.requestBody = CapturedBody::fromBytes(R"({"sku":"A-1","qty":2})"
                                                "\n",
                                                1 << 20);

    const QByteArray gzipped = encodeContent(orderJson(), ContentCoding::Gzip);
    const QByteArray gzippedSize = QByteArray::number(gzipped.size());
    parts.responseReceived = CapturedHeadBuilder()
                                 .statusLine(201, "Created")
                                 .fields({{"Content-Type", "application/json; charset=utf-8"},
                                          {"Content-Encoding", "gzip"},
                                          {"Set-Cookie", "session=def; Path=/; HttpOnly"},
                                          {"Set-Cookie", "seen=1"},
                                          {"Location", "/api/orders/7"},
                                          {"Content-Length", gzippedSize}})
                                 .build();
    parts.responseSent = CapturedHeadBuilder()
                             .startLineOf(parts.responseReceived)
                             .fields(parts.responseReceived)
                             .field("Via", "1.1 gateway-console-0123456789abcdef")
                             .build();
    parts.responseBody = CapturedBody::fromBytes(gzipped, 1 << 20);
    record.bytesOut = gzipped.size();
    return CapturedExchange(parts);
}

CapturedExchange truncatedImage() {
    CapturedExchangeParts parts;
    parts.record.id = 43;
    parts.record.startedAtMs = 1796556091000;
    parts.record.method = "GET";
    parts.record.target = "/img/logo.png";
    parts.record.routeId = "img";
    parts.record.backendId = 5;
    parts.record.backendIndex = 0;
    parts.record.backendName = "static";
    parts.record.backendUrl = "http://127.0.0.1:8090/static";
    parts.record.status = 200;
    parts.record.timeToFirstByteUs = 800;
    parts.record.totalUs = 9000;
    parts.requestReceived = CapturedHeadBuilder()
                                .requestLine("GET", "/img/logo.png")
                                .field("Host", "gateway.test")
                                .build();
    parts.requestSent = CapturedHeadBuilder()
                            .requestLine("GET", "/static/img/logo.png")
                            .fields(parts.requestReceived)
                            .build();
    parts.responseReceived =
        CapturedHeadBuilder()
            .statusLine(200, "OK")
            .fields({{"Content-Type", "image/png"}, {"Content-Length", "4096"}})
            .build();
    parts.responseSent = parts.responseReceived;
    QByteArray png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    png += QByteArray(4096 - png.size(), '\xab');
    parts.responseBody = CapturedBody::fromBytes(png, 1024);
    parts.record.bytesOut = 4096;
    return CapturedExchange(parts);
}

CapturedExchange noRoute() {
    CapturedExchangeParts parts;
    parts.record.id = 44;
    parts.record.startedAtMs = 1796556092000;
    parts.record.method = "GET";
    parts.record.target = "/nowhere";
    parts.record.status = 404;
    parts.record.outcome = Outcome::NoRoute;
    parts.record.totalUs = 120;
    parts.record.failure = "no route matches /nowhere";
    parts.requestReceived = CapturedHeadBuilder().requestLine("GET", "/nowhere", 1, 0).build();
    parts.responseSent = CapturedHeadBuilder()
                             .statusLine(404, "Not Found", 1, 0)
                             .fields({{"Content-Type", "text/plain"}, {"Content-Length", "9"}})
                             .build();
    parts.responseBody = CapturedBody::fromBytes("no route\n", 1 << 20);
    return CapturedExchange(parts);
}

QList<quint64> idsOf(const QList<CapturedExchange> &exchanges) {
    QList<quint64> ids;
    for (const CapturedExchange &exchange : exchanges)
        ids.append(exchange.id());
    return ids;
}

Fields fieldsOf(const CapturedHead &head) {
    Fields fields;
    for (const CapturedHead::Field field : head.fields())
        fields.append({field.name.toByteArray(), field.value.toByteArray()});
    return fields;
}

} // namespace CapturedSamples
