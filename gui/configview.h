#pragma once

#include <QJsonArray>
#include <QWidget>

class AdminClient;
class QLabel;
class QPushButton;
class QTableWidget;

// Every config setting with its value and default. A new value is checked against the
// setting's rules here, before anything is sent; reset one or all; settings that need a
// restart say so.
class ConfigView : public QWidget {
    Q_OBJECT

public:
    explicit ConfigView(QWidget *parent = nullptr);
    void setClient(AdminClient *client);
    void refresh();
    // Validates and sends; false (with the reason shown) when the value is refused locally.
    bool setValue(const QString &name, const QString &value);
    void reset(const QString &nameOrAll);
    QString notice() const;

Q_SIGNALS:
    void failed(const QString &message);

private:
    void editSelected();
    QString selectedName() const;
    void operate(const QString &title, const QJsonObject &request);

    AdminClient *m_client = nullptr;
    QTableWidget *m_table;
    QLabel *m_notice;
    QList<QPushButton *> m_buttons;
};
