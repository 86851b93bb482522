#include "model/pickexplanation.h"

#include <algorithm>

namespace {

QByteArray number(qint64 value) {
    return QByteArray::number(value);
}

// People count instances from 1; indexes stay 0-based in the API.
QByteArray instance(int index) {
    return '#' + number(index + 1);
}

QByteArray hex32(quint32 value) {
    return QByteArray::number(value, 16).rightJustified(8, '0');
}

QByteArray load(const PickCandidate &entry, QByteArrayView separator) {
    return "active " + number(entry.activeRequests) + separator.toByteArray() + "weight " +
           number(entry.weight);
}

// The parenthesised detail of the one-line reason, as the strategies have always written it.
QByteArray summaryDetail(const PickExplanation &explanation, const PickCandidate &chosen) {
    switch (explanation.strategy) {
    case StrategyKind::RoundRobin:
        if (explanation.previousIndex < 0)
            return "first pick";
        return "next after " + instance(explanation.previousIndex);
    case StrategyKind::WeightedRoundRobin: {
        QByteArray before;
        QByteArray after;
        for (const PickCandidate &entry : explanation.candidates) {
            if (!before.isEmpty()) {
                before += ',';
                after += ',';
            }
            before += number(entry.currentWeightBefore);
            after += number(entry.currentWeightAfter);
        }
        return "current " + before + " → " + after;
    }
    case StrategyKind::LeastConnections: {
        QByteArray text = load(chosen, ", ");
        if (explanation.tiedCount > 1)
            text += ", " + number(explanation.tiedCount) + "-way tie broken round robin";
        return text;
    }
    case StrategyKind::Random:
        return "weight " + number(chosen.weight) + " of " + number(explanation.totalWeight);
    case StrategyKind::PowerOfTwo: {
        if (!chosen.sampled)
            return "only eligible instance";
        for (const PickCandidate &entry : explanation.candidates) {
            if (entry.sampled && entry.index != chosen.index)
                return load(chosen, "/") + " vs " + instance(entry.index) + ' ' + load(entry, "/");
        }
        return load(chosen, "/");
    }
    case StrategyKind::IpHash:
        return "client hash " + hex32(explanation.clientHash);
    }
    Q_UNREACHABLE();
    return QByteArray();
}

QByteArray verdictText(const PickExplanation &explanation, const PickCandidate &entry) {
    switch (entry.verdict) {
    case CandidateVerdict::Chosen:
        if (entry.panic)
            return "chosen (" + skipReasonName(entry.reason) + ", tried anyway: panic)";
        return "chosen";
    case CandidateVerdict::Skipped:
        if (entry.reason == SkipReason::NotChosen)
            return "not chosen (more loaded)";
        return "skipped (" + skipReasonName(entry.reason) + ')';
    case CandidateVerdict::Passed:
        return "not chosen";
    case CandidateVerdict::NotReached: {
        QByteArray text =
            explanation.strategy == StrategyKind::PowerOfTwo ? "not sampled" : "not reached";
        if (!entry.eligible)
            text += " (" + skipReasonName(entry.reason) + ')';
        return text;
    }
    }
    Q_UNREACHABLE();
    return QByteArray();
}

// The strategy's values for one instance in the candidate list; empty when it has none.
QByteArray candidateData(const PickExplanation &explanation, const PickCandidate &entry) {
    const bool chosen = entry.verdict == CandidateVerdict::Chosen;
    switch (explanation.strategy) {
    case StrategyKind::RoundRobin:
        return chosen ? summaryDetail(explanation, entry) : QByteArray();
    case StrategyKind::WeightedRoundRobin: {
        QByteArray text = "weight " + number(entry.weight) + ", current " +
                          number(entry.currentWeightBefore) + " → " +
                          number(entry.currentWeightAfter);
        if (chosen)
            text += " (largest after adding weights, minus total " +
                    number(explanation.totalWeight) + ')';
        else if (!entry.eligible)
            text += " (kept)";
        return text;
    }
    case StrategyKind::LeastConnections:
        if (!entry.eligible)
            return QByteArray();
        if (chosen && explanation.tiedCount > 1)
            return load(entry, "/") + ", " + number(explanation.tiedCount) +
                   "-way tie broken round robin";
        return load(entry, "/") + (chosen ? ", least loaded" : "");
    case StrategyKind::Random:
        if (!entry.eligible)
            return QByteArray();
        return "weight " + number(entry.weight) + " of " + number(explanation.totalWeight);
    case StrategyKind::PowerOfTwo:
        if (!entry.eligible && entry.reason != SkipReason::NotChosen)
            return QByteArray();
        if (chosen && !entry.sampled)
            return "only eligible instance, " + load(entry, "/");
        return (entry.sampled ? "sampled, " : "") + load(entry, "/");
    case StrategyKind::IpHash:
        if (!chosen)
            return entry.verdict == CandidateVerdict::Skipped ? "walked past on the ring"
                                                              : QByteArray();
        return "ring point " + hex32(explanation.ringPoint) +
               ", the first eligible clockwise from client hash " + hex32(explanation.clientHash);
    }
    Q_UNREACHABLE();
    return QByteArray();
}

} // namespace

