// A deterministic synthetic population for tests, demos and load runs: households of a chosen
// set of communes, the population-register extract of every member, the Mẫu 03 worker records
// of the members aged 15+, and optionally a known share of records with planted validation
// errors and a known share of people with planted discrepancies between the two.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/refdata.h"
#include "core/worker.h"

namespace lmis {

// Name frequencies used to draw realistic Vietnamese names. Index 0 = male, 1 = female.
struct NameStats {
  std::vector<std::string> surnames;
  std::vector<double> surname_weights;
  std::vector<std::string> middle[2];  // chữ đệm, weighted by how often it goes with that sex
  std::vector<double> middle_weights[2];
  std::vector<std::string> given[2];  // tên (one syllable)
  std::vector<double> given_weights[2];
  std::vector<std::string> two_syllable[2];  // "Bảo Anh": chữ đệm + tên that mark the sex
};
// Reads data/names_*.csv with lmis::CsvReader. Throws std::runtime_error on a missing file.
NameStats LoadNameStats(const std::string& data_dir);

// What to generate.
struct GenOptions {
  uint64_t seed = 20251001;
  int64_t people = 10000;  // number of Mẫu 03 worker records (people aged 15+) to produce
  // Province or commune codes of the tree in force at reference_date; empty = every commune of
  // province "08".
  std::vector<std::string> units;
  Date reference_date{2025, 10, 1};  // collected_on of every record
  double error_rate = 0.0;           // share of worker records given exactly one planted error
  // Share of the people given a worker record (before omissions) who get exactly one planted
  // register plant instead: a discrepancy between their worker record and their register row,
  // or a harmless spelling difference (see ReconcileTruth). Drawn from a stream of its own, so
  // the same seed gives the same people at any rate; people with a planted validation error get
  // none. `people` stays the number of worker records written.
  double register_error_rate = 0.0;
};

// One person of the population register extract (exchange.md `population` columns).
struct RegisterPerson {
  std::string cccd, full_name, birth_date, sex, ethnicity, permanent_unit, permanent_address,
      current_unit, current_address, household_id, relation_to_head, status, status_date,
      extract_date;
  bool operator==(const RegisterPerson&) const = default;
};

// One planted error: which worker record (0-based index in output order), the person's true
// CCCD, what was done, and the violation the validator must report (field + code as in
// exchange.md rejects), or empty expected_code when validation cannot see it (e.g. a CCCD typo
// that keeps a valid structure: only reconciliation with the register finds it).
struct PlantedError {
  int64_t record_index;
  std::string true_cccd;
  std::string kind;
  std::string field;
  std::string expected_code;
  bool operator==(const PlantedError&) const = default;
};

// One row that reconciling the worker records with the register extract at the reference date
// (`lmis reconcile population --as-of`) must give because of a register plant:
// - kind field_mismatch (field full_name, birth_date, sex, current_unit or permanent_unit, with
//   both values), not_in_register (cccd = the worker's; or cccd "", field "cmnd" and
//   worker_value = the CMND of a record without CCCD), no_worker_record (cccd = the register's),
//   closed_in_register (field "status", register_value deceased/emigrated);
// - kind "link": a worker record whose CCCD is mistyped (field "cccd", worker_value = the typo)
//   or missing (field "cmnd", worker_value = the CMND) belongs to the register person cccd =
//   register_value; probabilistic linkage should propose them;
// - kind "none": a planted look-alike (another spelling of the name, a partial birth date, an
//   explicit current unit) for which nothing may be reported; cccd = the person's.
// Every plant gives one row, except cccd_typo and cccd_missing: not_in_register, no_worker_record
// (when the person is certainly 15+ by the register's birth date) and link. The rows assume
// error_rate 0: what planted validation errors cause is not listed.
struct ReconcileTruth {
  std::string planted;  // the plant: name_mismatch, birth_date_mismatch, current_unit_mismatch,
                        // cccd_typo, cccd_missing, sex_mismatch, permanent_unit_mismatch,
                        // not_in_register, closed_in_register, no_worker_record, name_variant,
                        // birth_date_partial, current_unit_explicit
  std::string cccd;
  std::string kind;
  std::string field;
  // Names NFC with spacing collapsed (as imports store them); for current_unit the effective
  // unit (current_unit, else permanent_unit).
  std::string worker_value;
  std::string register_value;
  bool operator==(const ReconcileTruth&) const = default;
};

// Where generated rows go; called in output order.
struct GenOutput {
  std::function<void(const WorkerCells&)> worker;              // required
  std::function<void(const RegisterPerson&)> register_person;  // may be empty
  std::function<void(const PlantedError&)> planted;            // may be empty
  std::function<void(const ReconcileTruth&)> reconcile_truth;  // may be empty
};

// Deterministic for equal options and reference data. Throws std::invalid_argument for an
// unknown unit code.
void GeneratePopulation(const RefData& ref, const NameStats& names, const GenOptions& options,
                        const GenOutput& out);

}  // namespace lmis
