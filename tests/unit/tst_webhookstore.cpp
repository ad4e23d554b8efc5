// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "testfiles.h"
#include "webhookstore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <sys/stat.h>

namespace {

Webhook webhook(const QString &url, const QString &token, const QString &secret) {
    Webhook result;
    result.url = url;
    result.token = token;
    result.secret = secret;
    return result;
}

} // namespace

class TestWebhookStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void loadsBareStringAsToken();
    void shownUrlNeverHoldsAPassword();
    void loadsTokenAndSecretObject();
    void loadsObjectWithoutOrWithNullFields();
    void missingFileIsNoWebhooks();
    void saveWritesTokenAndSecretAlways();
    void saveReplacesPreviousWebhooks();
    void saveCreatesMissingDirectory();
    void keepsExtraFieldsOnRoundTrip();
    void saveMakesFilePrivate();
    void jsonRoundTripsEveryWebhook();
    void acceptsHttpUrl_data();
    void acceptsHttpUrl();
    void rejectsInvalidUrl_data();
    void rejectsInvalidUrl();
    void rejectsUnusableFile_data();
    void rejectsUnusableFile();
    void skipsEntryItCannotUse_data();
    void skipsEntryItCannotUse();
    void writesSkippedEntryBackAsItWas();
    void problemShowsNoPasswordAndCannotStartALogLine();
    void fromJsonStillRejectsWhatLoadSkips_data();
    void fromJsonStillRejectsWhatLoadSkips();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_file;
};

void TestWebhookStore::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_file = m_dir->filePath(QStringLiteral("webhooks.json"));
}

void TestWebhookStore::loadsBareStringAsToken() {
    const QByteArray json = R"({"http://receiver.example:9000/listen": "tok"})";
    QVERIFY(writeFile(m_file, json));
    const auto webhooks = WebhookStore::load(m_file);
    QVERIFY2(webhooks.ok(), qPrintable(webhooks.error()));
    QCOMPARE(webhooks->webhooks.size(), 1);
    QVERIFY(webhooks->skipped.isEmpty());
    QVERIFY(webhooks->problems.isEmpty());
    const Webhook hook =
        webhooks->webhooks.value(QStringLiteral("http://receiver.example:9000/listen"));
    QCOMPARE(hook.url, QStringLiteral("http://receiver.example:9000/listen"));
    QCOMPARE(hook.token, QStringLiteral("tok"));
    QVERIFY(hook.secret.isEmpty());
    QVERIFY(hook.extra.isEmpty());
}

void TestWebhookStore::loadsTokenAndSecretObject() {
    const QByteArray json = R"({
        "http://a.example/hook": {"token": "t1", "secret": "s1"},
        "https://b.example/hook": "t2"
    })";
    QVERIFY(writeFile(m_file, json));
    const auto webhooks = WebhookStore::load(m_file);
    QVERIFY2(webhooks.ok(), qPrintable(webhooks.error()));
    QCOMPARE(webhooks->webhooks.size(), 2);
    QCOMPARE(webhooks->webhooks.value(QStringLiteral("http://a.example/hook")),
             webhook(QStringLiteral("http://a.example/hook"), QStringLiteral("t1"),
                     QStringLiteral("s1")));
    QCOMPARE(webhooks->webhooks.value(QStringLiteral("https://b.example/hook")),
             webhook(QStringLiteral("https://b.example/hook"), QStringLiteral("t2"), QString()));
}

void TestWebhookStore::loadsObjectWithoutOrWithNullFields() {
    const QByteArray json = R"({
        "http://a.example/": {},
        "http://b.example/": {"token": null, "secret": null},
        "http://c.example/": {"secret": "only"},
        "http://d.example/": ""
    })";
    QVERIFY(writeFile(m_file, json));
    const auto webhooks = WebhookStore::load(m_file);
    QVERIFY2(webhooks.ok(), qPrintable(webhooks.error()));
    QCOMPARE(webhooks->webhooks.size(), 4);
    for (const Webhook &hook : webhooks->webhooks) {
        QVERIFY(hook.token.isEmpty());
        QVERIFY(hook.extra.isEmpty());
    }
    QCOMPARE(webhooks->webhooks.value(QStringLiteral("http://c.example/")).secret,
             QStringLiteral("only"));
}

