// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "settingswatcher.h"

#include <QFileInfo>

SettingsWatcher::SettingsWatcher(const QString &eventsDir, QStringList files, QObject *parent)
    : QObject(parent)
    , m_eventsDir(eventsDir)
    , m_files(std::move(files)) {
    // Editors write in several steps; wait for the burst to settle before reading.
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(250);
    connect(&m_debounce, &QTimer::timeout, this, [this] {
        rewatch();
        Q_EMIT changed();
    });
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, &m_debounce,
            qOverload<>(&QTimer::start));
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, &m_debounce, qOverload<>(&QTimer::start));
    rewatch();
}

void SettingsWatcher::rewatch() {
    if (!m_watcher.directories().contains(m_eventsDir))
        m_watcher.addPath(m_eventsDir);
    // A file replaced by rename drops out of the watch list; add it again if it exists now.
    for (const QString &file : std::as_const(m_files)) {
        if (QFileInfo::exists(file) && !m_watcher.files().contains(file))
            m_watcher.addPath(file);
    }
}
