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
