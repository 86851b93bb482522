#pragma once

#include "model/capturedexchange.h"

#include <QByteArray>
#include <QList>

#include <utility>

// Captured exchanges for the inspector's tests (tst_harexport, tst_harimport), one of each
// shape an export meets, and the views of them that capture tests compare.
namespace CapturedSamples {

// The JSON the order's instance answered, before gzip.
QByteArray orderJson();

// POST /api/orders?id=7&q=a%20b with credentials and cookies, forwarded after a refused first
// attempt; a 201 with a gzip JSON body and two Set-Cookie fields.
CapturedExchange forwardedOrder();
// GET of a PNG whose body was cut at the capture's limit (identity, binary).
CapturedExchange truncatedImage();
// GET /nowhere answered 404 by the gateway itself: never forwarded, no instance response.
CapturedExchange noRoute();

// The ids of exchanges, in their order: what a store or log keeps, compared in one QCOMPARE.
QList<quint64> idsOf(const QList<CapturedExchange> &exchanges);

// A captured head's fields as (name, value) pairs in their order, compared in one QCOMPARE.
using Fields = QList<std::pair<QByteArray, QByteArray>>;
Fields fieldsOf(const CapturedHead &head);

} // namespace CapturedSamples
