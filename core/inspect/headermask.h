#pragma once

#include "model/capturedmessage.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// Which header values the inspector hides in what it shows and exports (README, "Inspecting
// traffic", masking): credentials and session cookies, plus the names a config adds
// (capture.mask_headers), so that a screenshot, a pasted curl command or a shared HAR file does
// not hand them on. The user can ask for the real values explicitly (Secrets::Included).
class HeaderMask final {
public:
    enum class Secrets {
        Masked,   // the default
        Included, // the user asked for the values themselves ("include secrets")
    };

    // What a masked value becomes. ASCII, so that it survives every export format, and not a
    // valid credential, so that a replayed request fails visibly instead of passing as another.
    static constexpr QByteArrayView maskedValue = "[masked]";

    // Masks the built-in names and extraNames (compared case-insensitively).
    explicit HeaderMask(Secrets secrets = Secrets::Masked,
                        const QList<QByteArray> &extraNames = {});

    // The names masked whatever the config says.
    static QList<QByteArray> builtInNames();

    bool includesSecrets() const { return m_secrets == Secrets::Included; }
    bool masks(QByteArrayView name) const;
    // value, or maskedValue when name is masked and secrets are not included.
    QByteArrayView shown(QByteArrayView name, QByteArrayView value) const;
    // The head with its masked fields' values replaced (order, names and count kept, so a reader
    // still sees that the field was there).
    CapturedHead applied(const CapturedHead &head) const;

private:
    Secrets m_secrets;
    QList<QByteArray> m_names; // lower case
};