void TestWebhookStore::missingFileIsNoWebhooks() {
    const auto webhooks = WebhookStore::load(m_dir->filePath(QStringLiteral("absent.json")));
    QVERIFY2(webhooks.ok(), qPrintable(webhooks.error()));
    QVERIFY(webhooks->webhooks.isEmpty());
    QVERIFY(webhooks->skipped.isEmpty());
    QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("absent.json"))));
}

void TestWebhookStore::saveWritesTokenAndSecretAlways() {
    WebhookMap webhooks;
    webhooks.insert(QStringLiteral("http://a.example/"),
                    webhook(QStringLiteral("http://a.example/"), QString(), QString()));
    webhooks.insert(QStringLiteral("http://b.example/"),
                    webhook(QStringLiteral("http://b.example/"), QStringLiteral("tok"), QString()));
    webhooks.insert(QStringLiteral("http://c.example/"),
                    webhook(QStringLiteral("http://c.example/"), QString(), QStringLiteral("sec")));
    const Status saved = WebhookStore::save(m_file, webhooks);
    QVERIFY2(saved.ok(), qPrintable(saved.error()));

    const QJsonObject written = readJson(m_file);
    const QJsonObject expected{
        {QStringLiteral("http://a.example/"),
         QJsonObject{{QStringLiteral("token"), QString()}, {QStringLiteral("secret"), QString()}}},
        {QStringLiteral("http://b.example/"),
         QJsonObject{{QStringLiteral("token"), QStringLiteral("tok")},
                     {QStringLiteral("secret"), QString()}}},
        {QStringLiteral("http://c.example/"),
         QJsonObject{{QStringLiteral("token"), QString()},
                     {QStringLiteral("secret"), QStringLiteral("sec")}}},
    };
    QCOMPARE(written, expected);
    // Empty strings, not nulls: the original's CLI reads them as strings.
    QVERIFY(written.value(QStringLiteral("http://a.example/"))
                .toObject()
                .value(QStringLiteral("token"))
                .isString());
}

void TestWebhookStore::saveReplacesPreviousWebhooks() {
    const QByteArray json = R"({"http://old.example/": "t"})";
    QVERIFY(writeFile(m_file, json));
    WebhookMap webhooks;
    webhooks.insert(QStringLiteral("http://new.example/"),
                    webhook(QStringLiteral("http://new.example/"), QStringLiteral("t"), QString()));
    QVERIFY(WebhookStore::save(m_file, webhooks));
    const auto loaded = WebhookStore::load(m_file);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    QCOMPARE(loaded->webhooks.keys(), QStringList{QStringLiteral("http://new.example/")});

    QVERIFY(WebhookStore::save(m_file, WebhookMap()));
    QCOMPARE(readJson(m_file), QJsonObject());
    const auto empty = WebhookStore::load(m_file);
    QVERIFY2(empty.ok(), qPrintable(empty.error()));
    QVERIFY(empty->webhooks.isEmpty());
}

void TestWebhookStore::saveCreatesMissingDirectory() {
    const QString nested = m_dir->filePath(QStringLiteral("workdir/events/webhooks.json"));
    WebhookMap webhooks;
    webhooks.insert(QStringLiteral("http://a.example/"),
                    webhook(QStringLiteral("http://a.example/"), QStringLiteral("t"), QString()));
    const Status saved = WebhookStore::save(nested, webhooks);
    QVERIFY2(saved.ok(), qPrintable(saved.error()));
    const auto loaded = WebhookStore::load(nested);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    QCOMPARE(loaded->webhooks, webhooks);
}

void TestWebhookStore::keepsExtraFieldsOnRoundTrip() {
    const QJsonObject original{
        {QStringLiteral("https://a.example/hook"),
         QJsonObject{{QStringLiteral("token"), QStringLiteral("t")},
                     {QStringLiteral("secret"), QStringLiteral("s")},
                     {QStringLiteral("filter"), QJsonArray{QStringLiteral("VOLUME_CREATE")}},
                     {QStringLiteral("enabled"), false},
                     {QStringLiteral("ca"), QStringLiteral("/etc/ssl/receiver.pem")},
                     {QStringLiteral("nested"), QJsonObject{{QStringLiteral("x"), 1}}}}},
    };
    QVERIFY(writeFile(m_file, QJsonDocument(original).toJson()));
    const auto loaded = WebhookStore::load(m_file);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    const Webhook hook = loaded->webhooks.value(QStringLiteral("https://a.example/hook"));
    QCOMPARE(hook.token, QStringLiteral("t"));
    QCOMPARE(hook.secret, QStringLiteral("s"));
    QCOMPARE(hook.extra.size(), 4);
    QVERIFY(!hook.extra.contains(QStringLiteral("token")));
    QVERIFY(!hook.extra.contains(QStringLiteral("secret")));

    QVERIFY(WebhookStore::save(m_file, loaded->webhooks));
    QCOMPARE(readJson(m_file), original);
}

