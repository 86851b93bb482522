#pragma once

#include <algorithm>
#include <array>
#include <cstddef>

// The allowed moves of one of the proxy's state machines (docs/ARCHITECTURE.md, "The two state
// machines"): each machine lists its moves in one table and changes its phase only through
// movePhase(), so a move nobody planned is caught where it happens.
template <typename Phase> struct PhaseMove {
    Phase from;
    Phase to;
};

template <typename Phase, std::size_t N>
constexpr bool isMoveListed(const std::array<PhaseMove<Phase>, N> &moves, Phase from, Phase to) {
    return std::any_of(moves.begin(), moves.end(), [from, to](const PhaseMove<Phase> &move) {
        return move.from == from && move.to == to;
    });
}

// Logs the move on gateway.proxy and asserts in debug builds. A release build goes on: the
// machine's next steps still close the connection, and the log names the move to fix.
void reportUnlistedMove(const char *machine, const char *from, const char *to);

// Sets phase to next, reporting first when moves does not list the move.
template <typename Phase, std::size_t N, typename NameOf>
void movePhase(Phase &phase, Phase next, const std::array<PhaseMove<Phase>, N> &moves,
               const char *machine, NameOf nameOf) {
    if (!isMoveListed(moves, phase, next))
        reportUnlistedMove(machine, nameOf(phase), nameOf(next));
    phase = next;
}
