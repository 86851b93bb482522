#pragma once

// An offset (--port-offset) that moves every bundled demo port (8081-8084) to one that is free
// now, so that a test can run a bundled config beside other tests and a gateway a user runs. The
// ports are bound and let go: the demo cluster binds them next. They lie below the ephemeral
// range, where no port-0 listener or outgoing connection can take one in between. 0 if no free
// offset was found.
int freeDemoPortOffset();