void TestWebhookStore::saveMakesFilePrivate() {
    // Even a file that was world-readable before: it holds tokens and secrets.
    QVERIFY(writeFile(m_file, "{}"));
    QVERIFY(::chmod(QFile::encodeName(m_file).constData(), 0644) == 0);
    WebhookMap webhooks;
    webhooks.insert(
        QStringLiteral("http://a.example/"),
        webhook(QStringLiteral("http://a.example/"), QStringLiteral("t"), QStringLiteral("s")));
    QVERIFY(WebhookStore::save(m_file, webhooks));
    QCOMPARE(modeOf(m_file), 0600);

    const QString fresh = m_dir->filePath(QStringLiteral("fresh.json"));
    QVERIFY(WebhookStore::save(fresh, webhooks));
    QCOMPARE(modeOf(fresh), 0600);
}

void TestWebhookStore::jsonRoundTripsEveryWebhook() {
    WebhookMap webhooks;
    Webhook withExtra = webhook(QStringLiteral("https://a.example:8443/x?y=1"),
                                QStringLiteral("t\u00f6k"), QStringLiteral("s"));
    withExtra.extra.insert(QStringLiteral("filter"), QJsonArray{QStringLiteral("PEER_ATTACH")});
    webhooks.insert(withExtra.url, withExtra);
    webhooks.insert(QStringLiteral("http://[::1]:9000/"),
                    webhook(QStringLiteral("http://[::1]:9000/"), QString(), QString()));

    const auto back =
        WebhookStore::fromJson(WebhookStore::toJson(webhooks), QStringLiteral("test"));
    QVERIFY2(back.ok(), qPrintable(back.error()));
    QCOMPARE(*back, webhooks);
}

void TestWebhookStore::acceptsHttpUrl_data() {
    QTest::addColumn<QString>("url");
    QTest::newRow("http") << QStringLiteral("http://example.com");
    QTest::newRow("http with path") << QStringLiteral("http://example.com/listen");
    QTest::newRow("https with port and query")
        << QStringLiteral("https://example.com:8443/hook?x=1&y=2");
    QTest::newRow("ipv4") << QStringLiteral("http://127.0.0.1:9000/listen");
    QTest::newRow("ipv6") << QStringLiteral("http://[::1]:8080/");
    QTest::newRow("upper-case scheme") << QStringLiteral("HTTP://EXAMPLE.COM/");
    QTest::newRow("user info") << QStringLiteral("https://user:pw@example.com/");
}

void TestWebhookStore::acceptsHttpUrl() {
    QFETCH(QString, url);
    const Status valid = WebhookStore::validateUrl(url);
    QVERIFY2(valid.ok(), qPrintable(valid.error()));
}

void TestWebhookStore::rejectsInvalidUrl_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("reason");
    QTest::newRow("ftp") << QStringLiteral("ftp://example.com/hook")
                         << QStringLiteral("not an http:// or https:// URL");
    QTest::newRow("file") << QStringLiteral("file:///tmp/hook")
                          << QStringLiteral("not an http:// or https:// URL");
    QTest::newRow("not a url") << QStringLiteral("not a url") << QString();
    QTest::newRow("bare host") << QStringLiteral("example.com") << QString();
    QTest::newRow("scheme-relative") << QStringLiteral("//example.com/hook") << QString();
    QTest::newRow("http without host") << QStringLiteral("http://") << QString();
    QTest::newRow("https without host") << QStringLiteral("https:///path") << QString();
    QTest::newRow("space in host") << QStringLiteral("http://exa mple.com/") << QString();
    QTest::newRow("bad port") << QStringLiteral("http://example.com:99999/") << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestWebhookStore::rejectsInvalidUrl() {
    QFETCH(QString, url);
    QFETCH(QString, reason);
    const Status valid = WebhookStore::validateUrl(url);
    QVERIFY(!valid.ok());
    QVERIFY(!valid.error().isEmpty());
    QVERIFY2(valid.error().contains(url), qPrintable(valid.error()));
    QVERIFY2(valid.error().contains(reason), qPrintable(valid.error()));
}

