// parseCommandLine: what each flag sets, and that every mistake comes back as an error naming
// the flag (main() prints it and exits 2) instead of exiting or being ignored.
#include "commandline.h"

#include <QTest>

class TestCommandLine final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultsRunTheBundledConfigWithTextLog();
    void helpNamesTheProgram();
    void versionAndCheckConfigAreActions();
    void setsEveryRunFlag();
    void exportIsAnAction();
    void haproxyOpensTheWindowOrRunsHeadless();
    void scenarioRunsItsOwnConfig();
    void languageIsOneOfTheTranslations();
    void daemonHasNoLanguage();
    void rejectsBadInput_data();
    void rejectsBadInput();
};

namespace {
CommandLineResult parse(QStringList arguments) {
    arguments.prepend(QStringLiteral("gateway-console"));
    return parseCommandLine(arguments);
}
} // namespace

void TestCommandLine::defaultsRunTheBundledConfigWithTextLog() {
    const CommandLineResult result = parse({});
    QVERIFY2(result.commandLine, qPrintable(result.error));
    QCOMPARE(result.commandLine->action, CommandLine::Action::Run);
    QVERIFY(result.commandLine->configPath.isEmpty());
    QVERIFY(!result.commandLine->headless);
    QCOMPARE(result.commandLine->logFormat, CommandLine::LogFormat::Text);
    QVERIFY(!result.commandLine->overrides.listen);
    QVERIFY(!result.commandLine->overrides.admin);
}

void TestCommandLine::helpNamesTheProgram() {
    const CommandLineResult result = parse({QStringLiteral("--help")});
    QVERIFY2(result.commandLine, qPrintable(result.error));
    QCOMPARE(result.commandLine->action, CommandLine::Action::ShowHelp);
    const QString &help = result.commandLine->helpText;
    QVERIFY2(help.startsWith(QLatin1String("Usage: gateway-console [options]")),
             qPrintable(help.left(80)));
    for (const char *flag :
         {"--config", "--scenario", "--headless", "--listen", "--admin", "--log-format",
          "--check-config", "--screenshot", "--screenshot-size", "--screenshot-view", "--har"})
        QVERIFY2(help.contains(QLatin1String(flag)), flag);
}

void TestCommandLine::versionAndCheckConfigAreActions() {
    CommandLineResult result = parse({QStringLiteral("--version")});
    QVERIFY2(result.commandLine, qPrintable(result.error));
    QCOMPARE(result.commandLine->action, CommandLine::Action::ShowVersion);

    result = parse({QStringLiteral("--check-config"), QStringLiteral("routes.yaml")});
    QVERIFY2(result.commandLine, qPrintable(result.error));
    QCOMPARE(result.commandLine->action, CommandLine::Action::CheckConfig);
    QCOMPARE(result.commandLine->checkConfigPath, QStringLiteral("routes.yaml"));
}

void TestCommandLine::exportIsAnAction() {
    CommandLineResult result =
        parse({QStringLiteral("--export"), QStringLiteral("haproxy"), QStringLiteral("--config"),
               QStringLiteral("routes.yaml"), QStringLiteral("-o"), QStringLiteral("haproxy.cfg"),
               QStringLiteral("--port-offset"), QStringLiteral("1000")});
    QVERIFY2(result.commandLine, qPrintable(result.error));
    QCOMPARE(result.commandLine->action, CommandLine::Action::Export);
    QCOMPARE(result.commandLine->exportFormat, ExportFormat::Haproxy);
    QCOMPARE(result.commandLine->configPath, QStringLiteral("routes.yaml"));
    QCOMPARE(result.commandLine->exportPath, QStringLiteral("haproxy.cfg"));
    QCOMPARE(result.commandLine->overrides.portOffset, 1000);

    // Without -o: stdout; without --config: the bundled config, as a run would.
    result = parse({QStringLiteral("--export"), QStringLiteral("nginx")});
    QVERIFY2(result.commandLine, qPrintable(result.error));
    QCOMPARE(result.commandLine->exportFormat, ExportFormat::Nginx);
    QVERIFY(result.commandLine->exportPath.isEmpty());
    QVERIFY(result.commandLine->configPath.isEmpty());
}

