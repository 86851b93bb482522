#include "model/pickexplanation.h"

#include "model/bytesappend.h"
#include "model/numbertext.h"

#include <algorithm>

namespace {

// People count instances from 1; indexes stay 0-based in the API.
void appendInstance(QByteArray &out, int index) {
    appendByte(out, '#');
    appendNumber(out, index + 1);
}

void appendLoad(QByteArray &out, const PickCandidate &entry, QByteArrayView separator) {
    appendBytes(out, "active ");
    appendNumber(out, entry.activeRequests);
    appendBytes(out, separator);
    appendBytes(out, "weight ");
    appendNumber(out, entry.weight);
}

void appendTie(QByteArray &out, int tiedCount) {
    appendBytes(out, ", ");
    appendNumber(out, tiedCount);
    appendBytes(out, "-way tie broken round robin");
}

void appendWeightShare(QByteArray &out, int weight, qint64 totalWeight) {
    appendBytes(out, "weight ");
    appendNumber(out, weight);
    appendBytes(out, " of ");
    appendNumber(out, totalWeight);
}

// weighted_round_robin's current weights of every candidate, comma-separated, before or after.
void appendCurrentWeights(QByteArray &out, const PickExplanation &explanation,
                          qint64 PickCandidate::*weight) {
    bool first = true;
    for (const PickCandidate &entry : explanation.candidates) {
        if (!first)
            appendByte(out, ',');
        appendNumber(out, entry.*weight);
        first = false;
    }
}

// The parenthesised detail of the one-line reason, as the strategies have always written it.
void appendSummaryDetail(QByteArray &out, const PickExplanation &explanation,
                         const PickCandidate &chosen) {
    switch (explanation.strategy) {
    case StrategyKind::RoundRobin:
        if (explanation.previousIndex < 0) {
            appendBytes(out, "first pick");
        } else {
            appendBytes(out, "next after ");
            appendInstance(out, explanation.previousIndex);
        }
        return;
    case StrategyKind::WeightedRoundRobin:
        appendBytes(out, "current ");
        appendCurrentWeights(out, explanation, &PickCandidate::currentWeightBefore);
        appendBytes(out, " → ");
        appendCurrentWeights(out, explanation, &PickCandidate::currentWeightAfter);
        return;
    case StrategyKind::LeastConnections:
        appendLoad(out, chosen, ", ");
        if (explanation.tiedCount > 1)
            appendTie(out, explanation.tiedCount);
        return;
    case StrategyKind::Random:
        appendWeightShare(out, chosen.weight, explanation.totalWeight);
        return;
    case StrategyKind::PowerOfTwo:
        if (!chosen.sampled) {
            appendBytes(out, "only eligible instance");
            return;
        }
        appendLoad(out, chosen, "/");
        for (const PickCandidate &entry : explanation.candidates) {
            if (entry.sampled && entry.index != chosen.index) {
                appendBytes(out, " vs ");
                appendInstance(out, entry.index);
                appendByte(out, ' ');
                appendLoad(out, entry, "/");
                return;
            }
        }
        return;
    case StrategyKind::IpHash:
        appendBytes(out, "client hash ");
        appendHex32(out, explanation.clientHash);
        return;
    }
    Q_UNREACHABLE();
}

void appendParenthesisedReason(QByteArray &out, SkipReason reason) {
    appendBytes(out, " (");
    appendBytes(out, skipReasonName(reason));
    appendByte(out, ')');
}

void appendVerdict(QByteArray &out, const PickExplanation &explanation,
                   const PickCandidate &entry) {
    switch (entry.verdict) {
    case CandidateVerdict::Chosen:
        appendBytes(out, "chosen");
        if (entry.panic) {
            appendBytes(out, " (");
            appendBytes(out, skipReasonName(entry.reason));
            appendBytes(out, ", tried anyway: panic)");
        }
        return;
    case CandidateVerdict::Skipped:
        if (entry.reason == SkipReason::NotChosen) {
            appendBytes(out, "not chosen (more loaded)");
        } else {
            appendBytes(out, "skipped");
            appendParenthesisedReason(out, entry.reason);
        }
        return;
    case CandidateVerdict::Passed:
        appendBytes(out, "not chosen");
        return;
    case CandidateVerdict::NotReached:
        appendBytes(out, explanation.strategy == StrategyKind::PowerOfTwo ? "not sampled"
                                                                          : "not reached");
        if (!entry.eligible)
            appendParenthesisedReason(out, entry.reason);
        return;
    }
    Q_UNREACHABLE();
}

// The strategy's values for one instance in the candidate list; nothing when it has none.
void appendCandidateData(QByteArray &out, const PickExplanation &explanation,
                         const PickCandidate &entry) {
    const bool chosen = entry.verdict == CandidateVerdict::Chosen;
    switch (explanation.strategy) {
    case StrategyKind::RoundRobin:
        if (chosen)
            appendSummaryDetail(out, explanation, entry);
        return;
    case StrategyKind::WeightedRoundRobin:
        appendBytes(out, "weight ");
        appendNumber(out, entry.weight);
        appendBytes(out, ", current ");
        appendNumber(out, entry.currentWeightBefore);
        appendBytes(out, " → ");
        appendNumber(out, entry.currentWeightAfter);
        if (chosen) {
            appendBytes(out, " (largest after adding weights, minus total ");
            appendNumber(out, explanation.totalWeight);
            appendByte(out, ')');
        } else if (!entry.eligible) {
            appendBytes(out, " (kept)");
        }
        return;
    case StrategyKind::LeastConnections:
        if (!entry.eligible)
            return;
        appendLoad(out, entry, "/");
        if (chosen && explanation.tiedCount > 1)
            appendTie(out, explanation.tiedCount);
        else if (chosen)
            appendBytes(out, ", least loaded");
        return;
    case StrategyKind::Random:
        if (entry.eligible)
            appendWeightShare(out, entry.weight, explanation.totalWeight);
        return;
    case StrategyKind::PowerOfTwo:
        if (!entry.eligible && entry.reason != SkipReason::NotChosen)
            return;
        if (chosen && !entry.sampled)
            appendBytes(out, "only eligible instance, ");
        else if (entry.sampled)
            appendBytes(out, "sampled, ");
        appendLoad(out, entry, "/");
        return;
    case StrategyKind::IpHash:
        if (!chosen) {
            if (entry.verdict == CandidateVerdict::Skipped)
                appendBytes(out, "walked past on the ring");
            return;
        }
        appendBytes(out, "ring point ");
        appendHex32(out, explanation.ringPoint);
        appendBytes(out, ", the first eligible clockwise from client hash ");
        appendHex32(out, explanation.clientHash);
        return;
    }
    Q_UNREACHABLE();
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
    QByteArray line;
    appendSummary(line);
    return line;
}

void PickExplanation::appendSummary(QByteArray &out) const {
    // Panic goes first: it is the one thing about the pick an operator must not miss.
    if (isPanic())
        appendBytes(out, "panic: every instance is down by health, trying anyway; ");
    appendBytes(out, strategyName(strategy));
    appendBytes(out, ": ");
    if (const PickCandidate *chosen = chosenIndex >= 0 ? findCandidate(chosenIndex) : nullptr) {
        appendInstance(out, chosenIndex);
        appendBytes(out, " (");
        appendSummaryDetail(out, *this, *chosen);
        appendByte(out, ')');
    } else {
        appendBytes(out, candidates.isEmpty() ? "no instances" : "none eligible");
    }

    // The ineligible in the order met, then power_of_two's loser, as the strategies listed them.
    bool first = true;
    const auto appendSkipped = [&](bool notChosen) {
        for (const PickCandidate &entry : candidates) {
            if (entry.verdict != CandidateVerdict::Skipped ||
                (entry.reason == SkipReason::NotChosen) != notChosen)
                continue;
            appendBytes(out, first ? "; skipped " : ", ");
            appendInstance(out, entry.index);
            appendParenthesisedReason(out, entry.reason);
            first = false;
        }
    };
    appendSkipped(false);
    appendSkipped(true);
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
        QByteArray line;
        appendInstance(line, entry->index);
        line.append(' ');
        appendVerdict(line, *this, *entry);
        const qsizetype withoutData = line.size();
        line.append(": ");
        appendCandidateData(line, *this, *entry);
        if (line.size() == withoutData + 2)
            line.truncate(withoutData); // the strategy has no values for this one
        lines.append(line);
    }
    return lines;
}
