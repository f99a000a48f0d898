#include "auth/password.h"

#include <sodium.h>

#include <stdexcept>

#include "core/text.h"

namespace lmis {
namespace {

void InitSodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium cannot be initialised");
}

}  // namespace

std::optional<PasswordProblem> CheckPassword(std::string_view password) {
  if (!IsValidUtf8(password))
    return PasswordProblem{"mật khẩu không phải văn bản UTF-8 hợp lệ",
                           "the password is not valid UTF-8 text"};
  size_t characters = 0;
  for (unsigned char c : password) characters += (c & 0xC0) != 0x80;
  if (characters < kMinPasswordLength)
    return PasswordProblem{
        "mật khẩu phải có ít nhất " + std::to_string(kMinPasswordLength) + " ký tự",
        "the password needs at least " + std::to_string(kMinPasswordLength) + " characters"};
  return std::nullopt;
}

std::string HashPassword(std::string_view password) {
  InitSodium();
  char out[crypto_pwhash_STRBYTES];
  // Interactive limits (64 MiB, 2 passes): a sign-in costs well under a second.
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("not enough memory to hash a password");
  return out;
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  InitSodium();
  std::string h(hash);  // libsodium wants a NUL-terminated string
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

}  // namespace lmis
