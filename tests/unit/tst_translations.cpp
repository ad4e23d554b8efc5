// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The translations are complete: every message of every .ts file in translations/ is finished,
// not empty, and has the %-placeholders of its source text, no more and no fewer.
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QXmlStreamReader>

namespace {

struct Message {
    QString context;
    QString source;
    qint64 line = 0;
    bool numerus = false;
    QString type;      // the translation's type attribute: "unfinished", "vanished", …
    QStringList forms; // the translation, or its numerus forms
    bool translationSeen = false;
};

struct TsFile {
    QString language;
    QList<Message> messages;
    QString error;
};

void readTranslation(QXmlStreamReader &xml, Message &message) {
    message.translationSeen = true;
    message.type = xml.attributes().value(QLatin1String("type")).toString();
    if (!message.numerus) {
        message.forms = {xml.readElementText(QXmlStreamReader::IncludeChildElements)};
        return;
    }
    while (xml.readNextStartElement()) {
        if (xml.name() == u"numerusform")
            message.forms.append(xml.readElementText(QXmlStreamReader::IncludeChildElements));
        else
            xml.skipCurrentElement();
    }
}

Message readMessage(QXmlStreamReader &xml, const QString &context) {
    Message message;
    message.context = context;
    message.line = xml.lineNumber();
    message.numerus = xml.attributes().value(QLatin1String("numerus")) == u"yes";
    while (xml.readNextStartElement()) {
        if (xml.name() == u"source")
            message.source = xml.readElementText(QXmlStreamReader::IncludeChildElements);
        else if (xml.name() == u"translation")
            readTranslation(xml, message);
        else
            xml.skipCurrentElement();
    }
    return message;
}

TsFile readTs(const QString &path) {
    TsFile ts;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ts.error = file.errorString();
        return ts;
    }
    QXmlStreamReader xml(&file);
    if (!xml.readNextStartElement() || xml.name() != u"TS") {
        ts.error = QStringLiteral("no <TS> element");
        return ts;
    }
    ts.language = xml.attributes().value(QLatin1String("language")).toString();
    while (xml.readNextStartElement()) {
        if (xml.name() != u"context") {
            xml.skipCurrentElement();
            continue;
        }
        QString context;
        while (xml.readNextStartElement()) {
            if (xml.name() == u"name")
                context = xml.readElementText();
            else if (xml.name() == u"message")
                ts.messages.append(readMessage(xml, context));
            else
                xml.skipCurrentElement();
        }
    }
    if (xml.hasError())
        ts.error = QStringLiteral("line %1: %2").arg(xml.lineNumber()).arg(xml.errorString());
    return ts;
}

// Messages lupdate keeps only for reference: no longer in the sources, not compiled in.
bool isStale(const Message &message) {
    return message.type == u"vanished" || message.type == u"obsolete";
}

QString where(const Message &message) {
    return QStringLiteral("line %1, %2: \"%3\"")
        .arg(message.line)
        .arg(message.context, message.source);
}

// %1…%99 and %n, with %L1 (localized numbers) counting as %1.
QSet<QString> placeholders(const QString &text) {
    static const QRegularExpression kPattern(QStringLiteral("%L?([1-9][0-9]?|n)"));
    QSet<QString> found;
    for (const QRegularExpressionMatch &match : kPattern.globalMatch(text))
        found.insert(QLatin1Char('%') + match.captured(1));
    return found;
}

QString listed(const QSet<QString> &set) {
    QStringList list = set.values();
    list.sort();
    return list.join(QStringLiteral(", "));
}

} // namespace

class TestTranslations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void germanIsThere();
    void fileIsWellFormed_data();
    void fileIsWellFormed();
    void everyMessageIsTranslated_data();
    void everyMessageIsTranslated();
    void placeholdersMatchTheSource_data();
    void placeholdersMatchTheSource();
    void placeholdersAreFound();

private:
    static void addTsFiles();
};

