#include "core/text.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace lmis {
namespace {

bool IsAscii(std::string_view text) {
  for (unsigned char c : text)
    if (c >= 0x80) return false;
  return true;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

bool IsValidUtf8(std::string_view text) {
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

bool IsCleanText(std::string_view t) {
  for (unsigned char c : t)
    if ((c < 0x20 && c != '\t') || c == 0x7F) return false;
  return IsValidUtf8(t);
}

namespace {
// ASCII with single inner spaces and none at the ends: most cells, stored as they are.
bool IsTidyAscii(std::string_view t) {
  if (!t.empty() && (t.front() == ' ' || t.back() == ' ')) return false;
  char prev = 0;
  for (char c : t) {
    if (static_cast<unsigned char>(c) >= 0x80 || c == '\t' || c == '\r' || c == '\n' ||
        (c == ' ' && prev == ' '))
      return false;
    prev = c;
  }
  return true;
}
}  // namespace

size_t CharacterCount(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;  // count all but continuation bytes
  return n;
}

std::string TidyText(std::string_view t) {
  if (IsTidyAscii(t)) return std::string(t);
  return ToNfc(CollapseSpaces(t));
}

std::string ToNfc(std::string_view text) {
  if (IsAscii(text)) return std::string(text);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (nfc->isNormalized(in, status) && U_SUCCESS(status)) return std::string(text);
  status = U_ZERO_ERROR;
  icu::UnicodeString out = nfc->normalize(in, status);
  std::string result;
  out.toUTF8String(result);
  return result;
}

std::string FoldVietnamese(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString decomposed =
      nfd->normalize(icu::UnicodeString::fromUTF8(
                         icu::StringPiece(text.data(), static_cast<int32_t>(text.size()))),
                     status);
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) continue;
    if (u_isUWhiteSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (c == 0x0111 || c == 0x0110) c = 'd';
    c = u_tolower(c);
    if (pending_space) out.push_back(' ');
    pending_space = false;
    char buf[4];
    int32_t len = 0;
    U8_APPEND_UNSAFE(buf, len, c);
    out.append(buf, static_cast<size_t>(len));
  }
  return out;
}

std::string NameKey(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  icu::UnicodeString decomposed = nfd->normalize(
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())))
          .toLower(icu::Locale("vi")),
      status);
  // Syllable by syllable: the letters and vowel marks, then the tone digits.
  icu::UnicodeString out, syllable;
  std::string tones;
  auto end_syllable = [&] {
    if (syllable.isEmpty()) return;
    if (!out.isEmpty()) out.append(UChar32(' '));
    out.append(syllable);
    out.append(icu::UnicodeString::fromUTF8(tones));
    syllable.remove();
    tones.clear();
  };
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_isUWhiteSpace(c)) {
      end_syllable();
      continue;
    }
    switch (c) {
      case 0x0301:  // sắc
        tones.push_back('1');
        continue;
      case 0x0300:  // huyền
        tones.push_back('2');
        continue;
      case 0x0309:  // hỏi
        tones.push_back('3');
        continue;
      case 0x0303:  // ngã
        tones.push_back('4');
        continue;
      case 0x0323:  // nặng
        tones.push_back('5');
        continue;
      default:
        syllable.append(c);
    }
  }
  end_syllable();
  std::string result;
  nfc->normalize(out, status).toUTF8String(result);
  return result;
}

std::string CollapseSpaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace lmis
