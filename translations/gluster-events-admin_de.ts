<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AdminClient</name>
    <message>
        <location filename="../gui/adminclient.cpp" line="23"/>
        <source>%1 answers, but glustereventsd is not running there</source>
        <translation>%1 antwortet, aber glustereventsd läuft dort nicht</translation>
    </message>
    <message>
        <location filename="../gui/adminclient.cpp" line="25"/>
        <source>%1 cannot be reached: %2</source>
        <translation>%1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <location filename="../gui/adminclient.cpp" line="28"/>
        <source>%1 uses a different cluster key from the one in %2: connect with the cluster.key file of a node of that cluster</source>
        <translation>%1 verwendet einen anderen Cluster-Schlüssel als den in %2: mit der Datei cluster.key eines Knotens dieses Clusters verbinden</translation>
    </message>
    <message>
        <location filename="../gui/adminclient.cpp" line="31"/>
        <source>%1 refused the request: %2</source>
        <translation>%1 hat die Anfrage abgelehnt: %2</translation>
    </message>
    <message>
        <location filename="../gui/adminclient.cpp" line="33"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>ClusterView</name>
    <message>
        <location filename="../gui/clusterview.cpp" line="19"/>
        <source>&amp;Add peer…</source>
        <translation>Peer &amp;hinzufügen…</translation>
    </message>
    <message>
        <location filename="../gui/clusterview.cpp" line="20"/>
        <source>&amp;Remove peer</source>
        <translation>Peer &amp;entfernen</translation>
    </message>
    <message>
        <location filename="../gui/clusterview.cpp" line="56"/>
        <source>Updated %1</source>
        <translation>Aktualisiert: %1</translation>
    </message>
    <message>
        <location filename="../gui/clusterview.cpp" line="63"/>
        <location filename="../gui/clusterview.cpp" line="76"/>
        <source>Add peer</source>
        <translation>Peer hinzufügen</translation>
    </message>
    <message>
        <location filename="../gui/clusterview.cpp" line="63"/>
        <source>Host name or IP address of the node:</source>
        <translation>Hostname oder IP-Adresse des Knotens:</translation>
    </message>
    <message>
        <location filename="../gui/clusterview.cpp" line="81"/>
        <source>Remove peer</source>
        <translation>Peer entfernen</translation>
    </message>
