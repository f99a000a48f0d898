// Passwords: argon2id hashes through libsodium, never the password itself.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lmis {

// Shortest password accepted.
inline constexpr size_t kMinPasswordLength = 10;

// Why a password is refused (Vietnamese, English), or nullopt when it is acceptable.
struct PasswordProblem {
  std::string vi, en;
};
std::optional<PasswordProblem> CheckPassword(std::string_view password);

// An argon2id hash in libsodium's self-describing string form ("$argon2id$v=19$m=…"), salted
// at random. Throws std::runtime_error when memory for hashing cannot be had.
std::string HashPassword(std::string_view password);

// True when `password` matches `hash` (made by HashPassword). Takes constant time in the
// password; false for a malformed hash.
bool VerifyPassword(std::string_view hash, std::string_view password);

}  // namespace lmis