void TestCommandLine::haproxyOpensTheWindowOrRunsHeadless() {
    CommandLineResult result =
        parse({QStringLiteral("--haproxy"), QStringLiteral("haproxy-admin.sock")});
    QVERIFY2(result.commandLine, qPrintable(result.error));
    QCOMPARE(result.commandLine->action, CommandLine::Action::Run);
    QCOMPARE(result.commandLine->haproxyAddress, QStringLiteral("haproxy-admin.sock"));
    QVERIFY(!result.commandLine->headless);
    // The export's log port unless given.
    QCOMPARE(result.commandLine->haproxyLogPort, 5140);
    QVERIFY(!result.commandLine->haproxyLogPortGiven);

    // Headless when asked; the window's picture of a HAProxy.
    result = parse({QStringLiteral("--headless"), QStringLiteral("--haproxy"),
                    QStringLiteral("haproxy-admin.sock")});
    QVERIFY2(result.commandLine, qPrintable(result.error));
    QVERIFY(result.commandLine->headless);
    result = parse({QStringLiteral("--haproxy"), QStringLiteral("haproxy-admin.sock"),
                    QStringLiteral("--screenshot"), QStringLiteral("haproxy.png")});
    QVERIFY2(result.commandLine, qPrintable(result.error));
    QCOMPARE(result.commandLine->screenshotPath, QStringLiteral("haproxy.png"));

    // gatewayd too.
    result =
        parseCommandLine({QStringLiteral("gatewayd"), QStringLiteral("--haproxy=127.0.0.1:9999"),
                          QStringLiteral("--haproxy-log"), QStringLiteral("6000"),
                          QStringLiteral("--log-format"), QStringLiteral("json")},
                         Program::Daemon);
    QVERIFY2(result.commandLine, qPrintable(result.error));
    QCOMPARE(result.commandLine->haproxyAddress, QStringLiteral("127.0.0.1:9999"));
    QCOMPARE(result.commandLine->haproxyLogPort, 6000);
    QVERIFY(result.commandLine->haproxyLogPortGiven);
    QCOMPARE(result.commandLine->logFormat, CommandLine::LogFormat::Json);
}

