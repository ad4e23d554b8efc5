// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QDialog>

class QComboBox;
class QLineEdit;
class QSpinBox;

// Where to connect: a node's address and control port, and the cluster key file. The last
// connections are remembered (QSettings) and offered first.
class ConnectDialog : public QDialog {
    Q_OBJECT

public:
    struct Target {
        QString host;
        quint16 port = 55555;
        QString keyFile;
    };

    explicit ConnectDialog(QWidget *parent = nullptr);
    Target target() const;
    void setTarget(const Target &target);

    static QList<Target> recent();
    static void remember(const Target &target);

private:
    QComboBox *m_recent;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_keyFile;
};
