#pragma once

#include <QByteArray>
#include <QByteArrayView>

// Quoting for POSIX sh (and so bash, dash, zsh), for the commands the inspector copies
// (curlcommand.h). Every result is plain printable text: a command pasted into a terminal
// carries no control byte, so a hostile value cannot end a bracketed paste, move the cursor or
// press Enter.

// Whether bytes can stand inside single quotes as they are: valid UTF-8 with no control
// character but tab and line feed (no CR, no DEL, no C1 controls, no NUL).
bool isShellSafeText(QByteArrayView bytes);

// 'bytes' with each ' written as '\'' (POSIX sh, "Single-Quotes": nothing inside is special).
// Only for isShellSafeText() bytes.
QByteArray singleQuoted(QByteArrayView bytes);

// A printf(1) format that prints exactly bytes: every byte outside printable ASCII as a
// three-digit octal escape (\000 included: POSIX printf reads "\ddd" in the format), % as %%,
// \ as \\ and a leading - as \055 (not an option), all of it single-quoted.
QByteArray printfFormat(QByteArrayView bytes);

// One argument that the shell turns into exactly bytes: singleQuoted() for safe text, else a
// command substitution "$(printf FORMAT)". For values with no NUL and no trailing newline (which
// $(...) would drop): URLs and header fields, never bodies.
QByteArray shellArgument(QByteArrayView bytes);