void TestCommandLine::setsEveryRunFlag() {
    const CommandLineResult result =
        parse({QStringLiteral("--config"), QStringLiteral("gw.yaml"), QStringLiteral("--headless"),
               QStringLiteral("--listen"), QStringLiteral("127.0.0.1:9080"),
               QStringLiteral("--admin=0.0.0.0:9090"), QStringLiteral("--port-offset"),
               QStringLiteral("1000"), QStringLiteral("--log-format"), QStringLiteral("json"),
               QStringLiteral("--har"), QStringLiteral("traffic.har")});
    QVERIFY2(result.commandLine, qPrintable(result.error));
    const CommandLine &commandLine = *result.commandLine;
    QCOMPARE(commandLine.action, CommandLine::Action::Run);
    QCOMPARE(commandLine.configPath, QStringLiteral("gw.yaml"));
    QVERIFY(commandLine.headless);
    QCOMPARE(commandLine.logFormat, CommandLine::LogFormat::Json);
    QVERIFY(commandLine.overrides.listen);
    QCOMPARE(commandLine.overrides.listen->address, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(commandLine.overrides.listen->port, quint16(9080));
    QVERIFY(commandLine.overrides.admin);
    QCOMPARE(commandLine.overrides.admin->address, QHostAddress(QHostAddress::AnyIPv4));
    QCOMPARE(commandLine.overrides.admin->port, quint16(9090));
    QCOMPARE(commandLine.overrides.portOffset, 1000);
    QCOMPARE(commandLine.harPath, QStringLiteral("traffic.har"));

    const CommandLineResult screenshot =
        parse({QStringLiteral("--screenshot"), QStringLiteral("shot.png"),
               QStringLiteral("--log-format"), QStringLiteral("off")});
    QVERIFY2(screenshot.commandLine, qPrintable(screenshot.error));
    QCOMPARE(screenshot.commandLine->screenshotPath, QStringLiteral("shot.png"));
    QCOMPARE(screenshot.commandLine->logFormat, CommandLine::LogFormat::Off);
    QCOMPARE(screenshot.commandLine->screenshotSize, QSize(1280, 800));
    QCOMPARE(screenshot.commandLine->screenshotView, CommandLine::ScreenshotView::Log);

    const CommandLineResult smallest =
        parse({QStringLiteral("--screenshot"), QStringLiteral("shot.png"),
               QStringLiteral("--screenshot-size"), QStringLiteral("800x600")});
    QVERIFY2(smallest.commandLine, qPrintable(smallest.error));
    QCOMPARE(smallest.commandLine->screenshotSize, QSize(800, 600));

    const CommandLineResult inspector =
        parse({QStringLiteral("--screenshot"), QStringLiteral("shot.png"),
               QStringLiteral("--screenshot-view"), QStringLiteral("inspector")});
    QVERIFY2(inspector.commandLine, qPrintable(inspector.error));
    QCOMPARE(inspector.commandLine->screenshotView, CommandLine::ScreenshotView::Inspector);
    const CommandLineResult log =
        parse({QStringLiteral("--screenshot"), QStringLiteral("shot.png"),
               QStringLiteral("--screenshot-view"), QStringLiteral("log")});
    QVERIFY2(log.commandLine, qPrintable(log.error));
    QCOMPARE(log.commandLine->screenshotView, CommandLine::ScreenshotView::Log);
}

void TestCommandLine::scenarioRunsItsOwnConfig() {
    const CommandLineResult result =
        parse({QStringLiteral("--scenario"), QStringLiteral("round-robin")});
    QVERIFY2(result.commandLine, qPrintable(result.error));
    QCOMPARE(result.commandLine->configPath, QStringLiteral(":/scenarios/round-robin.yaml"));
}

void TestCommandLine::languageIsOneOfTheTranslations() {
    QCOMPARE(availableLanguages(), QStringList({"en", "zh_CN"}));
    QVERIFY(parse({}).commandLine->language.isEmpty()); // View → Language or the system's
    for (const QString &language : availableLanguages()) {
        const CommandLineResult result = parse({QStringLiteral("--language"), language});
        QVERIFY2(result.commandLine, qPrintable(result.error));
        QCOMPARE(result.commandLine->language, language);
    }
    const CommandLineResult help = parse({QStringLiteral("--help")});
    QVERIFY(help.commandLine->helpText.contains(QLatin1String("--language <LANGUAGE>")));
}

void TestCommandLine::daemonHasNoLanguage() {
    const CommandLineResult result = parseCommandLine(
        {QStringLiteral("gatewayd"), QStringLiteral("--language"), QStringLiteral("zh_CN")},
        Program::Daemon);
    QVERIFY(!result.commandLine);
    QVERIFY2(result.error.contains(QLatin1String("Unknown option 'language'")),
             qPrintable(result.error));
}

void TestCommandLine::rejectsBadInput_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown flag") << QStringList{"--bogus"} << "Unknown option 'bogus'";
    QTest::newRow("flag without its value") << QStringList{"--config"} << "'--config'";
    QTest::newRow("positional argument")
        << QStringList{"gw.yaml"} << "unexpected argument 'gw.yaml'";
    QTest::newRow("listen without a port") << QStringList{"--listen", "127.0.0.1"} << "--listen: ";
    QTest::newRow("listen with a bad port")
        << QStringList{"--listen", "127.0.0.1:99999"} << "--listen: ";
    QTest::newRow("admin not an address") << QStringList{"--admin", "x:1"} << "--admin: ";
    QTest::newRow("port offset not a number")
        << QStringList{"--port-offset", "x"}
        << "--port-offset: expected a number from 1 to 50000, found 'x'";
    QTest::newRow("port offset zero") << QStringList{"--port-offset", "0"} << "--port-offset: ";
    QTest::newRow("port offset too large")
        << QStringList{"--port-offset", "50001"} << "--port-offset: ";
    QTest::newRow("unknown log format") << QStringList{"--log-format", "xml"}
                                        << "--log-format: expected text, json or off, "
                                           "found 'xml'";
    QTest::newRow("unknown scenario")
        << QStringList{"--scenario", "nope"} << "--scenario: unknown scenario 'nope'";
    QTest::newRow("scenario and config")
        << QStringList{"--scenario", "weighted", "--config", "gw.yaml"}
        << "--scenario runs the scenario's own config";
    QTest::newRow("screenshot headless")
        << QStringList{"--headless", "--screenshot", "s.png"} << "--screenshot needs the window";
    QTest::newRow("screenshot size below the window's minimum")
        << QStringList{"--screenshot", "s.png", "--screenshot-size", "640x420"}
        << "--screenshot-size: expected WIDTHxHEIGHT of at least 800x600";
    QTest::newRow("screenshot size not a size")
        << QStringList{"--screenshot", "s.png", "--screenshot-size", "big"}
        << "--screenshot-size: expected WIDTHxHEIGHT";
    QTest::newRow("screenshot size without a screenshot")
        << QStringList{"--screenshot-size", "800x600"} << "--screenshot-size needs --screenshot";
    QTest::newRow("screenshot view unknown")
        << QStringList{"--screenshot", "s.png", "--screenshot-view", "chart"}
        << "--screenshot-view: unknown view 'chart', expected log or inspector";
    QTest::newRow("screenshot view without a screenshot")
        << QStringList{"--screenshot-view", "inspector"} << "--screenshot-view needs --screenshot";
    QTest::newRow("unknown export engine")
        << QStringList{"--export", "envoy"}
        << "--export: unknown engine 'envoy', expected one of nginx, haproxy";
    QTest::newRow("output without export")
        << QStringList{"-o", "out.conf"} << "-o/--output needs --export";
    QTest::newRow("export and check-config")
        << QStringList{"--export", "nginx", "--check-config", "a.yaml"}
        << "--export and --check-config are two tasks; give one";
    QTest::newRow("export and headless")
        << QStringList{"--export", "nginx", "--headless"}
        << "--export writes a config and exits; --headless is for running the gateway";
    QTest::newRow("export and screenshot")
        << QStringList{"--export", "haproxy", "--screenshot", "s.png"}
        << "--export writes a config and exits; --screenshot is for running the gateway";
    QTest::newRow("check-config and log format")
        << QStringList{"--check-config", "a.yaml", "--log-format", "json"}
        << "--check-config checks a config and exits; --log-format is for running the gateway";
    QTest::newRow("haproxy and config")
        << QStringList{"--haproxy", "a.sock", "--config", "a.yaml"}
        << "--haproxy watches a running HAProxy; it cannot be combined with --config";
    QTest::newRow("haproxy and export")
        << QStringList{"--haproxy", "a.sock", "--export", "haproxy"}
        << "--haproxy watches a running HAProxy; it cannot be combined with --export";
    QTest::newRow("haproxy and har")
        << QStringList{"--headless", "--haproxy", "a.sock", "--har", "t.har"}
        << "--haproxy watches a running HAProxy; it cannot be combined with --har";
    QTest::newRow("haproxy empty")
        << QStringList{"--haproxy="} << "--haproxy: expected SOCKET or HOST:PORT";
    QTest::newRow("haproxy-log alone")
        << QStringList{"--haproxy-log", "5140"} << "--haproxy-log needs --haproxy";
    QTest::newRow("haproxy-log not a port")
        << QStringList{"--haproxy", "a.sock", "--haproxy-log", "0"}
        << "--haproxy-log: expected a port from 1 to 65535, found '0'";
    QTest::newRow("har with the window")
        << QStringList{"--har", "t.har"} << "--har writes what the headless gateway captured";
    QTest::newRow("har with export")
        << QStringList{"--headless", "--export", "nginx", "--har", "t.har"}
        << "--har writes what the headless gateway captured";
    QTest::newRow("unknown language")
        << QStringList{"--language", "fr"}
        << "--language: unknown language 'fr', expected one of en, zh_CN";
    QTest::newRow("language spelled as a locale tag")
        << QStringList{"--language", "zh-CN"} << "--language: unknown language 'zh-CN'";
}

void TestCommandLine::rejectsBadInput() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    const CommandLineResult result = parse(arguments);
    QVERIFY2(!result.commandLine, "accepted");
    QVERIFY2(result.error.contains(error), qPrintable(result.error));
}

// No application object, as in main(), which parses before it knows which one to create.
QTEST_APPLESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
