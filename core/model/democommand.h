#pragma once

#include "model/demoinstancestate.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <chrono>
#include <functional>

class QObject;

// A fault-control command for one demo instance and its answer. Values, so that they can cross
// from the thread that asks (the window's, or the admin API's in the gateway's worker) into the
// demo thread and back (docs/CONVENTIONS.md, "Only values cross threads").
struct DemoCommand {
    enum class Kind { ReadState, Kill, Revive, SetLatency, SetErrorRate, SetResetMidResponse };

    Kind kind = Kind::ReadState;
    quint16 port = 0;                     // the instance's actual port; unused by ReadState
    std::chrono::milliseconds latency{0}; // SetLatency
    int errorRatePercent = 0;             // SetErrorRate
    bool resetMidResponse = false;        // SetResetMidResponse

    static DemoCommand readState() { return {}; }
    static DemoCommand kill(quint16 port) { return {Kind::Kill, port}; }
    static DemoCommand revive(quint16 port) { return {Kind::Revive, port}; }
    static DemoCommand setLatency(quint16 port, std::chrono::milliseconds latency) {
        return {Kind::SetLatency, port, latency};
    }
    static DemoCommand setErrorRate(quint16 port, int percent) {
        return {Kind::SetErrorRate, port, {}, percent};
    }
    static DemoCommand setResetMidResponse(quint16 port, bool reset) {
        return {Kind::SetResetMidResponse, port, {}, 0, reset};
    }
};

struct DemoCommandResult {
    enum class Error {
        None,
        UnknownPort,   // no instance listens (or listened before a kill) on the port
        Failed,        // the instance could not do it: a revive whose port was taken meanwhile
        NotConfigured, // no demo instances run (the config has no demo: section)
    };

    Error error = Error::None;
    QString message;                    // for people, naming the port; empty on success
    QList<DemoInstanceState> instances; // every instance after the command, in start order

    bool ok() const { return error == Error::None; }
};

Q_DECLARE_METATYPE(DemoCommandResult)

// Runs a command on the demo instances, wherever they run, and calls done with its result in
// context's thread, later; done is dropped if context is deleted first. What the gateway is given
// to reach them (for the admin API's /api/demo) instead of the demo cluster itself.
using DemoCommandRunner =
    std::function<void(const DemoCommand &command, QObject *context,
                       std::function<void(const DemoCommandResult &result)> done)>;
