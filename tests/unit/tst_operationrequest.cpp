// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "operationrequest.h"

#include <QJsonArray>
#include <QTest>

// The GUI's requests to POST /v1/run, built and read by the operation table.
class TestOperationRequest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyArgumentOfEveryRemoteOperationRoundTrips();
    void anArgumentLeftOutHasItsFallback();
    void refusesAnArgumentOfTheWrongType();
    void refusesAWholeNumberOutsideItsRange();
    void refusesOperationsTheDaemonDoesNotRun();
    void ignoresKeysTheOperationDoesNotTake();
    void aSecretOpensOnlyForItsOperationAndUrl();
};

namespace {

QJsonValue sampleOf(const ArgumentSpec &argument) {
    switch (argument.type) {
    case ArgumentType::Text:
    case ArgumentType::Secret:
        return QStringLiteral("value of %1").arg(QLatin1String(argument.key));
    case ArgumentType::Integer:
        return double(argument.maximum);
    case ArgumentType::Flag:
        return true;
    case ArgumentType::Texts:
        return QJsonArray{QStringLiteral("a=1"), QStringLiteral("b=2")};
    }
    return {};
}

QString refusalOf(const QJsonObject &json) {
    const auto request = OperationRequest::fromJson(json);
    return request ? QString() : request.error();
}

} // namespace

void TestOperationRequest::everyArgumentOfEveryRemoteOperationRoundTrips() {
    for (const OperationSpec &spec : Operations::all()) {
        if (!spec.remote)
            continue;
        OperationRequest sent(spec.operation);
        for (const Parameter &parameter : spec.parameters)
            sent.set(parameter.argument, sampleOf(Operations::argumentSpec(parameter.argument)));
        const QJsonObject json = sent.toJson();
        QCOMPARE(json.value(QStringLiteral("op")).toString(), QLatin1String(spec.name));
        const auto read = OperationRequest::fromJson(json);
        QVERIFY2(read, qPrintable(read.error()));
        QVERIFY(read->operation() == spec.operation);
        QCOMPARE(read->toJson(), json);
    }
}

void TestOperationRequest::anArgumentLeftOutHasItsFallback() {
    const auto read =
        OperationRequest::fromJson({{QStringLiteral("op"), QStringLiteral("deliveries")}});
    QVERIFY(read);
    QCOMPARE(read->integer(Argument::Limit), 100);
    QCOMPARE(read->flag(Argument::Failed), false);
    QVERIFY(!read->has(Argument::Url));
    QCOMPARE(read->text(Argument::Url), QString());
}

void TestOperationRequest::refusesAnArgumentOfTheWrongType() {
    QCOMPARE(
        refusalOf({{QStringLiteral("op"), QStringLiteral("replay")}, {QStringLiteral("dead"), 1}}),
        QStringLiteral("dead must be true or false"));
    QCOMPARE(refusalOf({{QStringLiteral("op"), QStringLiteral("webhook-del")},
                        {QStringLiteral("url"), 7}}),
             QStringLiteral("url must be a string"));
    QCOMPARE(refusalOf({{QStringLiteral("op"), QStringLiteral("webhook-add")},
                        {QStringLiteral("token"), QJsonObject{}}}),
             QStringLiteral("token must be a string"));
}

void TestOperationRequest::refusesAWholeNumberOutsideItsRange() {
    for (const QJsonValue &limit : {QJsonValue(0), QJsonValue(10'001), QJsonValue(1.5),
                                    QJsonValue(1e300), QJsonValue(QStringLiteral("5"))}) {
        const QString error = refusalOf({{QStringLiteral("op"), QStringLiteral("deliveries")},
                                         {QStringLiteral("limit"), limit}});
        QVERIFY2(error.contains(u"limit"), qPrintable(error));
    }
    QVERIFY(refusalOf({{QStringLiteral("op"), QStringLiteral("webhook-add")},
                       {QStringLiteral("parallel"), 65}})
                .contains(u"parallel"));
}

void TestOperationRequest::refusesOperationsTheDaemonDoesNotRun() {
    for (const char *name : {"config-get", "emit", "events", "no-such", ""})
        QCOMPARE(refusalOf({{QStringLiteral("op"), QLatin1String(name)}}),
                 QStringLiteral("unknown operation '%1'").arg(QLatin1String(name)));
    QCOMPARE(refusalOf({}), QStringLiteral("unknown operation ''"));
    // An attacker's long name is not echoed whole.
    QCOMPARE(refusalOf({{QStringLiteral("op"), QString(5000, u'x')}}).size(),
             QStringLiteral("unknown operation ''").size() + 40);
}

void TestOperationRequest::ignoresKeysTheOperationDoesNotTake() {
    const auto read = OperationRequest::fromJson({{QStringLiteral("op"), QStringLiteral("sync")},
                                                  {QStringLiteral("url"), 5},
                                                  {QStringLiteral("x"), 1}});
    QVERIFY(read);
    QCOMPARE(read->toJson(), QJsonObject({{QStringLiteral("op"), QStringLiteral("sync")}}));
}

void TestOperationRequest::aSecretOpensOnlyForItsOperationAndUrl() {
    const SecretBox box(QByteArray(32, 'k'));
    const QString url = QStringLiteral("https://a.example/hook");
    OperationRequest add(Operation::WebhookAdd);
    add.set(Argument::Url, url);
    add.set(Argument::Token, box.seal(QStringLiteral("t0ken"), add.place(Argument::Token)));

    const auto opened = OperationRequest::fromJson(add.toJson())->secret(Argument::Token, box);
    QVERIFY(opened);
    QCOMPARE(opened->value_or(QString()), QStringLiteral("t0ken"));

    QJsonObject otherOperation = add.toJson();
    otherOperation.insert(QStringLiteral("op"), QStringLiteral("webhook-mod"));
    QJsonObject otherUrl = add.toJson();
    otherUrl.insert(QStringLiteral("url"), QStringLiteral("https://b.example/hook"));
    QJsonObject otherField = add.toJson();
    otherField.insert(QStringLiteral("secret"), otherField.value(QStringLiteral("token")));
    const std::pair<QJsonObject, Argument> moved[] = {{otherOperation, Argument::Token},
                                                      {otherUrl, Argument::Token},
                                                      {otherField, Argument::Secret}};
    for (const auto &[json, argument] : moved) {
        const auto refused = OperationRequest::fromJson(json)->secret(argument, box);
        QVERIFY(!refused);
        QVERIFY2(refused.error().startsWith(Operations::key(argument) + u": "),
                 qPrintable(refused.error()));
    }
    QVERIFY(!OperationRequest::fromJson(add.toJson())->secret(Argument::Secret, box)->has_value());
}

QTEST_APPLESS_MAIN(TestOperationRequest)
#include "tst_operationrequest.moc"
