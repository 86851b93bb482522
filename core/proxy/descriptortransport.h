#pragma once

#include "proxy/descriptorstream.h"
#include "proxy/streamtransport.h"

// What SocketClientTransport and SocketUpstreamTransport do alike: a StreamTransport over one
// DescriptorStream, whose events the derived transport hears as its owner, connected while the
// descriptor is open.
template <class Interface>
class DescriptorTransport : public StreamTransport<Interface, DescriptorStream> {
public:
    bool isConnected() const override { return this->m_stream.isOpen(); }

protected:
    DescriptorTransport(DescriptorStream::Owner &owner, DescriptorPoller &poller)
        : StreamTransport<Interface, DescriptorStream>(owner, poller) {}
};