QByteArray skipReasonName(SkipReason reason) {
    switch (reason) {
    case SkipReason::Disabled:
        return QByteArrayLiteral("disabled");
    case SkipReason::Draining:
        return QByteArrayLiteral("draining");
    case SkipReason::Down:
        return QByteArrayLiteral("down");
    case SkipReason::AlreadyTried:
        return QByteArrayLiteral("already tried");
    case SkipReason::NotChosen:
        return QByteArrayLiteral("not chosen");
    case SkipReason::Ejected:
        return QByteArrayLiteral("ejected by passive health");
    case SkipReason::ProbationBusy:
        return QByteArrayLiteral("on probation, one request already testing it");
    }
    Q_UNREACHABLE();
    return QByteArray();
}

bool isHealthReason(SkipReason reason) {
    return reason == SkipReason::Down || reason == SkipReason::Ejected ||
           reason == SkipReason::ProbationBusy;
}

bool PickExplanation::isPanic() const {
    return std::any_of(candidates.cbegin(), candidates.cend(),
                       [](const PickCandidate &entry) { return entry.panic; });
}

const PickCandidate *PickExplanation::findCandidate(int index) const {
    for (const PickCandidate &entry : candidates) {
        if (entry.index == index)
            return &entry;
    }
    return nullptr;
}

QByteArray PickExplanation::summary() const {
    // Panic goes first: it is the one thing about the pick an operator must not miss.
    QByteArray line =
        isPanic() ? "panic: every instance is down by health, trying anyway; " : QByteArray();
    line += strategyName(strategy) + ": ";
    if (const PickCandidate *chosen = chosenIndex >= 0 ? findCandidate(chosenIndex) : nullptr)
        line += instance(chosenIndex) + " (" + summaryDetail(*this, *chosen) + ')';
    else
        line += candidates.isEmpty() ? "no instances" : "none eligible";

    // The ineligible in the order met, then power_of_two's loser, as the strategies listed them.
    bool first = true;
    const auto appendSkipped = [&](bool notChosen) {
        for (const PickCandidate &entry : candidates) {
            if (entry.verdict != CandidateVerdict::Skipped ||
                (entry.reason == SkipReason::NotChosen) != notChosen)
                continue;
            line += first ? "; skipped " : ", ";
            line += instance(entry.index) + " (" + skipReasonName(entry.reason) + ')';
            first = false;
        }
    };
    appendSkipped(false);
    appendSkipped(true);
    return line;
}

QList<QByteArray> PickExplanation::candidateLines() const {
    QVarLengthArray<const PickCandidate *, inlineCandidates> ordered;
    for (const PickCandidate &entry : candidates)
        ordered.append(&entry);
    std::sort(ordered.begin(), ordered.end(),
              [](const PickCandidate *a, const PickCandidate *b) { return a->index < b->index; });

    QList<QByteArray> lines;
    lines.reserve(ordered.size());
    for (const PickCandidate *entry : ordered) {
        QByteArray line = instance(entry->index) + ' ' + verdictText(*this, *entry);
        if (const QByteArray data = candidateData(*this, *entry); !data.isEmpty())
            line += ": " + data;
        lines.append(line);
    }
    return lines;
}
