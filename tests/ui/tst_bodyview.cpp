#include "inspector/bodyview.h"

#include "inspect/contentcoding.h"
#include "model/capturedheadbuilder.h"

#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QImage>
#include <QLineEdit>
#include <QMainWindow>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

// A body as the details pane's Request Body and Response Body tabs show it (README, "Inspecting
// traffic", bodies).
class TestBodyView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void jsonIsPrettyPrinted();
    void formFieldsOneALine();
    void textInItsCharset();
    void binaryAsHexDump();
    void gzipIsDecodedAndSaysSo();
    void imageIsPreviewed();
    void cutImageFallsBackToHex();
    void noBodyAndNotCapturedSaySo();
    void truncatedAndEvictedSaySo();
    void copyTakesTheWholeBody();
    void ctrlFSearchesTheBodyNotTheWindow();
};

namespace {
CapturedHead headWith(std::initializer_list<std::pair<QByteArrayView, QByteArrayView>> fields) {
    return CapturedHeadBuilder().statusLine(200, "OK").fields(fields).build();
}

CapturedBody whole(const QByteArray &bytes) {
    return CapturedBody::fromBytes(bytes, 1 << 20);
}

QByteArray pngOf(int width, int height) {
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(Qt::red);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}
} // namespace

void TestBodyView::jsonIsPrettyPrinted() {
    BodyView view;
    view.showBody(headWith({{"Content-Type", "application/json"}}),
                  whole(R"({"b":1,"a":[true,12345678901234567890]})"));
    QCOMPARE(view.shownText(), QStringLiteral("{\n  \"b\": 1,\n  \"a\": [\n    true,\n"
                                              "    12345678901234567890\n  ]\n}"));
    QVERIFY2(view.infoText().startsWith(QStringLiteral("JSON, 39 B")), qPrintable(view.infoText()));
}

void TestBodyView::formFieldsOneALine() {
    BodyView view;
    view.showBody(headWith({{"Content-Type", "application/x-www-form-urlencoded"}}),
                  whole("name=O%27Brien&city=New+York&name=2"));
    QCOMPARE(view.shownText(), QStringLiteral("name = O'Brien\ncity = New York\nname = 2"));
    QVERIFY(view.infoText().startsWith(QStringLiteral("Form fields")));
}

void TestBodyView::textInItsCharset() {
    BodyView view;
    view.showBody(headWith({{"Content-Type", "text/plain; charset=ISO-8859-1"}}), whole("gr\xfc\xdf"
                                                                                        "e"));
    QCOMPARE(view.shownText(), QStringLiteral("grüße"));
    QVERIFY2(view.infoText().startsWith(QStringLiteral("Text in iso-8859-1")),
             qPrintable(view.infoText()));
}

void TestBodyView::binaryAsHexDump() {
    BodyView view;
    view.showBody(headWith({{"Content-Type", "application/octet-stream"}}),
                  whole(QByteArray("\x00\x01\x02\xffZ", 5)));
    QCOMPARE(
        view.shownText(),
        QStringLiteral("00000000  00 01 02 ff 5a                                    |....Z|\n"));
    QVERIFY(view.infoText().startsWith(QStringLiteral("Binary, as hex")));
}

void TestBodyView::gzipIsDecodedAndSaysSo() {
    BodyView view;
    const QByteArray json = R"({"ok":true})";
    const QByteArray gzipped = encodeContent(json, ContentCoding::Gzip);
    view.showBody(headWith({{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}}),
                  whole(gzipped));
    QCOMPARE(view.shownText(), QStringLiteral("{\n  \"ok\": true\n}"));
    // The size is what is shown, the wire's is in the note.
    QCOMPARE(
        view.infoText(),
        QStringLiteral("JSON, 11 B. Decoded from gzip (%1 B on the wire).").arg(gzipped.size()));

    const QByteArray deflated = encodeContent("plain words", ContentCoding::Deflate);
    view.showBody(headWith({{"Content-Type", "text/plain"}, {"Content-Encoding", "deflate"}}),
                  whole(deflated));
    QCOMPARE(view.shownText(), QStringLiteral("plain words"));
    QVERIFY(view.infoText().contains(QStringLiteral("Decoded from deflate")));
}

