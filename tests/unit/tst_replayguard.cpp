// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// What refuses a replay (a webhook not delivered to here, a full spool) and what bounds it (the
// spool limit), over a real spool in a temporary directory.
#include "replayguard.h"
#include "spoolshedder.h"
#include "sqlitespool.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

const QString kUrl = QStringLiteral("http://a/");

// Four delivered events to kUrl, 7 bytes of body each: history that a replay can send again.
std::unique_ptr<SqliteSpool> spoolWithHistory(const QTemporaryDir &dir) {
    auto spool = SqliteSpool::open(dir.filePath(QStringLiteral("spool.db")), "a-");
    if (!spool)
        return nullptr;
    (*spool)->addConsumer(kUrl, 0);
    QueuedEventBatch events;
    for (int i = 0; i < 4; ++i) {
        QueuedEvent event;
        event.type = QStringLiteral("VOLUME_CREATE");
        event.timestamp = 1468303352 + i;
        event.body = "{\"n\":" + QByteArray::number(i) + '}';
        events.push_back(event);
    }
    (*spool)->append(events);
    (*spool)->acknowledge(kUrl, 4);
    return std::move(spool).value();
}

// The spool's own figures, and nothing to shed.
SpoolShedder shedderOf(const SqliteSpool &spool, qint64 limitBytes) {
    return SpoolShedder(
        SpoolShedder::Spool{
            [&spool] { return spool.pendingBytes(); },
            [&spool] { return spool.diskBudget(); },
            [&spool] { return spool.handedOver(); },
        },
        [](qint64) { return QStringList(); }, limitBytes);
}

WebhookMap registered(const QJsonObject &extra = {}) {
    WebhookMap webhooks;
    webhooks.insert(kUrl, Webhook{kUrl, {}, {}, extra});
    return webhooks;
}

constexpr qint64 kNoLimit = qint64(1) << 40;

} // namespace

class TestReplayGuard : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void refusesAWebhookNotRegisteredHere();
    void refusesADisabledWebhook();
    void refusesWhileTheSpoolIsFull();
    void queuesTheEventsAgainForThatWebhookOnly();
    void stopsAtTheSpoolLimitAndSaysSo();
};

void TestReplayGuard::refusesAWebhookNotRegisteredHere() {
    QTemporaryDir dir;
    const auto spool = spoolWithHistory(dir);
    QVERIFY(spool);
    const SpoolShedder shedder = shedderOf(*spool, kNoLimit);
    ReplayGuard guard(*spool, shedder);
    const auto replayed = guard.replay(WebhookMap{}, kUrl, 0, false, {});
    QVERIFY(!replayed);
    QCOMPARE(replayed.error(), QStringLiteral("webhook http://a/ is not registered on this node"));
    QCOMPARE(spool->pendingCount(), 0);
}

void TestReplayGuard::refusesADisabledWebhook() {
    QTemporaryDir dir;
    const auto spool = spoolWithHistory(dir);
    QVERIFY(spool);
    const SpoolShedder shedder = shedderOf(*spool, kNoLimit);
    ReplayGuard guard(*spool, shedder);
    const auto replayed =
        guard.replay(registered({{QStringLiteral("disabled"), QStringLiteral("HTTP 410 Gone")}}),
                     kUrl, 0, false, {});
    QVERIFY(!replayed);
    QCOMPARE(replayed.error(),
             QStringLiteral("webhook http://a/ is disabled (HTTP 410 Gone); webhook-mod "
                            "re-enables it"));
    QCOMPARE(spool->pendingCount(), 0);
}

void TestReplayGuard::refusesWhileTheSpoolIsFull() {
    QTemporaryDir dir;
    const auto spool = spoolWithHistory(dir);
    QVERIFY(spool);
    const SpoolShedder shedder = shedderOf(*spool, 0); // nothing pending reaches a limit of 0
    QVERIFY(shedder.full());
    ReplayGuard guard(*spool, shedder);
    const auto replayed = guard.replay(registered(), kUrl, 0, false, {});
    QVERIFY(!replayed);
    QCOMPARE(replayed.error(), QStringLiteral("the spool is full"));
    QCOMPARE(spool->pendingCount(), 0);
}

void TestReplayGuard::queuesTheEventsAgainForThatWebhookOnly() {
    QTemporaryDir dir;
    const auto spool = spoolWithHistory(dir);
    QVERIFY(spool);
    const SpoolShedder shedder = shedderOf(*spool, kNoLimit);
    ReplayGuard guard(*spool, shedder);
    QTest::ignoreMessage(QtInfoMsg, "replaying 4 events to http://a/");
    const auto replayed = guard.replay(registered(), kUrl, 0, false, {});
    QVERIFY2(replayed, qPrintable(replayed.error()));
    QCOMPARE(*replayed, 4);
    const QueuedEventBatch queued = spool->readAfter(4, 10);
    QCOMPARE(int(queued.size()), 4);
    for (const QueuedEvent &event : queued)
        QCOMPARE(event.target, kUrl);
}

void TestReplayGuard::stopsAtTheSpoolLimitAndSaysSo() {
    QTemporaryDir dir;
    const auto spool = spoolWithHistory(dir);
    QVERIFY(spool);
    // Room for three of the four bodies.
    const SpoolShedder shedder = shedderOf(*spool, 3 * 7);
    ReplayGuard guard(*spool, shedder);
    QTest::ignoreMessage(QtWarningMsg, "replay to http://a/ stopped at the spool limit "
                                       "(spool_limit_mb); replay again once it is delivered");
    QTest::ignoreMessage(QtInfoMsg, "replaying 3 events to http://a/");
    const auto replayed = guard.replay(registered(), kUrl, 0, false, {});
    QVERIFY2(replayed, qPrintable(replayed.error()));
    QCOMPARE(*replayed, 3);
    QCOMPARE(spool->pendingBytes(), qint64(3 * 7));
    // The limit is reached now: the next replay is refused until these are delivered.
    QCOMPARE(guard.replay(registered(), kUrl, 0, false, {}).error(),
             QStringLiteral("the spool is full"));
}

QTEST_GUILESS_MAIN(TestReplayGuard)
#include "tst_replayguard.moc"
