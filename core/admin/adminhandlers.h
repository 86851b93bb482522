#pragma once

class AdminRouter;
class Gateway;

// Adds every admin API endpoint to router. The handlers call gateway directly: the admin API
// runs in the gateway's thread, and its toggles go through the same Gateway methods as the
// window's (docs/ARCHITECTURE.md, "Threads"). The /api/demo endpoints answer later, after a round
// trip to the demo thread (Gateway::controlDemo). gateway must outlive router.
void addAdminEndpoints(AdminRouter &router, Gateway &gateway);
