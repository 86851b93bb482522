#pragma once

#include "model/requestrecord.h"

#include <QString>
#include <span>

// The tries of one request for people, one after the other:
// "attempt 1 → #2 connect refused; attempt 2 → #3 200". Instances are numbered from 1, as in
// the balancer's reason. Each try shows its status, or its error when no usable response came
// ("no response" if neither is known).
//
// Empty for a request that was not retried and did not fail on its one try: the column then
// stays quiet for the common case, and a retry or a failed connect stands out.
QString formatAttempts(std::span<const AttemptRecord> attempts);
