#pragma once

#include "model/strategykind.h"

#include <QByteArray>
#include <QList>
#include <QVarLengthArray>

// Why an instance was passed over. Kept as values, formatted only for display
// (docs/CONVENTIONS.md, "Format at display time").
enum class SkipReason : quint8 {
    Disabled,      // admin state disabled
    Draining,      // admin state draining: no new requests
    Down,          // the active checks say down
    AlreadyTried,  // an earlier attempt of this request failed on it
    NotChosen,     // eligible, but the strategy preferred another (power_of_two's loser)
    Ejected,       // passive health took it out for fail_timeout
    ProbationBusy, // on probation, and its one test request is in flight
};

// Down, Ejected, ProbationBusy: the reasons that panic overrides.
bool isHealthReason(SkipReason reason);

QByteArray skipReasonName(SkipReason reason);

// What became of one instance in one pick.
enum class CandidateVerdict : quint8 {
    Chosen,
    Skipped,    // named in the reason line: ineligible (reason), or power_of_two's loser
    Passed,     // eligible and weighed, but another won; the strategy data says why
    NotReached, // the strategy stopped or drew before weighing it (round_robin's scan,
                // ip_hash's ring walk, power_of_two's two draws)
};

// One instance as the strategy saw it. Plain values (no heap) so that an explanation costs no
// allocation per request for routes of up to PickExplanation::inlineCandidates instances.
struct PickCandidate {
    qint64 currentWeightBefore = 0; // weighted_round_robin: smooth current weight before the pick
    qint64 currentWeightAfter = 0;  // ... and after it (ineligible instances keep theirs)
    int index = -1;                 // position in Balancer::backends(), 0-based
    int weight = 0;                 // effective weight (weights below 1 count as 1)
    int activeRequests = 0;         // least_connections, power_of_two: load when picked
    CandidateVerdict verdict = CandidateVerdict::NotReached;
    SkipReason reason = SkipReason::Disabled; // meaningful when skipped or !eligible
    // One bit each, so that the candidate is 32 bytes rather than 40 (a pick holds
    // PickExplanation::inlineCandidates of them inline, every record at least one pick).
    bool eligible : 1 = false;
    bool sampled : 1 = false; // power_of_two: one of the two drawn
    // Eligible only because the route is in panic: reason holds the health verdict overridden.
    bool panic : 1 = false;

    friend bool operator==(const PickCandidate &, const PickCandidate &) = default;
};

// The whole of one balancer decision as values: which strategy, which instance, and for every
// instance of the route what the strategy saw and why it was or was not chosen. Stored in the
// RequestRecord and formatted only at display time (summary(), candidateLines()).
struct PickExplanation {
    static constexpr int inlineCandidates = 4;

    StrategyKind strategy = StrategyKind::RoundRobin;
    int chosenIndex = -1;   // -1: none eligible or no instances (→ 503)
    int previousIndex = -1; // round_robin, least_connections: the last pick before this one
    int tiedCount = 0;      // least_connections: eligible instances sharing the lowest load
    qint64 totalWeight = 0; // random, weighted_round_robin: eligible weight summed
    quint32 clientHash = 0; // ip_hash: MD5 point of the client address
    quint32 ringPoint = 0;  // ip_hash: the chosen instance's point, first eligible clockwise
    // Every instance of the route once, in the order the strategy examined them (the order the
    // reason line names the skipped ones in).
    QVarLengthArray<PickCandidate, inlineCandidates> candidates;

    // Today's one-line reason, instance numbers 1-based for people:
    // "round_robin: #2 (next after #1); skipped #1 (disabled)".
    QByteArray summary() const;
    // The same line appended to out, with no allocation of its own (the access log writes one
    // per request into its batch's buffer).
    void appendSummary(QByteArray &out) const;
    // One line per instance in route order, each saying why it was chosen, skipped or passed
    // over with the strategy's values: "#1 chosen: weight 5, current 0 → -2".
    QList<QByteArray> candidateLines() const;
    const PickCandidate *findCandidate(int index) const;
    // Whether the pick ignored health because every enabled instance was out by it (Envoy's
    // panic threshold at 100 %, Balancer::inPanic()): some candidate was eligible only so.
    bool isPanic() const;

    friend bool operator==(const PickExplanation &, const PickExplanation &) = default;
};
