#pragma once

#include "inspect/headermask.h"
#include "model/capturedexchange.h"

#include <QByteArray>
#include <QList>
#include <QString>

// HAR 1.2 export (README, "Inspecting traffic"; the format: "HTTP Archive (HAR) format", W3C
// Web Performance Working Group draft, version 1.2). One entry per exchange: request is what the
// client sent, response what it got; both as the gateway saw them on the client side.
//
// What HAR has no field for goes in custom fields, which HAR allows when their names start with
// an underscore: _id, _client, _route, _instance {id, index, name, url}, _outcome, _reason (the
// log's reason line), _attempts [{instance, index, status, error, instanceFault}], _timing
// {totalUs, timeToFirstByteUs}, _upstreamRequest and _upstreamResponse (the heads as sent to and
// received from the instance, when there were any), and on a body _truncated, _size (the whole
// body's size), _evicted, _encoding (postData has no "encoding" in HAR 1.2) and _contentEncoded
// (content.text is still gzip/deflate: it was cut, or could not be decoded).
//
// Response bodies are decoded (gzip, deflate) as HAR asks of content.text; text that is not
// UTF-8 goes as base64 with content.encoding "base64". Masked header values, and the masked
// cookies parsed from them, stay masked unless mask includes secrets.
struct HarExportOptions {
    HeaderMask mask;
    QString creatorVersion; // log.creator.version: the program's version
    // Where the gateway listens ("http://127.0.0.1:8080"), for request.url when the request had
    // no Host field.
    QByteArray gatewayOrigin;
};

QByteArray harDocument(const QList<CapturedExchange> &exchanges, const HarExportOptions &options);