</context>
<context>
    <name>ConfigView</name>
    <message>
        <location filename="../gui/configview.cpp" line="23"/>
        <source>C&amp;hange…</source>
        <translation>Ä&amp;ndern…</translation>
    </message>
    <message>
        <location filename="../gui/configview.cpp" line="24"/>
        <source>&amp;Reset</source>
        <translation>Zu&amp;rücksetzen</translation>
    </message>
    <message>
        <location filename="../gui/configview.cpp" line="28"/>
        <source>Reset &amp;all</source>
        <translation>&amp;Alle zurücksetzen</translation>
    </message>
    <message>
        <location filename="../gui/configview.cpp" line="58"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../gui/configview.cpp" line="58"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../gui/configview.cpp" line="58"/>
        <source>Default</source>
        <translation>Standardwert</translation>
    </message>
    <message>
        <location filename="../gui/configview.cpp" line="58"/>
        <source>Applies</source>
        <translation>Wirksam</translation>
    </message>
    <message>
        <location filename="../gui/configview.cpp" line="66"/>
        <source>after a restart</source>
        <translation>nach einem Neustart</translation>
    </message>
    <message>
        <location filename="../gui/configview.cpp" line="66"/>
        <source>at once</source>
        <translation>sofort</translation>
    </message>
    <message>
        <location filename="../gui/configview.cpp" line="85"/>
        <location filename="../gui/configview.cpp" line="107"/>
        <source>Change %1</source>
        <translation>%1 ändern</translation>
    </message>
    <message>
        <location filename="../gui/configview.cpp" line="85"/>
        <source>New value of %1:</source>
        <translation>Neuer Wert für %1:</translation>
    </message>
    <message>
        <location filename="../gui/configview.cpp" line="94"/>
        <source>Unknown setting %1</source>
        <translation>Unbekannte Einstellung %1</translation>
    </message>
    <message>
        <location filename="../gui/configview.cpp" line="100"/>
        <source>%1 not changed: %2</source>
        <translation>%1 nicht geändert: %2</translation>
    </message>
    <message>
        <location filename="../gui/configview.cpp" line="105"/>
        <source>%1 takes effect after glustereventsd is restarted on every node.</source>
        <translation>%1 wird erst wirksam, wenn glustereventsd auf allen Knoten neu gestartet wurde.</translation>
    </message>
    <message>
        <location filename="../gui/configview.cpp" line="116"/>
        <source>Reset %1</source>
        <translation>%1 zurücksetzen</translation>
    </message>
    <message>
        <location filename="../gui/configview.cpp" line="116"/>
        <source>Reset all settings</source>
        <translation>Alle Einstellungen zurücksetzen</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <location filename="../gui/connectdialog.cpp" line="30"/>
        <source>Connect to a node</source>
        <translation>Mit einem Knoten verbinden</translation>
    </message>
    <message>
        <location filename="../gui/connectdialog.cpp" line="39"/>
        <source>New connection</source>
        <translation>Neue Verbindung</translation>
    </message>
    <message>
        <location filename="../gui/connectdialog.cpp" line="49"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../gui/connectdialog.cpp" line="52"/>
        <source>Cluster key file</source>
        <translation>Cluster-Schlüsseldatei</translation>
    </message>
    <message>
        <location filename="../gui/connectdialog.cpp" line="60"/>
        <source>&amp;Recent:</source>
        <translation>&amp;Zuletzt verwendet:</translation>
    </message>
    <message>
        <location filename="../gui/connectdialog.cpp" line="61"/>
        <source>&amp;Node:</source>
        <translation>&amp;Knoten:</translation>
    </message>
    <message>
        <location filename="../gui/connectdialog.cpp" line="62"/>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <location filename="../gui/connectdialog.cpp" line="63"/>
        <source>Cluster &amp;key file:</source>
        <translation>Cluster-&amp;Schlüsseldatei:</translation>
    </message>
    <message>
        <location filename="../gui/connectdialog.cpp" line="65"/>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
</context>
<context>
    <name>DeliveriesView</name>
    <message>
        <location filename="../gui/deliveriesview.cpp" line="28"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location filename="../gui/deliveriesview.cpp" line="29"/>
        <source>Replay &amp;selected event</source>
        <translation>Ausgewähltes &amp;Ereignis erneut senden</translation>
    </message>
    <message>
        <location filename="../gui/deliveriesview.cpp" line="18"/>
        <source>Failures o&amp;nly</source>
        <translation>Nur &amp;Fehlschläge</translation>
    </message>
    <message>
        <location filename="../gui/deliveriesview.cpp" line="30"/>
        <source>Replay dead le&amp;tters</source>
        <translation>&amp;Unzustellbare Ereignisse erneut senden</translation>
    </message>
    <message>
        <location filename="../gui/deliveriesview.cpp" line="46"/>
        <source>All webhooks</source>
        <translation>Alle Webhooks</translation>
    </message>
    <message>
        <location filename="../gui/deliveriesview.cpp" line="86"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../gui/deliveriesview.cpp" line="86"/>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <location filename="../gui/deliveriesview.cpp" line="86"/>
        <source>Webhook</source>
        <translation>Webhook</translation>
    </message>
    <message>
        <location filename="../gui/deliveriesview.cpp" line="86"/>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <location filename="../gui/deliveriesview.cpp" line="87"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../gui/deliveriesview.cpp" line="87"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../gui/deliveriesview.cpp" line="87"/>
        <source>Latency (ms)</source>
        <translation>Latenz (ms)</translation>
    </message>
    <message>
        <location filename="../gui/deliveriesview.cpp" line="88"/>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location filename="../gui/deliveriesview.cpp" line="118"/>
        <source>Choose a webhook first: its dead letters are sent again.</source>
        <translation>Zuerst einen Webhook wählen: seine unzustellbaren Ereignisse werden erneut gesendet.</translation>
    </message>
    <message>
        <location filename="../gui/deliveriesview.cpp" line="125"/>
        <source>Select an attempt first: its event is sent again.</source>
        <translation>Zuerst einen Zustellversuch wählen: sein Ereignis wird erneut gesendet.</translation>
    </message>
    <message>
        <location filename="../gui/deliveriesview.cpp" line="132"/>
        <source>Replay</source>
        <translation>Erneut senden</translation>
    </message>
