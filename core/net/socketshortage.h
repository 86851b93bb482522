#pragma once

#include <QByteArray>

// Why a socket could not be created, in the kernel's words ("too many open files"). Qt says
// only "Out of resources" for EMFILE, ENFILE, ENOBUFS and ENOMEM alike; asking the kernel for a
// socket once more names the one that applies, which is what an operator must act on. Only
// meant to be called after such a failure; "out of resources" when a socket can be had again.
QByteArray socketShortage();
