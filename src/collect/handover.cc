#include "collect/handover.h"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace lmis {

std::string HandoverCheckCode(std::vector<HandoverItem> items) {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium cannot be initialised");
  std::sort(items.begin(), items.end(), [](const HandoverItem& a, const HandoverItem& b) {
    return a.form_id != b.form_id ? a.form_id < b.form_id : a.cccd < b.cccd;
  });
  std::string text;
  for (const HandoverItem& i : items)
    text.append(std::to_string(i.form_id)).append(":").append(i.cccd).append("\n");
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

std::string GroupedCheckCode(const std::string& code) {
  std::string out;
  for (size_t i = 0; i < code.size(); i += 8) {
    if (i) out.push_back(' ');
    out.append(code.substr(i, 8));
  }
  return out;
}

}  // namespace lmis
