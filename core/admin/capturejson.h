#pragma once

#include "inspect/headermask.h"
#include "model/capturedexchange.h"

#include <QJsonObject>

// The JSON form of a captured exchange for GET /api/requests and /api/requests/{id} (README,
// "Admin API"): the record's summary, the four heads (null when there was none: a request the
// gateway answered itself was never sent, and its answer was never received) with mask applied,
// and each body's sizes. Field names snake_case as in /api/state.
enum class CapturedBodies {
    SizesOnly, // the list: sizes and flags
    Included,  // one exchange: the bytes too, as UTF-8 text or base64
};

QJsonObject capturedExchangeToJson(const CapturedExchange &exchange, const HeaderMask &mask,
                                   CapturedBodies bodies);