</context>
<context>
    <name>LiveEventsModel</name>
    <message>
        <location filename="../gui/liveeventsmodel.cpp" line="67"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../gui/liveeventsmodel.cpp" line="69"/>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <location filename="../gui/liveeventsmodel.cpp" line="71"/>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <location filename="../gui/liveeventsmodel.cpp" line="73"/>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
</context>
<context>
    <name>LiveEventsView</name>
    <message>
        <location filename="../gui/liveeventsview.cpp" line="33"/>
        <source>&amp;Pause</source>
        <translation>&amp;Pausieren</translation>
    </message>
    <message>
        <location filename="../gui/liveeventsview.cpp" line="37"/>
        <source>This node</source>
        <translation>Dieser Knoten</translation>
    </message>
    <message>
        <location filename="../gui/liveeventsview.cpp" line="37"/>
        <source>All nodes</source>
        <translation>Alle Knoten</translation>
    </message>
    <message>
        <location filename="../gui/liveeventsview.cpp" line="38"/>
        <source>Event type</source>
        <translation>Ereignistyp</translation>
    </message>
    <message>
        <location filename="../gui/liveeventsview.cpp" line="39"/>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <location filename="../gui/liveeventsview.cpp" line="40"/>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../gui/liveeventsview.cpp" line="50"/>
        <source>Clea&amp;r</source>
        <translation>Lee&amp;ren</translation>
    </message>
    <message>
        <location filename="../gui/liveeventsview.cpp" line="119"/>
        <source>this node</source>
        <translation>dieser Knoten</translation>
    </message>
    <message>
        <location filename="../gui/liveeventsview.cpp" line="120"/>
        <source>Listening to %1</source>
        <translation>Ereignisse von %1 werden empfangen</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/liveeventsview.cpp" line="139"/>
        <source>Listening to %n nodes</source>
        <translation>
            <numerusform>Ereignisse von %n Knoten werden empfangen</numerusform>
            <numerusform>Ereignisse von %n Knoten werden empfangen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../gui/mainwindow.cpp" line="32"/>
        <source>Gluster Events Admin</source>
        <translation>Gluster Events Admin</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="34"/>
        <source>&amp;Cluster</source>
        <translation>&amp;Cluster</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="35"/>
        <source>&amp;Webhooks</source>
        <translation>&amp;Webhooks</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="36"/>
        <source>C&amp;onfig</source>
        <translation>&amp;Konfiguration</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="37"/>
        <source>&amp;Live events</source>
        <translation>&amp;Live-Ereignisse</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="38"/>
        <source>&amp;Deliveries</source>
        <translation>&amp;Zustellungen</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="41"/>
        <source>&amp;Connect…</source>
        <translation>&amp;Verbinden…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="44"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="47"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="50"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="55"/>
        <source>Main</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="68"/>
        <location filename="../gui/mainwindow.cpp" line="116"/>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="99"/>
        <source>Cannot use the cluster key: %1</source>
        <translation>Cluster-Schlüssel nicht verwendbar: %1</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="101"/>
        <source>Enter the node to connect to.</source>
        <translation>Knoten für die Verbindung eingeben.</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="105"/>
        <source>Connecting to %1…</source>
        <translation>Verbindung mit %1 wird hergestellt…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="115"/>
        <source>Connected to %1</source>
        <translation>Verbunden mit %1</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.cpp" line="133"/>
        <source>Connected to %1:%2</source>
        <translation>Verbunden mit %1:%2</translation>
    </message>
