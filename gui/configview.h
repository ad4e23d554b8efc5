// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include "adminpage.h"

class QLabel;
class QTableWidget;

// Every config setting with its value and default. A new value is checked against the
// setting's rules here, before anything is sent; reset one or all; settings that need a
// restart say so.
class ConfigView : public AdminPage {
    Q_OBJECT

public:
    explicit ConfigView(QWidget *parent = nullptr);
    void refresh() override;
    // Validates and sends; false (with the reason shown) when the value is refused locally.
    bool setValue(const QString &name, const QString &value);
    void reset(const QString &nameOrAll);
    QString notice() const;

protected:
    void clear() override;

private:
    void editSelected();
    QString selectedName() const;

    QTableWidget *m_table;
    QLabel *m_notice;
};
