#include "demo/democluster.h"

#include "demo/demobackend.h"

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

    QList<DemoInstanceState> states() const {
        QList<DemoInstanceState> states;
        states.reserve(m_backends.size());
        for (const DemoBackend *backend : m_backends)
            states.append(backend->state());
        return states;
    }

private:
    QList<DemoBackend *> m_backends; // children of this object, in start order
};

DemoCluster::DemoCluster(QObject *parent)
    : QObject(parent)
    , m_instances(new Instances) {
    qRegisterMetaType<DemoInstanceState>();
    qRegisterMetaType<QList<DemoInstanceState>>();
    qRegisterMetaType<QList<quint16>>();

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
    QMetaObject::invokeMethod(
        m_instances,
        [this, instances = m_instances, ports] {
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
        },
        Qt::QueuedConnection);
}

void DemoCluster::stop() {
    QMetaObject::invokeMethod(
        m_instances,
        [this, instances = m_instances] {
            instances->stop();
            reply([this] { Q_EMIT stopped(); }, {});
        },
        Qt::QueuedConnection);
}

void DemoCluster::kill(quint16 port) {
    control(port, [](DemoBackend &backend) {
        backend.kill();
        return QString();
    });
}

void DemoCluster::revive(quint16 port) {
    control(port, [](DemoBackend &backend) -> QString {
        if (backend.revive())
            return {};
        return QStringLiteral("cannot revive demo instance: ") + backend.errorString();
    });
}

void DemoCluster::setLatency(quint16 port, std::chrono::milliseconds latency) {
    control(port, [latency](DemoBackend &backend) {
        backend.setLatency(latency);
        return QString();
    });
}

void DemoCluster::setErrorRate(quint16 port, int percent) {
    control(port, [percent](DemoBackend &backend) {
        backend.setErrorRate(percent);
        return QString();
    });
}

void DemoCluster::setResetMidResponse(quint16 port, bool reset) {
    control(port, [reset](DemoBackend &backend) {
        backend.setResetMidResponse(reset);
        return QString();
    });
}

void DemoCluster::requestState() {
    QMetaObject::invokeMethod(
        m_instances, [this, instances = m_instances] { reply([] {}, instances->states()); },
        Qt::QueuedConnection);
}

void DemoCluster::control(quint16 port, std::function<QString(DemoBackend &)> action) {
    QMetaObject::invokeMethod(
        m_instances,
        [this, instances = m_instances, port, action = std::move(action)] {
            DemoBackend *backend = instances->find(port);
            const QString error = backend ? action(*backend)
                                          : QStringLiteral("no demo instance on port %1").arg(port);
            reply(
                [this, error] {
                    if (!error.isEmpty())
                        Q_EMIT controlFailed(error);
                },
                instances->states());
        },
        Qt::QueuedConnection);
}

void DemoCluster::reply(std::function<void()> emitResult, const QList<DemoInstanceState> &states) {
    // Only values cross back: the states are copies taken in the demo thread.
    QMetaObject::invokeMethod(
        this,
        [this, emitResult = std::move(emitResult), states] {
            emitResult();
            Q_EMIT stateChanged(states);
        },
        Qt::QueuedConnection);
}
