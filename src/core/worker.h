// The worker record of Mẫu số 03 (PHIẾU THÔNG TIN VỀ NGƯỜI LAO ĐỘNG, TT 11/2022/TT-BLĐTBXH),
// and the named fields of its exchange format.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/codes.h"
#include "core/date.h"

namespace lmis {

// Every column of the `workers` exchange format, in the paper form's order. The order is also
// the column order of exports and of the storage schema.
enum class WorkerField : uint8_t {
  kCccd,
  kCmnd,
  kFullName,
  kBirthDate,
  kSex,
  kEthnicity,
  kBhxh,
  kPermanentUnit,
  kPermanentAddress,
  kCurrentUnit,
  kCurrentAddress,
  kPriorityGroups,
  kGeneralEducation,
  kQualification,
  kTrainingField,
  kLfStatus,
  kEmploymentStatus,
  kJobTitle,
  kOccupation,
  kIndustry,
  kSiType,
  kHasContract,
  kContractType,
  kContractStart,
  kWorkplaceName,
  kWorkplaceType,
  kWorkplaceUnit,
  kWorkplaceAddress,
  kNeverWorked,
  kUnemploymentDuration,
  kNilfReason,
  kCollectedOn,
  kSource,
  kHouseholdId,
  kRelationToHead,
};
inline constexpr size_t kWorkerFieldCount = static_cast<size_t>(WorkerField::kRelationToHead) + 1;

// How a field is named in files and labelled for people.
struct FieldInfo {
  std::string_view name;       // exchange column / JSON key
  std::string_view form_item;  // item number on Mẫu 03 ("12.3a"), "" for extras
  std::string_view label_vi;
  std::string_view label_en;
};

const FieldInfo& InfoOf(WorkerField field);
// The field named `name` in the exchange format; nullopt for an unknown column.
std::optional<WorkerField> FieldByName(std::string_view name);

// Cell texts of one record, indexed by WorkerField; "" = absent.
using WorkerCells = std::array<std::string, kWorkerFieldCount>;
// The same as views into text owned elsewhere.
using CellViews = std::array<std::string_view, kWorkerFieldCount>;

// One person's Mẫu 03 answers as typed values. Absent answers are empty strings, empty dates,
// or nullopt. Units are GSO codes read with the record's date (see AdminUnits).
struct WorkerRecord {
  // Items 1–7: identity and residence.
  std::string cccd;  // 12-digit personal identification number
  std::string cmnd;  // legacy 9-digit ID, kept as an attribute
  std::string full_name;
  PartialDate birth_date;
  std::optional<Sex> sex;
  std::string ethnicity;  // 2-digit code, 2008 GSO list (QCVN 109:2017)
  std::string bhxh;       // 10-digit social-insurance code
  std::string permanent_unit;
  std::string permanent_address;
  std::string current_unit;  // absent = same as permanent
  std::string current_address;
  // Items 8–10.1.
  PriorityGroups priority_groups;
  std::optional<GeneralEducation> general_education;
  std::optional<Qualification> qualification;
  std::string training_field;
  // Item 11 and its conditional parts.
  std::optional<LfStatus> lf_status;
  std::optional<EmploymentStatus> employment_status;          // 12.1
  std::string job_title;                                      // 12.2
  std::string occupation;                                     // 12.2, VSCO 2020 level 3+
  std::string industry;                                       // VSIC, optional extra
  std::optional<SiType> si_type;                              // 12.2a
  std::optional<bool> has_contract;                           // 12.2b
  std::optional<ContractType> contract_type;                  // 12.2b′
  PartialDate contract_start;                                 // 12.2b″
  std::string workplace_name;                                 // 12.3
  std::optional<WorkplaceType> workplace_type;                // 12.3a
  std::string workplace_unit;                                 // 12.3b (unit code)
  std::string workplace_address;                              // 12.3b (text)
  std::optional<bool> never_worked;                           // 13
  std::optional<UnemploymentDuration> unemployment_duration;  // 13.1
  std::optional<NilfReason> nilf_reason;                      // 11, reason
  // Collection metadata and the household extras of the operational variant (forms.md §2.7).
  PartialDate collected_on;
  std::optional<ChangeSource> source;
  std::string household_id;
  std::string relation_to_head;

  // Where the person lives now: current_unit, else permanent_unit.
  const std::string& residence_unit() const {
    return current_unit.empty() ? permanent_unit : current_unit;
  }
  bool operator==(const WorkerRecord&) const = default;
};

// The stable numeric identity of a person: the CCCD read as a number (12 digits), or, for a
// person known only by a legacy CMND, 10^12 + the CMND. nullopt when neither is well-formed.
std::optional<int64_t> PersonIdOf(const WorkerRecord& record);
// The same for a CCCD or a CMND text alone; nullopt when it is not well-formed.
std::optional<int64_t> CccdPersonId(std::string_view cccd);
std::optional<int64_t> CmndPersonId(std::string_view cmnd);
// The CCCD or CMND text a person id stands for.
std::string PersonIdText(int64_t person_id);

}  // namespace lmis
