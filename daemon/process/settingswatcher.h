// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

// Notices hand edits of the settings files. Watches the events directory (atomic writes replace
// the file, which a file watch alone would lose) and the default config file, and reports
// once per burst of changes.
class SettingsWatcher : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsWatcher)

public:
    SettingsWatcher(const QString &eventsDir, QStringList files, QObject *parent = nullptr);

Q_SIGNALS:
    void changed();

private:
    void rewatch();

    QFileSystemWatcher m_watcher;
    QTimer m_debounce;
    QString m_eventsDir;
    QStringList m_files;
};
