// Reconciliation of the worker records with the population register (đối soát): records are
// matched by CCCD and compared field by field; workers the register does not know, register
// people aged 15+ without a worker record, and people the register has closed (deceased,
// emigrated) while lmis still holds them active are listed. No I/O: rows are handed in by
// the caller (two threads may feed the two sides at once), kept packed in memory (tens of
// bytes per person), matched by sorting on the person id.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/refdata.h"
#include "reconcile/discrepancy.h"
#include "store/identity_scans.h"

namespace lmis {

// One side's rows: the fields reconciliation reads, packed into one text buffer, each field
// after its length (one byte below 128, else two), so that reading them back needs no search.
class PackedRows {
 public:
  struct Row {
    int64_t person_id;
    uint64_t offset;  // into text_
    uint32_t size;
    uint32_t flags;
  };
  // Appends a row of `fields` (each shorter than 32 KiB; longer ones are cut there).
  void Add(int64_t person_id, std::initializer_list<std::string_view> fields, uint32_t flags = 0);
  // The first N fields of `row` (N at most the number it was added with).
  template <size_t N>
  std::array<std::string_view, N> Fields(const Row& row) const {
    std::array<std::string_view, N> out{};
    const char* p = text_.data() + row.offset;
    const char* end = p + row.size;
    for (size_t k = 0; k < N && p < end; ++k) {
      size_t len = static_cast<unsigned char>(*p++);
      if (len & 0x80) len = ((len & 0x7f) << 8) | static_cast<unsigned char>(*p++);
      out[k] = std::string_view(p, len);
      p += len;
    }
    return out;
  }
  // Sorts by person id; rows added since the last sort are merged in.
  void Sort();
  std::vector<Row>& rows() { return rows_; }
  const std::vector<Row>& rows() const { return rows_; }
  size_t memory() const { return text_.capacity() + rows_.capacity() * sizeof(Row); }

 private:
  std::string text_;
  std::vector<Row> rows_;
  size_t sorted_ = 0;
};

// A worker record left without a register match, or a register person left without a
// worker record: the candidates of probabilistic linkage.
struct UnmatchedWorker {
  int64_t person_id;
  std::string id_text;  // the CCCD, or the CMND of a record without one
  std::string cccd, full_name, birth_date, sex, residence_unit;
};
struct UnmatchedRegisterPerson {
  int64_t person_id;
  std::string cccd, full_name, birth_date, sex, residence_unit, permanent_unit;
  UnitEdition edition;
};

// The outcome of one reconciliation.
struct PopulationResult {
  std::vector<Discrepancy> discrepancies;                   // in ReportOrder
  std::vector<UnmatchedWorker> unmatched_workers;           // open records only
  std::vector<UnmatchedRegisterPerson> unmatched_register;  // alive, possibly 15+, on as_of
  int64_t workers = 0, register_people = 0, matched = 0;
};

class PopulationReconciler {
 public:
  PopulationReconciler(const RefData& ref, const Date& as_of) : ref_(ref), as_of_(as_of) {}
  PopulationReconciler(const PopulationReconciler&) = delete;
  PopulationReconciler& operator=(const PopulationReconciler&) = delete;

  // The two sides. AddWorker and AddRegister touch separate state: one thread may feed each,
  // and sort its side when done (SortWorkers, SortRegister) while the other still reads.
  void AddWorker(const WorkerIdentity& w);
  void AddRegister(const RegisterIdentity& p);
  void SortWorkers() { workers_.Sort(); }
  void SortRegister() { register_.Sort(); }

  // Matches the sides (sorting them, in two threads) and returns the ids found on one side
  // only, so that a caller reconciling part of the country can add their other side from
  // outside it before comparing.
  void Match(std::vector<int64_t>* worker_only, std::vector<int64_t>* register_only);
  // Compares (after Match; rows added since are merged in).
  PopulationResult Compare();

  size_t memory() const { return workers_.memory() + register_.memory(); }

 private:
  void ComparePair(const PackedRows::Row& w, const PackedRows::Row& p, PopulationResult* out) const;
  void WorkerOnly(const PackedRows::Row& w, PopulationResult* out) const;
  void RegisterOnly(const PackedRows::Row& p, PopulationResult* out) const;

  const RefData& ref_;
  const Date as_of_;
  PackedRows workers_, register_;
};

}  // namespace lmis
