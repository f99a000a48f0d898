// The code lists of Mẫu số 03 (Thông tư 11/2022/TT-BLĐTBXH) as typed values.
//
// Each value carries the exchange slug (the public contract of ../spec/exchange.md), its
// ordinal on the paper form (how officers write it on summary sheets: "5.1" for a sub-choice),
// and Vietnamese and English labels. Stored data uses the slug, never a bare integer, because
// vendors number the same lists differently.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lmis {

enum class Sex : uint8_t { kMale = 1, kFemale };
enum class PriorityGroup : uint8_t {
  kDisabled = 1,
  kPoorHousehold,
  kNearPoorHousehold,
  kLandRecovered,
  kMeritoriousRelative,
  kEthnicMinority,
};
enum class GeneralEducation : uint8_t { kNone = 1, kPrimary, kLowerSecondary, kUpperSecondary };
enum class Qualification : uint8_t {
  kNone = 1,
  kWorkerNoDegree,
  kShortCourse,
  kElementary,
  kIntermediate,
  kCollege,
  kUniversity,
  kPostgraduate,
  kMaster,     // Thạc sĩ: form code 8 (Trên đại học), kept apart when known
  kDoctorate,  // Tiến sĩ: form code 8
};
enum class LfStatus : uint8_t { kEmployed = 1, kUnemployed, kOutside };
enum class NilfReason : uint8_t { kStudying = 1, kRetired, kHousework, kDisabledSick, kOther };
enum class EmploymentStatus : uint8_t {
  kEmployer = 1,
  kOwnAccount,
  kFamilyWorker,
  kEmployee,
  kCoopMember,
};
enum class WorkplaceType : uint8_t {
  kAgriHousehold = 1,
  kIndividual,
  kHouseholdBusiness,
  kCooperative,
  kStateEnterprise,
  kPrivateEnterprise,
  kFdiEnterprise,
  kStateAgency,
  kNonStatePublicUnit,
  kForeignSector,
  kOtherOrg,
};
enum class SiType : uint8_t { kCompulsory = 1, kVoluntary, kNone };
enum class ContractType : uint8_t { kIndefinite = 1, kFixedTerm, kNone };
enum class UnemploymentDuration : uint8_t { kUnder3Months = 1, k3To12Months, kOver12Months };
// Where a version of a record came from (TT 11/2022 Điều 12 k.3 and the update rules).
enum class ChangeSource : uint8_t {
  kCollection = 1,
  kAdminProcedure,
  kCorrectionRequest,
  kRegisterSync,
  kSelfRegistration,
};

// A person's status in the population register extract (exchange.md `population`).
enum class RegisterStatus : uint8_t { kAlive = 1, kDeceased, kEmigrated };
// An enterprise's status in the enterprise register extract (exchange.md `enterprises`).
enum class EnterpriseStatus : uint8_t { kActive = 1, kSuspended, kDissolving, kDissolved };

// One value of a code list.
struct CodeOption {
  uint8_t value;               // the enum's value
  std::string_view slug;       // exchange-format slug
  std::string_view form_code;  // ordinal on the paper form
  std::string_view label_vi;
  std::string_view label_en;
  std::string_view aliases;  // further accepted labels, '|'-separated (e.g. "Thạc sĩ")
};

// A named list of options; lookups by slug, by value and by label (any case, any diacritics).
class CodeList {
 public:
  CodeList(std::string_view id, std::span<const CodeOption> options);
  ~CodeList();
  CodeList(const CodeList&) = delete;
  CodeList& operator=(const CodeList&) = delete;

  std::string_view id() const { return id_; }  // list identity, e.g. "tt11-2022/mau03/sex"
  std::span<const CodeOption> options() const { return options_; }
  const CodeOption* BySlug(std::string_view slug) const;
  const CodeOption* ByValue(uint8_t value) const;
  // Slug first, then Vietnamese/English label or alias compared after FoldVietnamese.
  const CodeOption* Lookup(std::string_view text) const;

 private:
  struct LabelIndex;
  std::string_view id_;
  std::span<const CodeOption> options_;
  mutable std::once_flag index_once_;
  mutable std::unique_ptr<LabelIndex> index_;
};

template <class E>
const CodeList& CodeListOf();

template <class E>
std::optional<E> ParseCode(std::string_view text) {
  const CodeOption* o = CodeListOf<E>().Lookup(text);
  if (!o) return std::nullopt;
  return static_cast<E>(o->value);
}

template <class E>
const CodeOption& OptionOf(E value) {
  return *CodeListOf<E>().ByValue(static_cast<uint8_t>(value));
}

template <class E>
std::string_view Slug(E value) {
  return OptionOf(value).slug;
}

// A set of priority groups (item 8 is multi-select). Bit (1 << value).
struct PriorityGroups {
  uint8_t bits = 0;
  bool empty() const { return bits == 0; }
  bool has(PriorityGroup g) const { return bits & (1u << static_cast<int>(g)); }
  void add(PriorityGroup g) { bits |= static_cast<uint8_t>(1u << static_cast<int>(g)); }
  bool operator==(const PriorityGroups&) const = default;
};

// True for the qualifications that call for a field of training (item 10.1): sơ cấp and above.
bool NeedsTrainingField(Qualification q);

}  // namespace lmis
