// A real Server on a free loopback port in front of an Api, for tests that speak HTTP.
#pragma once

#include <memory>
#include <string>

#include "http/api.h"
#include "http/server.h"

namespace lmis::http {

// Started and listening; stop it (reset) before the Api goes away.
inline std::unique_ptr<Server> StartTestServer(Api& api, int handler_threads = 4) {
  ServerOptions options;
  options.port = 0;
  options.handler_threads = handler_threads;
  auto server =
      std::make_unique<Server>(options, [&api](const Request& r) { return api.Handle(r); });
  server->Start();
  return server;
}

inline std::string BaseUrl(const Server& server) {
  return "http://127.0.0.1:" + std::to_string(server.port());
}

}  // namespace lmis::http
