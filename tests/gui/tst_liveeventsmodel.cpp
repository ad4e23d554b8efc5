// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// The live view's model stays bounded however many events arrive, keeps the newest, and its
// filter matches type, node and text.
#include "liveeventsmodel.h"

#include <QTest>

namespace {

std::vector<LiveEventsModel::Row> rows(int first, int count) {
    std::vector<LiveEventsModel::Row> result;
    for (int i = first; i < first + count; ++i)
        result.push_back({i,
                          i % 2 ? QStringLiteral("VOLUME_CREATE") : QStringLiteral("PEER_ATTACH"),
                          i % 3 ? QStringLiteral("localhost") : QStringLiteral("node2"),
                          QStringLiteral("{\"n\":%1}").arg(i),
                          QByteArray("{\"message\":{\"n\":") + QByteArray::number(i) + "}}"});
    return result;
}

} // namespace

class TestLiveEventsModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void staysBoundedAndKeepsTheNewest();
    void batchLargerThanCapacityKeepsItsNewest();
    void staysWithinItsBytesAndKeepsTheNewest();
    void heldRowsAreBoundedLikeTheModel();
    void filtersByTypeNodeAndText();
};

void TestLiveEventsModel::staysBoundedAndKeepsTheNewest() {
    LiveEventsModel model(1'000);
    for (int batch = 0; batch < 50; ++batch) // 50,000 events in batches of 1,000
        model.append(rows(batch * 1'000, 1'000));
    QCOMPARE(model.rowCount(), 1'000);
    QCOMPARE(model.row(0).receivedMs, qint64(49'000));
    QCOMPARE(model.row(999).receivedMs, qint64(49'999));
}

void TestLiveEventsModel::batchLargerThanCapacityKeepsItsNewest() {
    LiveEventsModel model(10);
    model.append(rows(0, 25));
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.row(0).receivedMs, qint64(15));
    QCOMPARE(model.data(model.index(9, LiveEventsModel::Message), Qt::DisplayRole).toString(),
             QStringLiteral("{\"n\":24}"));
}

void TestLiveEventsModel::staysWithinItsBytesAndKeepsTheNewest() {
    // A sender's events can be 32 KiB each: the rows are bounded by their bytes too.
    constexpr qint64 kMaxBytes = 256 * 1024;
    LiveEventsModel model(1'000, kMaxBytes);
    for (int batch = 0; batch < 20; ++batch) {
        std::vector<LiveEventsModel::Row> big = rows(batch * 3, 3);
        for (auto &row : big)
            row.body = QByteArray(32 * 1024, 'x');
        model.append(std::move(big));
        QVERIFY2(model.bytesHeld() <= kMaxBytes, qPrintable(QString::number(model.bytesHeld())));
    }
    QVERIFY(model.rowCount() < 60);
    QVERIFY(model.rowCount() >= 5);
    QCOMPARE(model.row(model.rowCount() - 1).receivedMs, qint64(59));
    qint64 counted = 0;
    for (int i = 0; i < model.rowCount(); ++i)
        counted += LiveEventsModel::bytesOf(model.row(i));
    QCOMPARE(model.bytesHeld(), counted);

    // One row over the bound on its own is still shown: the newest always stays.
    LiveEventsModel tiny(1'000, 1'024);
    tiny.append(rows(0, 5));
    std::vector<LiveEventsModel::Row> huge = rows(5, 1);
    huge.front().body = QByteArray(64 * 1024, 'y');
    tiny.append(std::move(huge));
    QCOMPARE(tiny.rowCount(), 1);
    QCOMPARE(tiny.row(0).receivedMs, qint64(5));
    tiny.clear();
    QCOMPARE(tiny.bytesHeld(), qint64(0));
}

void TestLiveEventsModel::heldRowsAreBoundedLikeTheModel() {
    // What the view holds while paused is trimmed by the same rule.
    std::vector<LiveEventsModel::Row> held = rows(0, 100);
    for (auto &row : held)
        row.body = QByteArray(10 * 1024, 'z');
    LiveEventsModel::keepNewest(held, 1'000, 100 * 1024);
    QVERIFY(held.size() < 10);
    QCOMPARE(held.back().receivedMs, qint64(99));
    LiveEventsModel::keepNewest(held, 2, 1024 * 1024);
    QCOMPARE(held.size(), size_t(2));
    QCOMPARE(held.front().receivedMs, qint64(98));
}

void TestLiveEventsModel::filtersByTypeNodeAndText() {
    LiveEventsModel model(100);
    model.append(rows(0, 12));
    LiveEventsFilter filter;
    filter.setSourceModel(&model);
    filter.setFilters(QStringLiteral("volume"), QString(), QString());
    QCOMPARE(filter.rowCount(), 6);
    filter.setFilters(QStringLiteral("volume"), QStringLiteral("node2"), QString());
    QCOMPARE(filter.rowCount(), 2); // 3 and 9
    filter.setFilters(QString(), QString(), QStringLiteral("\"n\":11"));
    QCOMPARE(filter.rowCount(), 1);
    filter.setFilters(QString(), QString(), QString());
    QCOMPARE(filter.rowCount(), 12);
}

QTEST_GUILESS_MAIN(TestLiveEventsModel)
#include "tst_liveeventsmodel.moc"
