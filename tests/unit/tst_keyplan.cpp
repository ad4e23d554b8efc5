// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "keyplan.h"

#include <QTest>

// The rules by which the daemons of a glusterd pool agree on one cluster key (decision 017).
class TestKeyPlan : public QObject {
    Q_OBJECT

    // A daemon's answer; `inUse` false: a key only its own maker holds.
    static KeyHolder node(const char *id, const char *fingerprint = "", bool inUse = true) {
        return KeyHolder{QString::fromLatin1(id), QStringLiteral("host-") + QLatin1String(id),
                         QString::fromLatin1(fingerprint), inUse, true};
    }
    static KeyPlan plan(const KeyHolder &self, const QList<KeyHolder> &peers,
                        bool everyPeerAnswered = true) {
        return planKey(self, peers, everyPeerAnswered);
    }

private Q_SLOTS:
    void lowestKeylessNodeMintsWhenEveryPeerAnsweredWithoutAKey() {
        QCOMPARE(plan(node("1"), {node("2"), node("3")}).action, KeyPlan::Action::Mint);
        QCOMPARE(plan(node("2"), {node("1"), node("3")}).action, KeyPlan::Action::Wait);
        // A pool of one: nobody to wait for.
        QCOMPARE(plan(node("9"), {}).action, KeyPlan::Action::Mint);
    }

    void nothingIsMadeWhileAPeerHasNotAnswered() {
        // Its daemon may be down with the pool's key: a key made now would be a second one.
        QCOMPARE(plan(node("1"), {node("2")}, false).action, KeyPlan::Action::Wait);
    }

    void keylessNodeWaitsWhenAPeerHasAKey() {
        QCOMPARE(plan(node("1"), {node("2", "aaaaaaaa")}).action, KeyPlan::Action::Wait);
        KeyHolder old = node("2");
        old.known = false;
        QCOMPARE(plan(node("1"), {old}).action, KeyPlan::Action::Wait);
    }

    void nodeWithKeyCopiesForKeylessPeers() {
        const KeyPlan p = plan(node("5", "aaaaaaaa"), {node("1"), node("2", "aaaaaaaa")});
        QCOMPARE(p.action, KeyPlan::Action::Copy);
        QCOMPARE(p.copyFor, QStringList{QStringLiteral("1")});
        QVERIFY(p.markInUse);
        QVERIFY(p.conflicts.isEmpty());
    }

    void nothingIsSentWhileAPeerHasNotAnswered() {
        // glusterd's copy would reach that peer too, whatever key it holds.
        QCOMPARE(plan(node("5", "aaaaaaaa"), {node("1")}, false).action, KeyPlan::Action::Wait);
    }

    void settledWhenEveryPeerHoldsTheSameKey() {
        const KeyPlan p =
            plan(node("1", "aaaaaaaa", false), {node("2", "aaaaaaaa"), node("3", "aaaaaaaa")});
        QCOMPARE(p.action, KeyPlan::Action::Settled);
        QVERIFY(p.markInUse);
    }

    void keysOnlyTheirMakersHoldYieldToTheLowestUuid() {
        // Two daemons that each made a key while alone, then met.
        const KeyPlan low = plan(node("1", "aaaaaaaa", false), {node("2", "bbbbbbbb", false)});
        QCOMPARE(low.action, KeyPlan::Action::Copy);
        QCOMPARE(low.copyFor, QStringList{QStringLiteral("2")});
        QCOMPARE(plan(node("2", "bbbbbbbb", false), {node("1", "aaaaaaaa", false)}).action,
                 KeyPlan::Action::Wait);
    }

    void keyInUseWinsOverOneOnlyItsMakerHolds() {
        QCOMPARE(plan(node("9", "aaaaaaaa"), {node("1", "bbbbbbbb", false)}).action,
                 KeyPlan::Action::Copy);
        QCOMPARE(plan(node("1", "bbbbbbbb", false), {node("9", "aaaaaaaa")}).action,
                 KeyPlan::Action::Wait);
    }

    void twoKeysInUseAreAConflictNobodyResolvesAlone() {
        // Also the admin's own key change while not every node has the new key yet, and a pool
        // whose keys were copied by hand before: no node overwrites another's key.
        const KeyPlan p = plan(node("1", "aaaaaaaa"), {node("2", "bbbbbbbb")});
        QCOMPARE(p.action, KeyPlan::Action::Wait);
        QCOMPARE(p.conflicts.size(), 1);
        QVERIFY(p.conflicts.first().contains(u"host-2"));
        QVERIFY(p.conflicts.first().contains(u"bbbbbbbb"));
        QVERIFY(p.conflicts.first().contains(u"gluster system:: copy file /events/cluster.key"));
        QCOMPARE(plan(node("2", "bbbbbbbb"), {node("1", "aaaaaaaa")}).action,
                 KeyPlan::Action::Wait);
    }

    void staleKeyOfTheLowestUuidDoesNotOverwriteTheOthers() {
        // Three nodes share a key, the lowest UUID holds another: it never sends its own.
        const KeyPlan p =
            plan(node("0", "dddddddd"), {node("1", "aaaaaaaa"), node("2", "aaaaaaaa"), node("3")});
        QCOMPARE(p.action, KeyPlan::Action::Wait);
        QCOMPARE(p.conflicts.size(), 2);
    }

    void onePeerWhoseKeyMustStayStopsTheCopyToAll() {
        const KeyPlan p = plan(node("1", "aaaaaaaa"), {node("2"), node("3", "cccccccc")});
        QCOMPARE(p.action, KeyPlan::Action::Wait);
        QVERIFY(p.copyFor.isEmpty());
        QCOMPARE(p.conflicts.size(), 1);
        // A winning key elsewhere: that node sends to the keyless one.
        QCOMPARE(plan(node("5", "aaaaaaaa", false), {node("6"), node("1", "cccccccc")}).action,
                 KeyPlan::Action::Wait);
    }

    void olderDaemonThatCannotSayItsKeyIsAConflict() {
        KeyHolder old = node("2");
        old.known = false;
        const KeyPlan p = plan(node("1", "aaaaaaaa"), {node("3"), old});
        QCOMPARE(p.action, KeyPlan::Action::Wait);
        QCOMPARE(p.conflicts.size(), 1);
        QVERIFY(p.conflicts.first().contains(u"upgrade"));
    }
};

QTEST_APPLESS_MAIN(TestKeyPlan)
#include "tst_keyplan.moc"
