#include "keyplan.h"

#include <QTest>

// The rules by which the daemons of a glusterd pool agree on one cluster key (decision 017).
class TestKeyPlan : public QObject {
    Q_OBJECT

    static KeyHolder node(const char *id, const char *fingerprint = "", bool shared = false) {
        return KeyHolder{QString::fromLatin1(id), QStringLiteral("host-") + QLatin1String(id),
                         QString::fromLatin1(fingerprint), shared, true};
    }

private Q_SLOTS:
    void lowestKeylessNodeMintsWhenNoPeerHasAKey() {
        QCOMPARE(planKey(node("1"), {node("2"), node("3")}).action, KeyPlan::Action::Mint);
        QCOMPARE(planKey(node("2"), {node("1"), node("3")}).action, KeyPlan::Action::Wait);
    }

    void keylessNodeAloneAmongUnreachablePeersMints() {
        // Peers that did not answer are not listed: this daemon is the only one running.
        QCOMPARE(planKey(node("9"), {}).action, KeyPlan::Action::Mint);
    }

    void keylessNodeWaitsWhenAPeerHasAKey() {
        QCOMPARE(planKey(node("1"), {node("2", "aaaaaaaa")}).action, KeyPlan::Action::Wait);
        KeyHolder old = node("2");
        old.known = false;
        QCOMPARE(planKey(node("1"), {old}).action, KeyPlan::Action::Wait);
    }

    void nodeWithKeyCopiesToKeylessPeers() {
        const KeyPlan plan = planKey(node("5", "aaaaaaaa"), {node("1"), node("2", "aaaaaaaa")});
        QCOMPARE(plan.action, KeyPlan::Action::Copy);
        QVERIFY(plan.markShared);
        QVERIFY(plan.conflicts.isEmpty());
    }

    void settledWhenEveryPeerHoldsTheSameKey() {
        const KeyPlan plan =
            planKey(node("1", "aaaaaaaa"), {node("2", "aaaaaaaa"), node("3", "aaaaaaaa", true)});
        QCOMPARE(plan.action, KeyPlan::Action::Settled);
        QVERIFY(plan.markShared);
    }

    void unusedKeysYieldToTheLowestUuid() {
        // Two daemons that each made a key while alone, then met.
        QCOMPARE(planKey(node("1", "aaaaaaaa"), {node("2", "bbbbbbbb")}).action,
                 KeyPlan::Action::Copy);
        QCOMPARE(planKey(node("2", "bbbbbbbb"), {node("1", "aaaaaaaa")}).action,
                 KeyPlan::Action::Wait);
    }

    void keyInUseWinsOverAnUnusedOne() {
        QCOMPARE(planKey(node("9", "aaaaaaaa", true), {node("1", "bbbbbbbb")}).action,
                 KeyPlan::Action::Copy);
        QCOMPARE(planKey(node("1", "bbbbbbbb"), {node("9", "aaaaaaaa", true)}).action,
                 KeyPlan::Action::Wait);
    }

    void twoKeysInUseAreAConflictNobodyResolvesAlone() {
        const KeyPlan plan = planKey(node("1", "aaaaaaaa", true), {node("2", "bbbbbbbb", true)});
        QCOMPARE(plan.action, KeyPlan::Action::Wait);
        QCOMPARE(plan.conflicts.size(), 1);
        QVERIFY(plan.conflicts.first().contains(u"host-2"));
        QVERIFY(plan.conflicts.first().contains(u"bbbbbbbb"));
        QVERIFY(plan.conflicts.first().contains(u"gluster system:: copy file /events/cluster.key"));
        QCOMPARE(planKey(node("2", "bbbbbbbb", true), {node("1", "aaaaaaaa", true)}).action,
                 KeyPlan::Action::Wait);
    }

    void onePeerWhoseKeyMustStayStopsTheCopyToAll() {
        // glusterd copies to every peer: node 3's key in use would be overwritten too.
        const KeyPlan plan =
            planKey(node("1", "aaaaaaaa", true), {node("2"), node("3", "cccccccc", true)});
        QCOMPARE(plan.action, KeyPlan::Action::Wait);
        QCOMPARE(plan.conflicts.size(), 1);
        // And a winning key elsewhere: that node sends to the keyless one.
        QCOMPARE(planKey(node("5", "aaaaaaaa"), {node("6"), node("1", "cccccccc")}).action,
                 KeyPlan::Action::Wait);
    }

    void olderDaemonThatCannotSayItsKeyIsAConflict() {
        KeyHolder old = node("2");
        old.known = false;
        const KeyPlan plan = planKey(node("1", "aaaaaaaa"), {node("3"), old});
        QCOMPARE(plan.action, KeyPlan::Action::Wait);
        QCOMPARE(plan.conflicts.size(), 1);
        QVERIFY(plan.conflicts.first().contains(u"upgrade"));
    }
};

QTEST_APPLESS_MAIN(TestKeyPlan)
#include "tst_keyplan.moc"