void TestWebhookStore::rejectsUnusableFile_data() {
    QTest::addColumn<QByteArray>("content"); // a null array stands for a directory
    QTest::addColumn<QString>("reason");
    QTest::newRow("corrupt JSON") << QByteArray(R"({"http://a.example/": )")
                                  << QStringLiteral("not valid JSON");
    QTest::newRow("empty file") << QByteArray("") << QStringLiteral("empty");
    QTest::newRow("only whitespace") << QByteArrayLiteral("\n\n") << QStringLiteral("empty");
    QTest::newRow("top-level array")
        << QByteArray(R"(["http://a.example/"])") << QStringLiteral("JSON object");
    QTest::newRow("a directory") << QByteArray() << QStringLiteral("directory");
}

void TestWebhookStore::rejectsUnusableFile() {
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    if (content.isNull())
        QVERIFY(QDir().mkpath(m_file));
    else
        QVERIFY(writeFile(m_file, content));
    const auto webhooks = WebhookStore::load(m_file);
    QVERIFY(!webhooks.ok());
    QVERIFY2(webhooks.error().contains(m_file), qPrintable(webhooks.error()));
    QVERIFY2(webhooks.error().contains(reason), qPrintable(webhooks.error()));
}

namespace {

// Entries that cannot receive events: the JSON value for the URL, and the reason the problem
// gives.
void addUnusableEntries() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("reason");
    const QString good = QStringLiteral("http://a.example/");
    QTest::newRow("ftp URL") << QStringLiteral("ftp://files.example/drop")
                             << QByteArrayLiteral(R"({"token": "t", "secret": ""})")
                             << QStringLiteral("not an http:// or https:// URL");
    QTest::newRow("relative URL") << QStringLiteral("/listen") << QByteArrayLiteral(R"("t")")
                                  << QStringLiteral("not an http:// or https:// URL");
    QTest::newRow("no host") << QStringLiteral("http:///listen") << QByteArrayLiteral(R"("t")")
                             << QStringLiteral("no host in the URL");
    QTest::newRow("not a URL") << QStringLiteral("http://exa mple/") << QByteArrayLiteral(R"("t")")
                               << QStringLiteral("not a valid URL");
    const QString token = QStringLiteral("token or secret not a string");
    QTest::newRow("numeric token") << good << QByteArrayLiteral(R"({"token": 5})") << token;
    QTest::newRow("boolean secret")
        << good << QByteArrayLiteral(R"({"token": "t", "secret": true})") << token;
    QTest::newRow("array token") << good << QByteArrayLiteral(R"({"token": ["t"]})") << token;
    QTest::newRow("object secret") << good << QByteArrayLiteral(R"({"secret": {"s": 1}})") << token;
    const QString value = QStringLiteral("value neither an object nor a token string");
    QTest::newRow("bare number") << good << QByteArrayLiteral("5") << value;
    QTest::newRow("bare array") << good << QByteArrayLiteral(R"(["t", "s"])") << value;
    QTest::newRow("bare boolean") << good << QByteArrayLiteral("true") << value;
    QTest::newRow("null") << good << QByteArrayLiteral("null") << value;
}

QJsonValue jsonValue(const QByteArray &text) {
    return QJsonDocument::fromJson("[" + text + "]").array().at(0);
}

} // namespace

void TestWebhookStore::skipsEntryItCannotUse_data() {
    addUnusableEntries();
}

void TestWebhookStore::skipsEntryItCannotUse() {
    QFETCH(QString, url);
    QFETCH(QByteArray, value);
    QFETCH(QString, reason);
    const QString usable = QStringLiteral("http://usable.example/listen");
    const QJsonObject document{{url, jsonValue(value)}, {usable, QStringLiteral("tok")}};
    QVERIFY(writeFile(m_file, QJsonDocument(document).toJson()));

    const auto file = WebhookStore::load(m_file);
    QVERIFY2(file.ok(), qPrintable(file.error()));
    // The usable entry beside it is used...
    QCOMPARE(file->webhooks.keys(), QStringList{usable});
    QCOMPARE(file->webhooks.value(usable).token, QStringLiteral("tok"));
    // ...and the other one is kept aside exactly as it was, with the reason.
    QCOMPARE(file->skipped, (QJsonObject{{url, jsonValue(value)}}));
    QCOMPARE(file->problems.size(), qsizetype(1));
    const SettingsProblem &problem = file->problems.constFirst();
    QCOMPARE(problem.kind, SettingsProblem::Kind::WebhookEntry);
    QCOMPARE(problem.file, m_file);
    QVERIFY2(problem.text.startsWith(m_file), qPrintable(problem.text));
    QVERIFY2(problem.text.contains(u'\'' + url + u'\''), qPrintable(problem.text));
    QVERIFY2(problem.text.contains(u'(' + reason + u')'), qPrintable(problem.text));
    QCOMPARE(WebhookStore::whyUnusable(url, jsonValue(value)), reason);
}

void TestWebhookStore::writesSkippedEntryBackAsItWas() {
    const QByteArray json = R"({
        "ftp://files.example/drop": {"token": 5, "note": "from the old days"},
        "http://a.example/": "bare"
    })";
    QVERIFY(writeFile(m_file, json));
    const auto file = WebhookStore::load(m_file);
    QVERIFY2(file.ok(), qPrintable(file.error()));
    const QJsonObject written = WebhookStore::toJson(file->webhooks, file->skipped);
    QCOMPARE(
        written.value(QStringLiteral("ftp://files.example/drop")),
        QJsonDocument::fromJson(json).object().value(QStringLiteral("ftp://files.example/drop")));
    // The usable one in its normal form, as always.
    QCOMPARE(written.value(QStringLiteral("http://a.example/")),
             QJsonValue(QJsonObject{{QStringLiteral("token"), QStringLiteral("bare")},
                                    {QStringLiteral("secret"), QString()}}));
    QCOMPARE(written.size(), 2);
}

