#include "demo/democluster.h"

#include "demo/demobackend.h"
#include "threading/threadhandoff.h"

#include <utility>

// The demo thread's side: owns the DemoBackends and is touched only in that thread.
class DemoCluster::Instances final : public QObject {
    Q_DISABLE_COPY_MOVE(Instances)

public:
    Instances() = default;

    // Returns an error message naming the port that could not be bound, empty on success.
    QString start(const QList<quint16> &ports) {
        stop();
        for (const quint16 port : ports) {
            auto *backend = new DemoBackend(this);
            m_backends.append(backend);
            if (!backend->listen(port)) {
                const QString message =
                    QStringLiteral("cannot start demo instance: ") + backend->errorString();
                stop();
                return message;
            }
        }
        return {};
    }

    void stop() { qDeleteAll(std::exchange(m_backends, {})); }

    DemoBackend *find(quint16 port) const {
        for (DemoBackend *backend : m_backends) {
            if (backend->port() == port)
                return backend;
        }
        return nullptr;
    }

    DemoCommandResult apply(const DemoCommand &command) {
        DemoCommandResult result;
        if (command.kind != DemoCommand::Kind::ReadState) {
            DemoBackend *backend = find(command.port);
            if (!backend) {
                result.error = DemoCommandResult::Error::UnknownPort;
                result.message = QStringLiteral("no demo instance on port %1").arg(command.port);
            } else if (!applyTo(*backend, command)) {
                result.error = DemoCommandResult::Error::Failed;
                result.message =
                    QStringLiteral("cannot revive demo instance: ") + backend->errorString();
            }
        }
        result.instances = states();
        return result;
    }

    QList<DemoInstanceState> states() const {
        QList<DemoInstanceState> states;
        states.reserve(m_backends.size());
        for (const DemoBackend *backend : m_backends)
            states.append(backend->state());
        return states;
    }

private:
    // False only for a revive that could not bind (see DemoBackend::errorString()).
    static bool applyTo(DemoBackend &backend, const DemoCommand &command) {
        switch (command.kind) {
        case DemoCommand::Kind::ReadState:
            return true;
        case DemoCommand::Kind::Kill:
            backend.kill();
            return true;
        case DemoCommand::Kind::Revive:
            return backend.revive();
        case DemoCommand::Kind::SetLatency:
            backend.setLatency(command.latency);
            return true;
        case DemoCommand::Kind::SetErrorRate:
            backend.setErrorRate(command.errorRatePercent);
            return true;
        case DemoCommand::Kind::SetResetMidResponse:
            backend.setResetMidResponse(command.resetMidResponse);
            return true;
        }
        Q_UNREACHABLE();
        return false;
    }

    QList<DemoBackend *> m_backends; // children of this object, in start order
};

DemoCluster::DemoCluster(QObject *parent)
    : QObject(parent)
    , m_instances(new Instances) {
    qRegisterMetaType<DemoInstanceState>();
    qRegisterMetaType<QList<DemoInstanceState>>();
    qRegisterMetaType<QList<quint16>>();
    qRegisterMetaType<DemoCommandResult>();

    m_thread.setObjectName(QStringLiteral("demo"));
    m_instances->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_instances, &QObject::deleteLater);
    m_thread.start();
}

DemoCluster::~DemoCluster() {
    // The instances are deleted in their own thread when it finishes (deleteLater above), which
    // closes their servers and aborts their connections there.
    m_thread.quit();
    m_thread.wait();
}

void DemoCluster::start(const QList<quint16> &ports) {
    postTo(m_instances, [this, instances = m_instances, ports] {
        const QString error = instances->start(ports);
        const QList<DemoInstanceState> states = instances->states();
        QList<quint16> actualPorts;
        for (const DemoInstanceState &state : states)
            actualPorts.append(state.port);
        reply(
            [this, error, actualPorts] {
                if (error.isEmpty())
                    Q_EMIT started(actualPorts);
                else
                    Q_EMIT startFailed(error);
            },
            states);
    });
}

void DemoCluster::stop() {
    postTo(m_instances, [this, instances = m_instances] {
        instances->stop();
        reply([this] { Q_EMIT stopped(); }, {});
    });
}

void DemoCluster::kill(quint16 port) {
    control(DemoCommand::kill(port));
}

void DemoCluster::revive(quint16 port) {
    control(DemoCommand::revive(port));
}

void DemoCluster::setLatency(quint16 port, std::chrono::milliseconds latency) {
    control(DemoCommand::setLatency(port, latency));
}

void DemoCluster::setErrorRate(quint16 port, int percent) {
    control(DemoCommand::setErrorRate(port, percent));
}

void DemoCluster::setResetMidResponse(quint16 port, bool reset) {
    control(DemoCommand::setResetMidResponse(port, reset));
}

void DemoCluster::requestState() {
    control(DemoCommand::readState());
}

void DemoCluster::control(const DemoCommand &command) {
    execute(command, this, [this](const DemoCommandResult &result) {
        if (!result.ok())
            Q_EMIT controlFailed(result.message);
        Q_EMIT stateChanged(result.instances);
    });
}

void DemoCluster::execute(const DemoCommand &command, QObject *context,
                          std::function<void(const DemoCommandResult &result)> done) {
    // Touches nothing of this object but m_instances, fixed since construction, so that any
    // thread may post; only values travel (the result is built in the demo thread).
    postTo(m_instances, [instances = m_instances, command, context, done = std::move(done)] {
        const DemoCommandResult result = instances->apply(command);
        postTo(context, [done, result] { done(result); });
    });
}

void DemoCluster::reply(std::function<void()> emitResult, const QList<DemoInstanceState> &states) {
    // Only values cross back: the states are copies taken in the demo thread.
    postTo(this, [this, emitResult = std::move(emitResult), states] {
        emitResult();
        Q_EMIT stateChanged(states);
    });
}
