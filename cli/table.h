// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// A text table drawn exactly as Python's PrettyTable draws one with its defaults, so that the
// CLI's output matches the Gluster docs byte for byte:
//
//   +-----------+-------------+
//   |    NODE   | NODE STATUS |
//   +-----------+-------------+
//   | localhost |          UP |
//   +-----------+-------------+
//
// Headers are always centred; cells follow their column's alignment (centred by default, as
// PrettyTable's). A cell holding line breaks spans several text lines, top-aligned.
class Table {
public:
    enum class Align { Left, Center, Right };

    explicit Table(QStringList headers);

    // Ignored for a column that does not exist.
    void setAlignment(int column, Align align);
    // A row shorter than the headers is padded with empty cells; extra cells are dropped.
    void addRow(QStringList cells);
    // Every line, the last one included, ends with "\n".
    QString render() const;

private:
    QStringList m_headers;
    QList<Align> m_alignments;
    QList<QStringList> m_rows;
};
