// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "table.h"

#include <algorithm>
#include <utility>

namespace {

// Characters as a reader counts them: a character outside the BMP is one, not two.
int textWidth(QStringView text) {
    int width = 0;
    for (const QChar c : text) {
        if (!c.isLowSurrogate())
            ++width;
    }
    return width;
}

QStringList linesOf(const QString &cell) {
    QStringList lines = cell.split(u'\n');
    for (QString &line : lines) {
        if (line.endsWith(u'\r'))
            line.chop(1);
    }
    return lines;
}

// PrettyTable's _justify, including its rule for an odd excess when centring.
QString justify(const QString &text, int width, Table::Align align) {
    const int length = textWidth(text);
    const int excess = std::max(0, width - length);
    switch (align) {
    case Table::Align::Left:
        return text + QString(excess, u' ');
    case Table::Align::Right:
        return QString(excess, u' ') + text;
    case Table::Align::Center:
        break;
    }
    int left = excess / 2;
    int right = excess / 2;
    if (excess % 2 != 0) {
        if (length % 2 != 0)
            right += 1;
        else
            left += 1;
    }
    return QString(left, u' ') + text + QString(right, u' ');
}

} // namespace

Table::Table(QStringList headers)
    : m_headers(std::move(headers))
    , m_alignments(m_headers.size(), Align::Center) {
}

void Table::setAlignment(int column, Align align) {
    if (column >= 0 && column < m_alignments.size())
        m_alignments[column] = align;
}

void Table::addRow(QStringList cells) {
    cells.resize(m_headers.size());
    m_rows.append(std::move(cells));
}

QString Table::render() const {
    const int columns = int(m_headers.size());
    QList<int> widths(columns, 0);
    const auto widen = [&widths](const QStringList &cells) {
        for (int column = 0; column < cells.size(); ++column) {
            for (const QString &line : linesOf(cells[column]))
                widths[column] = std::max(widths[column], textWidth(line));
        }
    };
    widen(m_headers);
    for (const QStringList &row : m_rows)
        widen(row);

    QString rule = QStringLiteral("+");
    for (const int width : widths)
        rule += QString(width + 2, u'-') + u'+';
    rule += u'\n';

    const auto renderRow = [&](const QStringList &cells, bool header) {
        QList<QStringList> cellLines;
        qsizetype height = 1;
        for (const QString &cell : cells) {
            cellLines.append(linesOf(cell));
            height = std::max(height, cellLines.last().size());
        }
        QString text;
        for (qsizetype line = 0; line < height; ++line) {
            text += u'|';
            for (int column = 0; column < columns; ++column) {
                const QStringList &lines = cellLines[column];
                const QString part = line < lines.size() ? lines[line] : QString();
                const Align align = header ? Align::Center : m_alignments[column];
                text += u' ' + justify(part, widths[column], align) + u" |";
            }
            text += u'\n';
        }
        return text;
    };

    QString out = rule + renderRow(m_headers, true) + rule;
    for (const QStringList &row : m_rows)
        out += renderRow(row, false);
    out += rule;
    return out;
}
