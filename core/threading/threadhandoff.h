#pragma once

#include <QMetaObject>
#include <QObject>
#include <functional>
#include <type_traits>
#include <utility>

// Every call and answer that crosses a thread in core/ (GatewayController, DemoCluster,
// TrafficGenerator) goes through postTo() or connectAcross() below (docs/ARCHITECTURE.md,
// "Threads").
//
// Why: Debian's Qt is not built with -fsanitize=thread, and Qt 6's QMutex waits on futexes
// directly, so ThreadSanitizer cannot see that QCoreApplication::postEvent() happens before the
// event's delivery in the receiver's thread. Every value a queued call carries (copied in the
// sender's thread, read in the receiver's) would be reported as a race. The helpers add that
// edge explicitly: the queued callable releases on its own address once it has been copied into
// the event, and acquires on it before it runs in the receiver's thread. Without TSan the
// annotations compile to nothing and the helpers are plain queued calls.

#if defined(__SANITIZE_THREAD__)
#define GATEWAY_TSAN_ANNOTATIONS 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define GATEWAY_TSAN_ANNOTATIONS 1
#endif
#endif

#if defined(GATEWAY_TSAN_ANNOTATIONS)
#include <sanitizer/tsan_interface.h>
#endif

namespace ThreadHandoff {

// Everything this thread wrote before release(address) happens before whatever a thread does
// after a later acquire(address).
inline void release(const void *address) {
#if defined(GATEWAY_TSAN_ANNOTATIONS)
    __tsan_release(const_cast<void *>(address));
#else
    Q_UNUSED(address);
#endif
}

inline void acquire(const void *address) {
#if defined(GATEWAY_TSAN_ANNOTATIONS)
    __tsan_acquire(const_cast<void *>(address));
#else
    Q_UNUSED(address);
#endif
}

// A callable carrying its own happens-before edge. Qt copies or moves the callable into the
// queued event inside QMetaObject::invokeMethod(), after any annotation the caller could make,
// so the release is made here, by each copy at its final address once its captures are written;
// the call acquires first. The destruction may happen in either thread (whichever drops Qt's last
// reference to the event's slot object), so the call releases again and the destructor acquires.
template <typename F> class HandedOff {
public:
    explicit HandedOff(F function)
        : m_function(std::move(function)) {
        release(this);
    }
    HandedOff(const HandedOff &other)
        : m_function(other.m_function) {
        release(this);
    }
    HandedOff(HandedOff &&other) noexcept(std::is_nothrow_move_constructible_v<F>)
        : m_function(std::move(other.m_function)) {
        release(this);
    }
    HandedOff &operator=(const HandedOff &) = delete;
    HandedOff &operator=(HandedOff &&) = delete;
    ~HandedOff() { acquire(this); }

    void operator()() {
        acquire(this);
        m_function();
        release(this);
    }

private:
    F m_function;
};

} // namespace ThreadHandoff

// Runs function in receiver's thread, as a queued call (also when that is the calling thread).
// Dropped if receiver is deleted first. Captures are copied: only values should travel.
template <typename F> void postTo(QObject *receiver, F &&function) {
    QMetaObject::invokeMethod(receiver,
                              ThreadHandoff::HandedOff<std::decay_t<F>>(std::forward<F>(function)),
                              Qt::QueuedConnection);
}

// A queued connection from signal to slot across threads, through postTo(): the signal's
// arguments are copied in the sender's thread and slot is called with them in receiver's.
// slot is a member function (slot or signal) of Receiver, or a functor taking every argument
// of the signal or none. receiver must outlive the sender's thread (each owner here joins its
// thread in its destructor), since the sender posts to it.
template <typename Sender, typename... Args, typename Receiver, typename Slot>
QMetaObject::Connection connectAcross(const Sender *sender, void (Sender::*signal)(Args...),
                                      Receiver *receiver, Slot slot) {
    return QObject::connect(
        sender, signal, receiver,
        [receiver, slot](Args... args) {
            postTo(receiver, [receiver, slot, args...] {
                if constexpr (std::is_member_function_pointer_v<Slot>)
                    std::invoke(slot, receiver, args...);
                else if constexpr (std::is_invocable_v<const Slot &, const std::decay_t<Args> &...>)
                    slot(args...);
                else
                    slot();
            });
        },
        Qt::DirectConnection);
}
