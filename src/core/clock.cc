#include "core/clock.h"

#include <chrono>
#include <cstdlib>
#include <ctime>

namespace lmis {
namespace {

class RealClock : public Clock {
 public:
  Date Today() const override {
    if (const char* fixed = std::getenv("LMIS_TODAY"))
      if (auto d = Date::Parse(fixed)) return *d;
    std::time_t t = std::time(nullptr) + 7 * 3600;  // Indochina Time
    std::tm tm{};
    gmtime_r(&t, &tm);
    return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
  }
  std::string Now() const override {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
  }
};

}  // namespace

const Clock& SystemClock() {
  static const RealClock clock;
  return clock;
}

int64_t UnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace lmis
