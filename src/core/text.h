// Vietnamese text handling: Unicode normalisation and diacritic-insensitive folding (ICU).
#pragma once

#include <string>
#include <string_view>

namespace lmis {

// True when `text` is valid UTF-8.
bool IsValidUtf8(std::string_view text);

// NFC form of `text` (names are stored NFC so that equal names compare equal byte-wise).
// Assumes valid UTF-8.
std::string ToNfc(std::string_view text);

// Folds for matching that ignores case, diacritics and spacing: "  Nguyễn  Văn Đạt" and
// "nguyen van dat" fold to the same "nguyen van dat". đ/Đ fold to d.
std::string FoldVietnamese(std::string_view text);

// Trims ASCII white space at both ends and collapses inner runs of it to one space.
std::string CollapseSpaces(std::string_view text);

}  // namespace lmis