void TestTranslations::addTsFiles() {
    QTest::addColumn<QString>("path");
    const QDir dir(QStringLiteral(EVENTS_TS_DIR));
    const QStringList files = dir.entryList({QStringLiteral("*.ts")}, QDir::Files, QDir::Name);
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << dir.filePath(file);
}

void TestTranslations::germanIsThere() {
    const QString path =
        QDir(QStringLiteral(EVENTS_TS_DIR)).filePath(QStringLiteral("gluster-events-admin_de.ts"));
    QVERIFY2(QFile::exists(path), qPrintable(path));
    const TsFile ts = readTs(path);
    QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
    QCOMPARE(ts.language, QStringLiteral("de"));
    QVERIFY(!ts.messages.isEmpty());
}

void TestTranslations::fileIsWellFormed_data() {
    addTsFiles();
}

void TestTranslations::fileIsWellFormed() {
    QFETCH(QString, path);
    const TsFile ts = readTs(path);
    QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
    QVERIFY2(!ts.language.isEmpty(), "the <TS> element names no language");
    QStringList problems;
    for (const Message &message : ts.messages) {
        if (message.source.isEmpty())
            problems.append(QStringLiteral("line %1, %2: no source text")
                                .arg(message.line)
                                .arg(message.context));
        else if (!message.translationSeen)
            problems.append(where(message) + QStringLiteral(" has no <translation>"));
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void TestTranslations::everyMessageIsTranslated_data() {
    addTsFiles();
}

void TestTranslations::everyMessageIsTranslated() {
    QFETCH(QString, path);
    const TsFile ts = readTs(path);
    QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
    QStringList problems;
    for (const Message &message : ts.messages) {
        if (isStale(message))
            continue;
        if (message.type == u"unfinished")
            problems.append(where(message) + QStringLiteral(" is unfinished"));
        if (message.forms.isEmpty())
            problems.append(where(message) + QStringLiteral(" has no numerus forms"));
        for (int i = 0; i < message.forms.size(); ++i) {
            if (message.forms.at(i).trimmed().isEmpty())
                problems.append(where(message) +
                                (message.numerus
                                     ? QStringLiteral(" has an empty numerus form %1").arg(i + 1)
                                     : QStringLiteral(" has an empty translation")));
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void TestTranslations::placeholdersMatchTheSource_data() {
    addTsFiles();
}

void TestTranslations::placeholdersMatchTheSource() {
    QFETCH(QString, path);
    const TsFile ts = readTs(path);
    QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
    QStringList problems;
    for (const Message &message : ts.messages) {
        if (isStale(message))
            continue;
        const QSet<QString> expected = placeholders(message.source);
        for (const QString &form : message.forms) {
            if (form.isEmpty())
                continue; // everyMessageIsTranslated reports it
            const QSet<QString> actual = placeholders(form);
            const QSet<QString> lacking = expected - actual;
            const QSet<QString> added = actual - expected;
            if (!lacking.isEmpty())
                problems.append(where(message) +
                                QStringLiteral(" lacks %1 in \"%2\"").arg(listed(lacking), form));
            if (!added.isEmpty())
                problems.append(where(message) +
                                QStringLiteral(" adds %1 in \"%2\"").arg(listed(added), form));
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

// The checker itself: what counts as a placeholder.
void TestTranslations::placeholdersAreFound() {
    QCOMPARE(placeholders(QStringLiteral("%1 cannot be reached: %2")),
             (QSet<QString>{QStringLiteral("%1"), QStringLiteral("%2")}));
    QCOMPARE(placeholders(QStringLiteral("OK (%n events)")), QSet<QString>{QStringLiteral("%n")});
    QCOMPARE(placeholders(QStringLiteral("%L1 of %12")),
             (QSet<QString>{QStringLiteral("%1"), QStringLiteral("%12")}));
    QCOMPARE(placeholders(QStringLiteral("%1 and %1 again")), QSet<QString>{QStringLiteral("%1")});
    QVERIFY(placeholders(QStringLiteral("100 % sure, %0, %x")).isEmpty());
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
