// Signing in: session tokens and the principal a stored user acts as. A token is 32 random
// bytes the client keeps; the database holds only its SHA-256, so a stolen database copy
// cannot be replayed as sessions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "auth/access.h"
#include "core/admin_units.h"
#include "store/store.h"

namespace lmis {

// A fresh token: 32 bytes from the system's CSPRNG, base64url without padding (43 characters).
std::string NewSessionToken();

// The hex SHA-256 of `token`: the key sessions are stored under.
std::string HashSessionToken(std::string_view token);

// Whether `session` lets its holder in at Unix time `now`: not revoked and not expired.
bool SessionLive(const SessionRecord& session, int64_t now);

// The principal `user` acts as: role, jurisdiction (their unit's communes in both trees, or
// the country) and, for a worker, their own record. nullopt when the user is disabled or their
// role or unit is no longer known.
std::optional<Principal> PrincipalOf(const UserRecord& user, const AdminUnits& units);

// The jurisdiction of an account bound to `unit` (a UnitKey, or "national"), whether or not
// the account is enabled; nullopt when the unit is not in the reference data.
std::optional<Jurisdiction> JurisdictionOfUnit(std::string_view unit, const AdminUnits& units);

}  // namespace lmis
