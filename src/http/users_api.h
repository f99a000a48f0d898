// The user-management routes of the API (/api/users; docs/server.md): an administrator lists,
// creates and changes the accounts of their jurisdiction. Thin: reads the request, calls
// AccountService (auth/accounts.h), which checks, audits and stores; renders JSON. Never sends
// a password hash.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/api_support.h"
#include "registry/worker_service.h"

namespace lmis::http {

class UsersApi {
 public:
  // `forget_sessions` drops what the server remembers of a user's sessions, so that a change
  // to their account (a new password, disabling, another role or unit) applies at once.
  UsersApi(ApiContext& context, std::function<void(const std::string&)> forget_sessions)
      : c_(context), forget_sessions_(std::move(forget_sessions)) {}

  // The answer to a request under /api/users (`segments` without "api"); nullopt for any
  // other path.
  std::optional<Response> Handle(const Request& r, const std::vector<std::string_view>& segments,
                                 const Caller& caller);

 private:
  ApiContext& c_;
  std::function<void(const std::string&)> forget_sessions_;
};

}  // namespace lmis::http
