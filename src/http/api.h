// The JSON API under /api/: resolves the caller's session, routes to the services and renders
// their answers. Thin by design: rules live in registry/ and auth/, data in store/.
//
//   GET    /api/health, /api/ready, /api/openapi.json
//   POST   /api/session {"username","password"} → {"token",…} + cookie;  GET, DELETE /api/session
//   GET    /api/workers?unit&tree&status&sex&age_min&age_max&name&include_closed&limit&cursor
//   POST   /api/workers;  GET, PUT /api/workers/{id};  GET /api/workers/{id}/history
//   POST   /api/workers/{id}/close {"reason","date","source"}
//   GET    /api/me/readers;  GET /api/audit (admin)
//   GET    /api/units, /api/codes, /api/codes/{list}
//   POST   /api/imports (the file as the body);  GET /api/imports/{id}, /api/imports/{id}/rejects
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "auth/login_throttle.h"
#include "core/clock.h"
#include "core/refdata.h"
#include "http/server.h"

namespace lmis::http {

struct ApiOptions {
  std::string db_spec;
  int connections = 16;  // the store pool; size the handler threads to it
  std::chrono::seconds session_lifetime{std::chrono::hours(8)};
  // How long a resolved session is trusted before the database is asked again. Revocations
  // through this server take effect at once; through another server or the CLI, within this.
  std::chrono::seconds session_recheck{10};
  ThrottleSettings throttle;
};

class Api {
 public:
  // Opens the store pool and the audit writer's connection. Throws StoreError.
  Api(ApiOptions options, const RefData& ref, const Clock& clock);
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  // Answers one request under /api/. Never throws for bad input; a database failure escapes
  // as an exception (the server turns it into a bare 500).
  Response Handle(const Request& request);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lmis::http
