// Time behind a narrow interface, so that rules about "today" and "in the future" are tested
// with a fixed day.
#pragma once

#include <cstdint>
#include <string>

#include "core/date.h"

namespace lmis {

class Clock {
 public:
  virtual ~Clock() = default;
  // Today's date in Vietnam (UTC+7): the day officers and records speak of.
  virtual Date Today() const = 0;
  // The current instant as RFC 3339 UTC ("2026-11-24T21:32:00Z").
  virtual std::string Now() const = 0;
};

// The system clock. If $LMIS_TODAY holds a YYYY-MM-DD date, Today() returns it (for tests and
// reproducible demos).
const Clock& SystemClock();

// Seconds since 1970-01-01 UTC by the system clock (session expiry, revocation times); never
// fixed by $LMIS_TODAY, which speaks of record dates only.
int64_t UnixSeconds();

// A clock stopped at one day and instant.
class FixedClock : public Clock {
 public:
  explicit FixedClock(Date today) : today_(today) {}
  Date Today() const override { return today_; }
  std::string Now() const override { return today_.ToString() + "T00:00:00Z"; }

 private:
  Date today_;
};

}  // namespace lmis
