#include "auth/session.h"

#include <sodium.h>

#include <stdexcept>

namespace lmis {

std::string NewSessionToken() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot start");
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

std::string HashSessionToken(std::string_view token) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

bool SessionLive(const SessionRecord& session, int64_t now) {
  return session.revoked_at == 0 && now < session.expires_at;
}

std::optional<Principal> PrincipalOf(const UserRecord& user, const AdminUnits& units) {
  if (user.disabled) return std::nullopt;
  auto role = ParseRole(user.role);
  if (!role) return std::nullopt;
  Principal p;
  p.username = user.username;
  p.role = *role;
  p.person_id = user.person_id;
  p.unit = user.unit;
  auto jurisdiction = JurisdictionOfUnit(user.unit, units);
  if (!jurisdiction) return std::nullopt;
  p.jurisdiction = std::move(*jurisdiction);
  return p;
}

std::optional<Jurisdiction> JurisdictionOfUnit(std::string_view unit, const AdminUnits& units) {
  if (unit == "national") return Jurisdiction::National();
  auto colon = unit.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view edition_text = unit.substr(0, colon);
  UnitEdition edition = edition_text == "pre2025" ? UnitEdition::kPre2025 : UnitEdition::k2025;
  return Jurisdiction::Of(units, edition, unit.substr(colon + 1));
}

}  // namespace lmis
