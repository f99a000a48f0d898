// Slows down password guessing: after a number of failed sign-ins for one username, or from
// one address, within a window, further attempts are refused until the window has passed.
// In memory: a restart forgets, which costs an attacker a restart's worth of guesses only.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lmis {

struct ThrottleSettings {
  int max_user_failures = 5;      // per username inside the window
  int max_address_failures = 50;  // per client address (offices share one address behind NAT)
  int64_t window_s = 900;         // 15 minutes
};

class LoginThrottle {
 public:
  explicit LoginThrottle(ThrottleSettings settings = {}) : settings_(settings) {}
  LoginThrottle(const LoginThrottle&) = delete;
  LoginThrottle& operator=(const LoginThrottle&) = delete;

  // Seconds to wait before `username` may try again from `address` at Unix time `now`; 0 when
  // an attempt is allowed.
  int64_t RetryAfter(const std::string& username, const std::string& address, int64_t now);
  // Counts a failed attempt against the username and the address.
  void Failed(const std::string& username, const std::string& address, int64_t now);
  // A successful sign-in clears the username's failures (not the address's).
  void Succeeded(const std::string& username);

 private:
  struct Window {
    int64_t start = 0;
    int failures = 0;
  };
  int64_t Wait(const std::string& key, int max_failures, int64_t now);
  void Count(const std::string& key, int64_t now);

  ThrottleSettings settings_;
  std::mutex mu_;
  std::unordered_map<std::string, Window> windows_;
};

}  // namespace lmis
