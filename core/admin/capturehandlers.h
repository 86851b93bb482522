#pragma once

class AdminRouter;
class AdminTarget;

// Adds the captured-traffic endpoints (README, "Admin API"): GET /api/requests (recent exchanges
// with their heads), /api/requests/{id} (one with its bodies) and /api/har (HAR 1.2 of what is
// held). They read AdminTarget::captures() in the gateway's thread. target must outlive router.
void addCaptureEndpoints(AdminRouter &router, AdminTarget &target);
