#pragma once

class AdminRouter;
class AdminTarget;

// Adds every admin API endpoint to router. The handlers call target directly: the admin API
// runs in the gateway's thread, and its toggles go through the same calls as the window's (the
// README's "Admin API"). The /api/demo endpoints answer later, after a round trip to the demo
// thread (AdminTarget::controlDemo). target must outlive router.
void addAdminEndpoints(AdminRouter &router, AdminTarget &target);
