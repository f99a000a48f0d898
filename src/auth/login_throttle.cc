#include "auth/login_throttle.h"

#include <algorithm>

namespace lmis {

int64_t LoginThrottle::RetryAfter(const std::string& username, const std::string& address,
                                  int64_t now) {
  std::lock_guard lock(mu_);
  return std::max(Wait("u:" + username, settings_.max_user_failures, now),
                  Wait("a:" + address, settings_.max_address_failures, now));
}

void LoginThrottle::Failed(const std::string& username, const std::string& address, int64_t now) {
  std::lock_guard lock(mu_);
  Count("u:" + username, now);
  Count("a:" + address, now);
  // Forget finished windows now and then, so that the map stays as small as the attack.
  if (windows_.size() > 100000)
    std::erase_if(windows_,
                  [&](const auto& kv) { return now - kv.second.start >= settings_.window_s; });
}

void LoginThrottle::Succeeded(const std::string& username) {
  std::lock_guard lock(mu_);
  windows_.erase("u:" + username);
}

int64_t LoginThrottle::Wait(const std::string& key, int max_failures, int64_t now) {
  auto it = windows_.find(key);
  if (it == windows_.end()) return 0;
  const Window& w = it->second;
  if (now - w.start >= settings_.window_s || w.failures < max_failures) return 0;
  return w.start + settings_.window_s - now;
}

void LoginThrottle::Count(const std::string& key, int64_t now) {
  Window& w = windows_[key];
  if (now - w.start >= settings_.window_s) w = {now, 0};
  ++w.failures;
}

}  // namespace lmis
