// A deterministic synthetic population for tests, demos and load runs: households of a chosen
// set of communes, the population-register extract of every member, the Mẫu 03 worker records
// of the members aged 15+, and optionally a known share of records with planted errors.
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
};

// One person of the population register extract (exchange.md `population` columns).
struct RegisterPerson {
  std::string cccd, full_name, birth_date, sex, ethnicity, permanent_unit, permanent_address,
      current_unit, current_address, household_id, relation_to_head, status, status_date,
      extract_date;
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
};

// Where generated rows go; called in output order.
struct GenOutput {
  std::function<void(const WorkerCells&)> worker;              // required
  std::function<void(const RegisterPerson&)> register_person;  // may be empty
  std::function<void(const PlantedError&)> planted;            // may be empty
};

// Deterministic for equal options and reference data. Throws std::invalid_argument for an
// unknown unit code.
void GeneratePopulation(const RefData& ref, const NameStats& names, const GenOptions& options,
                        const GenOutput& out);

}  // namespace lmis
