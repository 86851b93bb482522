#pragma once

#include "model/controlresult.h"
#include "model/instancestate.h"

#include <QByteArray>
#include <QList>
#include <QString>

// The runtime API's commands that change a server, built from checked values, and what their
// answers mean as a ControlResult. HAProxy 2.6 answers a `set server` that worked with nothing,
// `add server` with "New server registered." and `del server` with "Server deleted."; anything
// else is its reason for refusing, passed on in its own words.
//
// A command is one line of the runtime API, where ';' separates commands: names and addresses
// are checked against what HAProxy accepts, so that none can carry a second command.
struct RuntimeCommand {
    QList<QByteArray> lines; // sent in order, each on a connection of its own
    QString error;           // the values were refused before anything was sent

    bool ok() const { return error.isEmpty(); }

    // set server B/S state ready | drain | maint
    static RuntimeCommand setAdminState(const QString &backend, const QString &server,
                                        AdminState state);
    // set server B/S weight N (HAProxy takes 0..256)
    static RuntimeCommand setWeight(const QString &backend, const QString &server, int weight);
    // add server B/S ADDRESS weight N, then set server B/S state ready: 2.6 adds a server in
    // maintenance.
    static RuntimeCommand addServer(const QString &backend, const QString &server,
                                    const QString &address, int weight);
    // set server B/S state maint, then del server B/S: 2.6 deletes only a server in maintenance
    // (and without connections; it says so if there are some).
    static RuntimeCommand deleteServer(const QString &backend, const QString &server);
};

// HAProxy's largest weight (`set server weight` refuses more).
inline constexpr int maxHaproxyRuntimeWeight = 256;

// What HAProxy's answer to one of a RuntimeCommand's lines means: success, or its reason as the
// message (with a hint for "Permission denied": the socket lacks `level admin`).
ControlResult interpretCommandAnswer(const QByteArray &answer);

// Letters, digits and "-_.:", as HAProxy's names take; not empty.
bool isHaproxyName(const QString &name);
