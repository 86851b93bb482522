#pragma once

#include <QStringList>

struct BackendSnapshot;

// Why an instance is up, down or unknown, one sentence each: its health and since when, what
// passive health decided, and the last active check (its answer, or why it failed). The routes
// tree's Health tooltip joins them; the details pane lists them for the selected instance, so
// that "last check failed: timeout" is readable without hovering.
QStringList healthExplanation(const BackendSnapshot &backend);
