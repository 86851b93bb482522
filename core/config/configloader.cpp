#include "config/configloader.h"

#include "config/configreader.h"
#include "config/yamlfieldreader.h"

#include <QFile>
#include <exception>
#include <optional>
#include <sstream>
#include <string>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/node/impl.h>
#include <yaml-cpp/node/parse.h>
#include <yaml-cpp/parser.h>

namespace {

// A config file is a page or two; refusing huge input keeps a mistaken path (a log, an image)
// from being parsed at length.
constexpr qint64 maxConfigBytes = 4 * 1024 * 1024;

ConfigLoadResult failure(const QString &fileName, const QString &message) {
    return {std::nullopt, {{fileName, 0, 0, message}}};
}

// Notes where the current document starts: at its first node, or where the document itself
// begins when it holds only a null.
class DocumentStart final : public YAML::EventHandler {
public:
    YAML::Mark mark() const { return m_content.value_or(m_document); }
    bool hasContent() const { return m_content.has_value(); }

    void OnDocumentStart(const YAML::Mark &mark) override {
        m_document = mark;
        m_content.reset();
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark &, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark &mark, YAML::anchor_t) override { noteContent(mark); }
    void OnScalar(const YAML::Mark &mark, const std::string &, YAML::anchor_t,
                  const std::string &) override {
        noteContent(mark);
    }
    void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {
        noteContent(mark);
    }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {
        noteContent(mark);
    }
    void OnMapEnd() override {}

private:
    void noteContent(const YAML::Mark &mark) {
        if (!m_content)
            m_content = mark;
    }

    YAML::Mark m_document;
    std::optional<YAML::Mark> m_content;
};

// Where a second document starts, if a non-empty first one is followed by another. Not
// YAML::LoadAll(): in yaml-cpp 0.7 it loops for ever on input such as "," (the parser reports
// the same empty document again and again; jbeder/yaml-cpp#1040, fixed upstream after 0.7 by
// #1319). Asking for at most two documents cannot loop.
std::optional<YAML::Mark> secondDocumentStart(const std::string &text) {
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    DocumentStart start;
    if (!parser.HandleNextDocument(start) || !start.hasContent())
        return std::nullopt;
    if (!parser.HandleNextDocument(start))
        return std::nullopt;
    return start.mark();
}

} // namespace

QString ConfigError::toString() const {
    if (line <= 0)
        return file + QStringLiteral(": ") + message;
    return QStringLiteral("%1:%2:%3: %4")
        .arg(file, QString::number(line), QString::number(column), message);
}

ConfigLoadResult loadConfigFile(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failure(path,
                       QStringLiteral("cannot read the config file: %1").arg(file.errorString()));
    const QByteArray contents = file.read(maxConfigBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return failure(path,
                       QStringLiteral("cannot read the config file: %1").arg(file.errorString()));
    if (contents.size() > maxConfigBytes) {
        return failure(path, QStringLiteral("the config file is larger than %1 MiB, expected a "
                                            "small YAML file")
                                 .arg(maxConfigBytes / (1024 * 1024)));
    }
    return loadConfigText(contents, path);
}

ConfigLoadResult loadConfigText(const QByteArray &yaml, const QString &fileName) {
    // The edge where yaml-cpp's exceptions become values (docs/CONVENTIONS.md, "Errors are
    // values"): nothing escapes.
    YamlFieldReader fields(fileName);
    GatewayConfig config;
    try {
        const std::string text(yaml.constData(), size_t(yaml.size()));
        const YAML::Node root = YAML::Load(text);
        if (const std::optional<YAML::Mark> second = secondDocumentStart(text)) {
            fields.addError(*second, QStringLiteral("expected one YAML document, found a second "
                                                    "one (after ---)"));
        } else if (root.IsNull()) {
            fields.addError(YAML::Mark(),
                            QStringLiteral("the file is empty: expected a mapping with at least a "
                                           "routes: list"));
        } else {
            config = ConfigReader(fields).read(root);
        }
    } catch (const YAML::ParserException &error) {
        fields.addError(
            error.mark,
            QStringLiteral("YAML syntax error: %1").arg(QString::fromStdString(error.msg)));
    } catch (const YAML::Exception &error) {
        fields.addError(
            error.mark,
            QStringLiteral("cannot read the YAML: %1").arg(QString::fromStdString(error.msg)));
    } catch (const std::exception &error) {
        fields.addError(
            YAML::Mark::null_mark(),
            QStringLiteral("cannot read the YAML: %1").arg(QString::fromUtf8(error.what())));
    }

    ConfigLoadResult result;
    result.errors = fields.errors();
    if (result.errors.isEmpty()) {
        config.sourceFile = fileName;
        result.config = config;
    }
    return result;
}
