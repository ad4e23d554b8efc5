// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// Text from events, receivers, peers and daemons is shown literally everywhere in the GUI: an
// event message or an error with "<h1>x</h1>" shows those characters, in labels and tooltips
// alike, and never renders as a heading.
#include "clusterresult.h"
#include "liveeventsmodel.h"
#include "mainwindow.h"
#include "resultdialog.h"

#include <QApplication>
#include <QLabel>
#include <QTest>
#include <QTextDocument>

namespace {

const QString kMarkup = QStringLiteral("<h1>x</h1><img src=\"file:///etc/passwd\">");

// What a QLabel or tooltip in Qt's default (automatic) text format shows for `text`.
QString shownAsAutoText(const QString &text) {
    QTextDocument document;
    if (Qt::mightBeRichText(text))
        document.setHtml(text);
    else
        document.setPlainText(text);
    return document.toPlainText();
}

} // namespace

class TestPlainText : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void liveEventTooltipShowsMarkupLiterally();
    void resultDialogShowsErrorsAndNotesLiterally();
    void mainWindowLabelsArePlainText();
};

void TestPlainText::liveEventTooltipShowsMarkupLiterally() {
    LiveEventsModel model(10);
    model.append({{1, QStringLiteral("VOLUME_CREATE"), QStringLiteral("<b>node</b>"), kMarkup,
                   QByteArray()}});
    for (const int column : {int(LiveEventsModel::Node), int(LiveEventsModel::Message)}) {
        const QModelIndex index = model.index(0, column);
        const QString display = model.data(index, Qt::DisplayRole).toString();
        const QString tip = model.data(index, Qt::ToolTipRole).toString();
        QCOMPARE(shownAsAutoText(tip), display);
    }
    QCOMPARE(model.data(model.index(0, LiveEventsModel::Message), Qt::DisplayRole).toString(),
             kMarkup);
}

void TestPlainText::resultDialogShowsErrorsAndNotesLiterally() {
    ClusterResult failed;
    failed.refusal = Refusal::BadValue;
    failed.error = kMarkup;
    const ResultDialog refused(QStringLiteral("Add webhook"), failed);
    auto *error = refused.findChild<QLabel *>(QStringLiteral("error"));
    QVERIFY(error);
    QCOMPARE(error->text(), kMarkup);
    QCOMPARE(error->textFormat(), Qt::PlainText);

    ClusterResult done;
    done.notes = {kMarkup};
    const ResultDialog noted(QStringLiteral("Add webhook"), done);
    const auto labels = noted.findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.begin(), labels.end(),
                        [](const QLabel *label) { return label->text() == kMarkup; }));
    for (const QLabel *label : labels)
        QCOMPARE(label->textFormat(), Qt::PlainText);
}

void TestPlainText::mainWindowLabelsArePlainText() {
    // The status bar shows errors that carry peers' and daemons' words.
    const MainWindow window;
    const auto labels = window.findChildren<QLabel *>();
    QVERIFY(!labels.isEmpty());
    for (const QLabel *label : labels) {
        // Labels of form rows name fields in our own words; they are buddies of their field.
        if (label->buddy())
            continue;
        QVERIFY2(label->textFormat() == Qt::PlainText, qPrintable(label->objectName()));
    }
}

QTEST_MAIN(TestPlainText)
#include "tst_plaintext.moc"