</context>
<context>
    <name>ResultDialog</name>
    <message>
        <location filename="../gui/resultdialog.cpp" line="20"/>
        <source>Done on every node.</source>
        <translation>Auf allen Knoten ausgeführt.</translation>
    </message>
    <message>
        <location filename="../gui/resultdialog.cpp" line="21"/>
        <source>Failed on every node.</source>
        <translation>Auf allen Knoten fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../gui/resultdialog.cpp" line="22"/>
        <source>Done on some nodes only.</source>
        <translation>Nur auf einigen Knoten ausgeführt.</translation>
    </message>
    <message>
        <location filename="../gui/resultdialog.cpp" line="42"/>
        <source>glustereventsd</source>
        <translation>glustereventsd</translation>
    </message>
    <message>
        <location filename="../gui/resultdialog.cpp" line="44"/>
        <source>Sync</source>
        <translation>Synchronisation</translation>
    </message>
    <message>
        <location filename="../gui/resultdialog.cpp" line="46"/>
        <source>Webhook</source>
        <translation>Webhook</translation>
    </message>
    <message>
        <location filename="../gui/resultdialog.cpp" line="48"/>
        <source>Replay</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <location filename="../gui/resultdialog.cpp" line="50"/>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <location filename="../gui/resultdialog.cpp" line="57"/>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <location filename="../gui/resultdialog.cpp" line="57"/>
        <source>Node status</source>
        <translation>Knotenstatus</translation>
    </message>
    <message>
        <location filename="../gui/resultdialog.cpp" line="67"/>
        <location filename="../gui/resultdialog.cpp" line="75"/>
        <source>UP</source>
        <translation>AKTIV</translation>
    </message>
    <message>
        <location filename="../gui/resultdialog.cpp" line="67"/>
        <location filename="../gui/resultdialog.cpp" line="75"/>
        <source>DOWN</source>
        <translation>INAKTIV</translation>
    </message>
    <message>
        <location filename="../gui/resultdialog.cpp" line="69"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../gui/resultdialog.cpp" line="69"/>
        <source>NOT OK: %1</source>
        <translation>FEHLER: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/resultdialog.cpp" line="71"/>
        <source>OK (%n events)</source>
        <translation>
            <numerusform>OK (%n Ereignis)</numerusform>
            <numerusform>OK (%n Ereignisse)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WebhookDialog</name>
    <message>
        <location filename="../gui/webhookdialog.cpp" line="26"/>
        <source>Edit webhook</source>
        <translation>Webhook bearbeiten</translation>
    </message>
    <message>
        <location filename="../gui/webhookdialog.cpp" line="26"/>
        <source>Add webhook</source>
        <translation>Webhook hinzufügen</translation>
    </message>
    <message>
        <location filename="../gui/webhookdialog.cpp" line="37"/>
        <source>unchanged</source>
        <translation>unverändert</translation>
    </message>
    <message>
        <location filename="../gui/webhookdialog.cpp" line="40"/>
        <source>every event, or e.g. VOLUME_*,PEER_ATTACH</source>
        <translation>alle Ereignisse oder z. B. VOLUME_*,PEER_ATTACH</translation>
    </message>
    <message>
        <location filename="../gui/webhookdialog.cpp" line="42"/>
        <source>system CAs</source>
        <translation>CA-Zertifikate des Systems</translation>
    </message>
    <message>
        <location filename="../gui/webhookdialog.cpp" line="43"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../gui/webhookdialog.cpp" line="46"/>
        <source>CA certificate</source>
        <translation>CA-Zertifikat</translation>
    </message>
    <message>
        <location filename="../gui/webhookdialog.cpp" line="25"/>
        <source>Do &amp;not verify the HTTPS certificate</source>
        <translation>HTTPS-Zertifikat &amp;nicht prüfen</translation>
    </message>
    <message>
        <location filename="../gui/webhookdialog.cpp" line="46"/>
        <source>PEM files (*.pem *.crt);;All files (*)</source>
        <translation>PEM-Dateien (*.pem *.crt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../gui/webhookdialog.cpp" line="62"/>
        <source>&amp;URL:</source>
        <translation>&amp;URL:</translation>
    </message>
    <message>
        <location filename="../gui/webhookdialog.cpp" line="63"/>
        <source>Bearer &amp;token:</source>
        <translation>Bearer-&amp;Token:</translation>
    </message>
    <message>
        <location filename="../gui/webhookdialog.cpp" line="64"/>
        <source>JWT &amp;secret:</source>
        <translation>JWT-&amp;Geheimnis:</translation>
    </message>
    <message>
        <location filename="../gui/webhookdialog.cpp" line="65"/>
        <source>&amp;Events:</source>
        <translation>&amp;Ereignisse:</translation>
    </message>
    <message>
        <location filename="../gui/webhookdialog.cpp" line="66"/>
        <source>Si&amp;gning secret:</source>
        <translation>&amp;Signaturgeheimnis:</translation>
    </message>
    <message>
        <location filename="../gui/webhookdialog.cpp" line="67"/>
        <source>&amp;Parallel requests:</source>
        <translation>&amp;Parallele Anfragen:</translation>
    </message>
    <message>
        <location filename="../gui/webhookdialog.cpp" line="68"/>
        <source>&amp;CA certificate:</source>
        <translation>&amp;CA-Zertifikat:</translation>
    </message>
    <message>
        <location filename="../gui/webhookdialog.cpp" line="100"/>
        <source>Cannot read the CA certificate %1: %2</source>
        <translation>CA-Zertifikat %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../gui/webhookdialog.cpp" line="102"/>
        <source>larger than 1 MiB</source>
        <translation>größer als 1 MiB</translation>
    </message>
</context>
<context>
    <name>WebhooksView</name>
    <message>
        <location filename="../gui/webhooksview.cpp" line="28"/>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="29"/>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="30"/>
        <source>De&amp;lete</source>
        <translation>Lö&amp;schen</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="31"/>
        <source>&amp;Test</source>
        <translation>&amp;Testen</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="32"/>
        <source>S&amp;ync</source>
        <translation>S&amp;ynchronisieren</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="58"/>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="58"/>
        <source>Authentication</source>
        <translation>Authentifizierung</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="58"/>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="59"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="59"/>
        <source>Last delivery</source>
        <translation>Letzte Zustellung</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="59"/>
        <source>Failures</source>
        <translation>Fehlschläge</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="66"/>
        <source>JWT (secret)</source>
        <translation>JWT (Geheimnis)</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="67"/>
        <source>Bearer token</source>
        <translation>Bearer-Token</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="68"/>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="70"/>
        <source>%1, signed</source>
        <translation>%1, signiert</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="77"/>
        <source>%1, certificate not verified</source>
        <translation>%1, Zertifikat nicht geprüft</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="75"/>
        <source>Enabled</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="75"/>
        <source>Disabled: %1</source>
        <translation>Deaktiviert: %1</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="83"/>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="153"/>
        <source>Add webhook</source>
        <translation>Webhook hinzufügen</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="153"/>
        <source>Edit webhook</source>
        <translation>Webhook bearbeiten</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="160"/>
        <location filename="../gui/webhooksview.cpp" line="163"/>
        <source>Delete webhook</source>
        <translation>Webhook löschen</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="161"/>
        <source>Delete %1 on every node?</source>
        <translation>%1 auf allen Knoten löschen?</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="172"/>
        <source>Test webhook</source>
        <translation>Webhook testen</translation>
    </message>
    <message>
        <location filename="../gui/webhooksview.cpp" line="178"/>
        <source>Sync</source>
        <translation>Synchronisieren</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../gui/main.cpp" line="20"/>
        <source>Desktop admin tool of the Gluster Events APIs: webhooks, config and deliveries of a gluster cluster.</source>
        <translation>Desktop-Verwaltungswerkzeug der Gluster Events APIs: Webhooks, Konfiguration und Zustellungen eines Gluster-Clusters.</translation>
    </message>
</context>
</TS>
