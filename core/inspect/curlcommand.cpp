#include "inspect/curlcommand.h"

#include "inspect/shellquoting.h"

#include <QList>
#include <algorithm>

namespace {

// "http://host:port/base" → "http://host:port": the instance's URL names its base path, but the
// forwarded target already starts with it.
QByteArray originOf(const QByteArray &url) {
    const qsizetype authorityStart = url.indexOf("://");
    if (authorityStart < 0)
        return url;
    const qsizetype pathStart = url.indexOf('/', authorityStart + 3);
    return pathStart < 0 ? url : url.first(pathStart);
}

QByteArray authorityOf(const QByteArray &origin) {
    const qsizetype authorityStart = origin.indexOf("://");
    return authorityStart < 0 ? origin : origin.sliced(authorityStart + 3);
}

bool isNamed(const CapturedHeader &header, QByteArrayView name) {
    return header.name.compare(name, Qt::CaseInsensitive) == 0;
}

// What curl decides itself: the framing of the body it sends.
bool curlComputes(const CapturedHeader &header) {
    return isNamed(header, "Content-Length") || isNamed(header, "Transfer-Encoding");
}

QByteArray methodOption(const CapturedHead &head, bool hasBody) {
    if (head.method == "HEAD" && !hasBody)
        return "--head"; // -X HEAD would wait for a body the response does not have
    if (head.method == (hasBody ? "POST" : "GET"))
        return {};
    // A method of letters, digits, '-' and '_' needs no quotes (nothing in it is special to sh).
    const bool plain = std::all_of(head.method.cbegin(), head.method.cend(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
    });
    return "-X " + (plain ? head.method : shellArgument(head.method));
}

// -H 'Name: value'; curl's syntax for a field with an empty value is 'Name;'.
QByteArray headerOption(const QByteArray &name, const QByteArray &value) {
    const QByteArray field =
        value.isEmpty() ? QByteArray(name + ';') : QByteArray(name + ": " + value);
    return "-H " + shellArgument(field);
}

} // namespace

CurlCommand::CurlCommand(QByteArray gatewayOrigin, HeaderMask mask)
    : m_gatewayOrigin(std::move(gatewayOrigin))
    , m_mask(std::move(mask)) {}

std::optional<QByteArray> CurlCommand::command(const CapturedExchange &exchange,
                                               Destination destination) const {
    if (destination == Destination::Gateway)
        return build(exchange.requestReceived(), m_gatewayOrigin, exchange.requestBody());
    if (!exchange.requestSent().isPresent())
        return std::nullopt;
    return build(exchange.requestSent(), originOf(exchange.record().backendUrl),
                 exchange.requestBody());
}

std::optional<QByteArray> CurlCommand::url(const CapturedExchange &exchange,
                                           Destination destination) const {
    const bool toGateway = destination == Destination::Gateway;
    if (!toGateway && !exchange.requestSent().isPresent())
        return std::nullopt;
    const CapturedHead &head = toGateway ? exchange.requestReceived() : exchange.requestSent();
    if (!head.target.startsWith('/'))
        return head.target;
    return (toGateway ? m_gatewayOrigin : originOf(exchange.record().backendUrl)) + head.target;
}

QByteArray CurlCommand::build(const CapturedHead &head, const QByteArray &origin,
                              const CapturedBody &body) const {
    const bool hasBody = !body.bytes.isEmpty();
    QList<QByteArray> options;
    if (const QByteArray method = methodOption(head, hasBody); !method.isEmpty())
        options.append(method);
    if (head.versionMajor == 1 && head.versionMinor == 0)
        options.append("--http1.0");
    // An origin-form target goes in the URL; any other form ("*", an absolute URL) is sent as it
    // was with --request-target. --path-as-is keeps "/./" and "/../" segments, --globoff
    // brackets and braces, which curl would otherwise interpret.
    if (head.target.startsWith('/')) {
        options.append("--path-as-is");
        if (head.target.contains('[') || head.target.contains('{'))
            options.append("--globoff");
        options.append(shellArgument(QByteArray(origin + head.target)));
    } else {
        options.append(shellArgument(origin));
        options.append("--request-target " + shellArgument(head.target));
    }

    const QByteArray authority = authorityOf(origin);
    for (const CapturedHeader &header : head.headers) {
        if (curlComputes(header))
            continue;
        if (isNamed(header, "Host") && header.value.compare(authority, Qt::CaseInsensitive) == 0)
            continue;
        options.append(headerOption(header.name, m_mask.shown(header.name, header.value)));
    }
    QList<QByteArray> suppressed = {"Host", "User-Agent", "Accept"};
    if (hasBody)
        suppressed.append({"Content-Type", "Expect"});
    for (const QByteArray &name : suppressed) {
        if (!head.value(name))
            options.append("-H " + singleQuoted(QByteArray(name + ':')));
    }

    QByteArray pipedBody;
    if (hasBody) {
        if (isShellSafeText(body.bytes) && !body.bytes.startsWith('@')) {
            options.append("--data-binary " + singleQuoted(body.bytes));
        } else {
            pipedBody = "printf " + printfFormat(body.bytes) + " | ";
            options.append("--data-binary @-");
        }
    }
    QByteArray command = pipedBody + "curl";
    for (const QByteArray &option : options)
        command += " \\\n  " + option;
    return command;
}
