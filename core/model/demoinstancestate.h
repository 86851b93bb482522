#pragma once

#include <QList>
#include <QMap>
#include <QMetaType>
#include <chrono>

// A copy of one demo instance's state, the only form in which it leaves the demo thread
// (docs/CONVENTIONS.md, "Only values cross threads").
struct DemoInstanceState {
    quint16 port = 0;       // the port actually bound (never 0 once started)
    bool listening = false; // false after kill() or a revive() that could not bind
    std::chrono::milliseconds latency{0};
    int errorRatePercent = 0;
    bool resetMidResponse = false;
    qint64 requestsServed = 0;           // responses written, whole or cut short
    QMap<int, qint64> responsesByStatus; // status → responses written with it
    qint64 responsesReset = 0;           // of requestsServed, those cut short on purpose
    int responsesPending = 0;            // responses held back by the latency right now
    int openConnections = 0;
};

Q_DECLARE_METATYPE(DemoInstanceState)