void TestWebhookStore::problemShowsNoPasswordAndCannotStartALogLine() {
    const QJsonObject document{
        {QStringLiteral("ftp://user:hunter2@files.example/drop"), QStringLiteral("t")},
        {QStringLiteral("http://a.example/\n[forged] INFO"), QStringLiteral("t")}};
    const WebhookStore::WebhookFile file = WebhookStore::read(document, m_file);
    QCOMPARE(file.problems.size(), qsizetype(2));
    QCOMPARE(file.skipped, document);
    for (const SettingsProblem &problem : file.problems) {
        QVERIFY2(!problem.text.contains(QStringLiteral("hunter2")), qPrintable(problem.text));
        QVERIFY2(!problem.text.contains(u'\n'), qPrintable(problem.text));
    }
    QVERIFY(file.problems.at(0).text.contains(QStringLiteral("ftp://user@files.example/drop")));
}

void TestWebhookStore::fromJsonStillRejectsWhatLoadSkips_data() {
    addUnusableEntries();
}

void TestWebhookStore::fromJsonStillRejectsWhatLoadSkips() {
    QFETCH(QString, url);
    QFETCH(QByteArray, value);
    const auto webhooks = WebhookStore::fromJson(
        {{url, jsonValue(value)}, {QStringLiteral("http://usable.example/"), QString()}},
        QStringLiteral("pushed"));
    QVERIFY(!webhooks.ok());
    QVERIFY2(webhooks.error().startsWith(QStringLiteral("pushed: ")), qPrintable(webhooks.error()));
}

void TestWebhookStore::shownUrlNeverHoldsAPassword() {
    QCOMPARE(WebhookStore::shownUrl(QStringLiteral("https://ops:hunter2@h.example/x?key=1")),
             QStringLiteral("https://ops@h.example/x?key=1"));
    const QString longUrl = QStringLiteral("https://h.example/") + QString(300, u'a');
    QCOMPARE(WebhookStore::shownUrl(longUrl), longUrl); // tables show it whole
}

QTEST_GUILESS_MAIN(TestWebhookStore)
#include "tst_webhookstore.moc"
