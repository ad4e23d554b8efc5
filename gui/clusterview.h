#pragma once

#include <QTimer>
#include <QWidget>

class AdminClient;
class QLabel;
class QPushButton;
class QTableWidget;

// Every node of the pool with NODE STATUS and GLUSTEREVENTSD STATUS, refreshed every few
// seconds while visible; peers are added and removed here.
class ClusterView : public QWidget {
    Q_OBJECT

public:
    static constexpr int kRefreshMs = 5'000;

    explicit ClusterView(QWidget *parent = nullptr);
    void setClient(AdminClient *client);
    void refresh();
    // What the buttons do once the host is known (the tests call them directly).
    void addPeer(const QString &host);
    void removePeer(const QString &host);

Q_SIGNALS:
    void failed(const QString &message);

private:
    void askForPeer();
    void removeSelected();

    AdminClient *m_client = nullptr;
    QTableWidget *m_table;
    QLabel *m_updated;
    QPushButton *m_add;
    QPushButton *m_remove;
    QTimer m_timer;
    bool m_refreshing = false;
};
