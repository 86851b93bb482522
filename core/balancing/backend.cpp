#include "backend.h"

namespace {

constexpr int defaultHttpPort = 80;

// The Host header form of the URL's host: IPv6 literals need their brackets back, which
// QUrl::host() strips.
QByteArray hostForAuthority(const QUrl &url) {
    const QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        return '[' + host + ']';
    return host;
}

} // namespace

Backend::Backend(quint64 id, const QUrl &url, int weight, const QString &name)
    : id(id)
    , url(url)
    , encodedUrl(url.toEncoded())
    , host(url.host())
    , port(quint16(url.port(defaultHttpPort)))
    , weight(weight) {
    // The Host header repeats the URL as written: a URL without a port gets a bare host, so a
    // backend that checks Host sees what its operator configured.
    authority = hostForAuthority(url);
    if (url.port() != -1)
        authority += ':' + QByteArray::number(url.port());

    basePath = url.path(QUrl::FullyEncoded).toLatin1();
    while (basePath.endsWith('/'))
        basePath.chop(1);

    setName(name);
}

void Backend::setName(const QString &configuredName) {
    name = configuredName;
    if (name.isEmpty()) {
        const QString hostPart = host.contains(u':') ? u'[' + host + u']' : host;
        name = hostPart + u':' + QString::number(port);
    }
}

bool Backend::acceptsNewRequests() const {
    return adminState == AdminState::Enabled && !isHeldOutByHealth();
}

bool Backend::isHeldOutByHealth() const {
    if (activeHealth == Health::Down)
        return true;
    switch (passiveState) {
    case PassiveState::Clear:
        return false;
    case PassiveState::Ejected:
        return true;
    case PassiveState::Probation:
        // Probation admits one request: the proxy counts it in activeRequests as soon as it
        // is picked, so a second concurrent one skips the instance.
        return activeRequests > 0;
    }
    Q_UNREACHABLE();
    return false;
}

void Backend::setAdminState(AdminState state) {
    if (state == adminState)
        return;
    adminState = state;
    adminStateChangedAt = QDateTime::currentDateTimeUtc();
}

void Backend::setActiveHealth(Health verdict) {
    activeHealth = verdict;
    updateHealth();
}

void Backend::setPassiveState(PassiveState state) {
    passiveState = state;
    updateHealth();
}

void Backend::updateHealth() {
    const Health combined = combinedHealth(activeHealth, passiveState);
    if (combined == health)
        return;
    health = combined;
    healthChangedAt = QDateTime::currentDateTimeUtc();
}
