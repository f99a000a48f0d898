// The check code of a hand-over record (biên bản bàn giao): printed on the signed paper as
// "Mã kiểm tra", so that anyone can verify later that the paper lists exactly the forms the
// system holds for it. SHA-256, in lower-case hex, of one line "ID:CCCD\n" per form, forms
// sorted by id.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lmis {

// One form of a hand-over, as the check code covers it.
struct HandoverItem {
  int64_t form_id = 0;
  std::string cccd;
};

// The check code of the forms `items` (in any order).
std::string HandoverCheckCode(std::vector<HandoverItem> items);

// The code in groups of eight for reading aloud and typing: "3f2a9c01 7be4…".
std::string GroupedCheckCode(const std::string& code);

}  // namespace lmis
