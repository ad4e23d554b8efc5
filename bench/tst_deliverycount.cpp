// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// Exactly-once delivery by webhook-id: a lost event, a duplicate, an id from elsewhere and a
// webhook left out are each counted as such, and only a run with none of them is exact.
#include "deliverycount.h"

#include <QTest>

namespace {

// Ids "<prefix>-<seq>" for seqs first .. first + count - 1, each once, to `webhook`.
QList<Receipt> receipts(const QByteArray &prefix, qint64 first, qint64 count, int webhook = 0) {
    QList<Receipt> list;
    for (qint64 seq = first; seq < first + count; ++seq)
        list.append({webhook, prefix + '-' + QByteArray::number(seq), 1, 500});
    return list;
}

} // namespace

class TestDeliveryCount : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyEventOnceIsExact() {
        const DeliveryCount count = countDeliveries(receipts("0123abcd", 101, 50), {1, 101, 50});
        QVERIFY(count.exactlyOnce());
        QCOMPARE(count.expected, 50);
        QCOMPARE(count.once, 50);
        QCOMPARE(count.problem(), QString());
    }

    void lostEventIsCounted() {
        QList<Receipt> list = receipts("p", 1, 10);
        list.removeAt(4);
        const DeliveryCount count = countDeliveries(list, {1, 1, 10});
        QVERIFY(!count.exactlyOnce());
        QCOMPARE(count.lost, 1);
        QCOMPARE(count.problem(), QStringLiteral("1 lost"));
    }

    void duplicateDoesNotStandInForALostEvent() {
        // As many requests as events, which a count of requests took for a complete run.
        QList<Receipt> list = receipts("p", 1, 10);
        list.removeAt(4);
        list[0].times = 2;
        const DeliveryCount count = countDeliveries(list, {1, 1, 10});
        QVERIFY(!count.exactlyOnce());
        QCOMPARE(count.once, 9);
        QCOMPARE(count.lost, 1);
        QCOMPARE(count.duplicates, 1);
        QCOMPARE(count.problem(), QStringLiteral("1 lost, 1 duplicate"));
    }

    void duplicatesBeyondTheExpectedCountLeaveNoNegativeLoss() {
        QList<Receipt> list = receipts("p", 1, 3);
        for (Receipt &receipt : list)
            receipt.times = 5;
        const DeliveryCount count = countDeliveries(list, {1, 1, 3});
        QCOMPARE(count.lost, 0);
        QCOMPARE(count.duplicates, 12);
        QVERIFY(!count.exactlyOnce());
    }

    void sameIdListedTwiceIsADuplicate() {
        QList<Receipt> list = receipts("p", 1, 3);
        list.append(list.first());
        const DeliveryCount count = countDeliveries(list, {1, 1, 3});
        QCOMPARE(count.duplicates, 1);
        QVERIFY(!count.exactlyOnce());
    }

    void idsFromElsewhereAreUnexpected() {
        QList<Receipt> list = receipts("daemon", 1, 10);
        list += receipts("restarted", 1, 2);   // a second daemon's ids
        list += receipts("daemon", 11, 1);     // past the run
        list.append({0, QByteArray(), 1, -1}); // no webhook-id at all
        list.append({0, "no-number-here", 1, -1});
        const DeliveryCount count = countDeliveries(list, {1, 1, 10});
        QCOMPARE(count.once, 10);
        QCOMPARE(count.unexpected, 5);
        QVERIFY(!count.exactlyOnce());
        QCOMPARE(count.problem(), QStringLiteral("5 unexpected ids"));
    }

    void runsPrefixIsTheOneMostIdsCarry() {
        QList<Receipt> list = receipts("b", 1, 8);
        list += receipts("a", 1, 2);
        const DeliveryCount count = countDeliveries(list, {1, 1, 8});
        QCOMPARE(count.once, 8);
        QCOMPARE(count.unexpected, 2);
    }

    void everyWebhookMustGetEveryEvent() {
        QList<Receipt> list;
        for (int webhook = 0; webhook < 10; ++webhook)
            list += receipts("p", 1, 20, webhook);
        QVERIFY(countDeliveries(list, {10, 1, 20}).exactlyOnce());
        list.removeLast();               // webhook 9 misses its last event
        list += receipts("p", 1, 1, 10); // and a port no webhook was on gets one
        const DeliveryCount count = countDeliveries(list, {10, 1, 20});
        QCOMPARE(count.expected, 200);
        QCOMPARE(count.lost, 1);
        QCOMPARE(count.unexpected, 1);
    }

    void filteredWebhookMustGetItsShareAndNothingElse() {
        // Webhook 1 takes every second event from the first: seqs 1, 3, 5, 7, 9.
        const ExpectedIds expected{2, 1, 10, {{1, EventShare{2, 0}}}};
        QList<Receipt> list = receipts("p", 1, 10, 0);
        for (qint64 seq = 1; seq <= 10; seq += 2)
            list += receipts("p", seq, 1, 1);
        const DeliveryCount exact = countDeliveries(list, expected);
        QCOMPARE(exact.expected, 15);
        QVERIFY(exact.exactlyOnce());

        list.removeLast();              // seq 9 never reached webhook 1
        list += receipts("p", 4, 1, 1); // and seq 4, which its filter leaves out, did
        const DeliveryCount count = countDeliveries(list, expected);
        QCOMPARE(count.lost, 1);
        QCOMPARE(count.unexpected, 1);
        QVERIFY(!count.exactlyOnce());
    }

    void webhookExpectingNothingCountsEveryArrivalAsUnexpected() {
        const ExpectedIds expected{3, 1, 5, {{2, EventShare{0, 0}}}};
        QList<Receipt> list = receipts("p", 1, 5, 0) + receipts("p", 1, 5, 1);
        QVERIFY(countDeliveries(list, expected).exactlyOnce());
        QCOMPARE(countDeliveries(list, expected).expected, 10);
        list += receipts("p", 3, 1, 2);
        QCOMPARE(countDeliveries(list, expected).unexpected, 1);
        QVERIFY(!countDeliveries(list, expected).exactlyOnce());
    }

    void shareCountsItsEvents() {
        QCOMPARE(EventShare{}.countOf(7), 7);
        QCOMPARE((EventShare{2, 0}).countOf(7), 4);
        QCOMPARE((EventShare{2, 1}).countOf(7), 3);
        QCOMPARE((EventShare{3, 2}).countOf(2), 0);
        QCOMPARE((EventShare{0, 0}).countOf(7), 0);
        // An offset no index reaches takes nothing rather than everything.
        QCOMPARE((EventShare{2, 5}).countOf(100), 0);
        QVERIFY(!(EventShare{2, 5}).takes(5));
    }

    void emptyRunIsNeverExact() {
        const DeliveryCount count = countDeliveries({}, {1, 1, 0});
        QVERIFY(!count.exactlyOnce());
        QCOMPARE(count.problem(), QStringLiteral("nothing was expected"));
        QVERIFY(!countDeliveries({}, {1, 1, 5}).exactlyOnce());
    }
};

QTEST_GUILESS_MAIN(TestDeliveryCount)
#include "tst_deliverycount.moc"
