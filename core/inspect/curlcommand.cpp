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

bool isNamed(const CapturedHead::Field &field, QByteArrayView name) {
    return field.name.compare(name, Qt::CaseInsensitive) == 0;
}

// What curl decides itself: the framing of the body it sends.
bool curlComputes(const CapturedHead::Field &field) {
    return isNamed(field, "Content-Length") || isNamed(field, "Transfer-Encoding");
}

QByteArray methodOption(const CapturedHead &head, bool hasBody) {
    const QByteArrayView method = head.method();
    if (method == "HEAD" && !hasBody)
        return "--head"; // -X HEAD would wait for a body the response does not have
    if (method == (hasBody ? "POST" : "GET"))
        return {};
    // A method of letters, digits, '-' and '_' needs no quotes (nothing in it is special to sh).
    const bool plain = std::all_of(method.cbegin(), method.cend(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
    });
    return "-X " + (plain ? method.toByteArray() : shellArgument(method));
}

// -H 'Name: value'; curl's syntax for a field with an empty value is 'Name;'.
QByteArray headerOption(QByteArrayView name, QByteArrayView value) {
    QByteArray field = name.toByteArray();
    if (value.isEmpty()) {
        field += ';';
    } else {
        field += ": ";
        field += value;
    }
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
    if (!head.target().startsWith('/'))
        return head.target().toByteArray();
    return (toGateway ? m_gatewayOrigin : originOf(exchange.record().backendUrl)) +
           head.target().toByteArray();
}

QByteArray CurlCommand::build(const CapturedHead &head, const QByteArray &origin,
                              const CapturedBody &body) const {
    const bool hasBody = !body.bytes.isEmpty();
    QList<QByteArray> options;
    if (const QByteArray method = methodOption(head, hasBody); !method.isEmpty())
        options.append(method);
    if (head.versionMajor() == 1 && head.versionMinor() == 0)
        options.append("--http1.0");
    // An origin-form target goes in the URL; any other form ("*", an absolute URL) is sent as it
    // was with --request-target. --path-as-is keeps "/./" and "/../" segments, --globoff
    // brackets and braces, which curl would otherwise interpret.
    const QByteArrayView target = head.target();
    if (target.startsWith('/')) {
        options.append("--path-as-is");
        if (target.contains('[') || target.contains('{'))
            options.append("--globoff");
        options.append(shellArgument(QByteArray(origin + target.toByteArray())));
    } else {
        options.append(shellArgument(origin));
        options.append("--request-target " + shellArgument(target));
    }

    const QByteArray authority = authorityOf(origin);
    for (const CapturedHead::Field field : head.fields()) {
        if (curlComputes(field))
            continue;
        if (isNamed(field, "Host") && field.value.compare(authority, Qt::CaseInsensitive) == 0)
            continue;
        options.append(headerOption(field.name, m_mask.shown(field.name, field.value)));
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
