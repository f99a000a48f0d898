// Vietnamese text handling: Unicode normalisation and diacritic-insensitive folding (ICU).
#pragma once

#include <string>
#include <string_view>

namespace lmis {

// True when `text` is valid UTF-8.
bool IsValidUtf8(std::string_view text);

// Valid UTF-8 without control characters other than tab: what a text cell may hold.
bool IsCleanText(std::string_view text);

// How many characters (code points) valid UTF-8 `text` holds: what a length limit told to a
// user in "characters" counts ("Đạt" is 3, not 6 bytes).
size_t CharacterCount(std::string_view text);

// A free-text cell as stored: spaces collapsed, NFC. Assumes IsCleanText.
std::string TidyText(std::string_view text);

// NFC form of `text` (names are stored NFC so that equal names compare equal byte-wise).
// Assumes valid UTF-8.
std::string ToNfc(std::string_view text);

// Folds for matching that ignores case, diacritics and spacing: "  Nguyễn  Văn Đạt" and
// "nguyen van dat" fold to the same "nguyen van dat". đ/Đ fold to d.
std::string FoldVietnamese(std::string_view text);

// The key under which two spellings of one name are the same name: lower case, spacing
// collapsed, NFC, and each syllable's tone written as a digit after it (sắc 1, huyền 2, hỏi 3,
// ngã 4, nặng 5), so that the old and new tone placements agree ("Hòa" = "Hoà", "Thủy" =
// "Thuỷ"). Letters and vowel marks (ă â ê ô ơ ư đ) are kept: "An" and "Ân" are two names.
std::string NameKey(std::string_view text);

// Trims ASCII white space at both ends and collapses inner runs of it to one space.
std::string CollapseSpaces(std::string_view text);

}  // namespace lmis
