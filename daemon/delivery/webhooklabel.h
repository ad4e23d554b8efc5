// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QByteArray>
#include <QString>

// How GET /metrics names a webhook. /metrics is open to anyone (SECURITY.md), so the label must not
// let an outsider confirm a guessed URL: a plain hash of the URL would (hash the guess and
// compare). The label is an HMAC of the URL under a key derived from the cluster key, so only
// holders of the key (the nodes, the CLI) can tell which webhook a label stands for. Every node
// of a cluster gives a webhook the same label.
namespace WebhookLabel {

// The derivation's fixed purpose, so this key is independent of the others made from the
// cluster key.
inline constexpr char kPurpose[] = "metrics-webhook-label";
inline constexpr qsizetype kHexDigits = 12;

// HMAC-SHA256(cluster key, kPurpose): the key labels are made with.
QByteArray keyFor(const QByteArray &clusterKey);
// The first kHexDigits hex digits of HMAC-SHA256(labelKey, URL as UTF-8).
QByteArray of(const QByteArray &labelKey, const QString &url);

} // namespace WebhookLabel