void TestBodyView::imageIsPreviewed() {
    BodyView view;
    view.showBody(headWith({{"Content-Type", "image/png"}}), whole(pngOf(7, 5)));
    QVERIFY(view.isShowingImage());
    QCOMPARE(view.shownImage().size(), QSize(7, 5));
    QVERIFY2(view.infoText().startsWith(QStringLiteral("Image, 7×5")), qPrintable(view.infoText()));
}

void TestBodyView::cutImageFallsBackToHex() {
    BodyView view;
    const QByteArray png = pngOf(40, 40);
    view.showBody(headWith({{"Content-Type", "image/png"}}), CapturedBody::fromBytes(png, 16));
    QVERIFY(!view.isShowingImage());
    QVERIFY(view.shownText().startsWith(QStringLiteral("00000000  89 50 4e 47")));
    QVERIFY2(
        view.infoText().contains(QStringLiteral("Truncated at 16 of %1 bytes").arg(png.size())),
        qPrintable(view.infoText()));
}

void TestBodyView::noBodyAndNotCapturedSaySo() {
    BodyView view;
    view.showBody(headWith({}), CapturedBody());
    QCOMPARE(view.infoText(), QStringLiteral("No body."));
    QVERIFY(view.shownText().isEmpty());
    view.showNothing(QStringLiteral("Not captured."));
    QCOMPARE(view.infoText(), QStringLiteral("Not captured."));
}

void TestBodyView::truncatedAndEvictedSaySo() {
    BodyView view;
    view.showBody(headWith({{"Content-Type", "text/plain"}}),
                  CapturedBody::fromBytes(QByteArray(3000, 'x'), 1024));
    QVERIFY2(view.infoText().contains(QStringLiteral("Truncated at 1,024 of 3,000 bytes")),
             qPrintable(view.infoText()));
    QCOMPARE(view.shownText().size(), 1024);

    CapturedBody evicted;
    evicted.wholeSize = 3000;
    evicted.evicted = true;
    view.showBody(headWith({{"Content-Type", "text/plain"}}), evicted);
    QVERIFY2(view.infoText().startsWith(QStringLiteral("Evicted")), qPrintable(view.infoText()));
    QVERIFY(view.shownText().isEmpty());
}

void TestBodyView::copyTakesTheWholeBody() {
    BodyView view;
    view.showBody(headWith({{"Content-Type", "text/plain"}}), whole("line one\nline two"));
    QApplication::clipboard()->clear();
    view.copyButton()->click();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("line one\nline two"));
}

void TestBodyView::ctrlFSearchesTheBodyNotTheWindow() {
    // In a window whose Ctrl+F goes elsewhere (the log's filter box), as in the console.
    QMainWindow window;
    auto *view = new BodyView;
    window.setCentralWidget(view);
    auto *windowFind = new QAction(&window);
    windowFind->setShortcut(QKeySequence::Find);
    window.addAction(windowFind);
    QSignalSpy windowFound(windowFind, &QAction::triggered);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    view->showBody(headWith({{"Content-Type", "text/plain"}}), whole("alpha beta\ngamma beta"));
    auto *text = view->findChild<QPlainTextEdit *>();
    text->setFocus();
    QTRY_VERIFY(text->hasFocus());

    QTest::keyClick(text, Qt::Key_F, Qt::ControlModifier);
    QCOMPARE(windowFound.count(), 0);
    QTRY_VERIFY(view->searchEdit()->hasFocus());
    QTest::keyClicks(view->searchEdit(), QStringLiteral("beta"));
    QCOMPARE(text->textCursor().selectedText(), QStringLiteral("beta"));
    QCOMPARE(text->textCursor().selectionStart(), 6);
    QTest::keyClick(view->searchEdit(), Qt::Key_Return);
    QCOMPARE(text->textCursor().selectionStart(), 17);
    QTest::keyClick(view->searchEdit(), Qt::Key_Return); // wraps around
    QCOMPARE(text->textCursor().selectionStart(), 6);
    view->searchEdit()->setText(QStringLiteral("delta"));
    QVERIFY(!view->findNext());

    // Outside the body, Ctrl+F is the window's again.
    window.setFocus();
    auto *elsewhere = new QLineEdit;
    window.setMenuWidget(elsewhere);
    elsewhere->setFocus();
    QTRY_VERIFY(elsewhere->hasFocus());
    QTest::keyClick(elsewhere, Qt::Key_F, Qt::ControlModifier);
    QCOMPARE(windowFound.count(), 1);
}

QTEST_MAIN(TestBodyView)
#include "tst_bodyview.moc"
