#include "reconcile/population_reconciler.h"

#include <algorithm>
#include <thread>

#include "core/validate.h"
#include "reconcile/compare.h"

namespace lmis {
namespace {

constexpr int64_t kCmndBase = 1'000'000'000'000;  // person ids from here on are CMND-only
constexpr uint32_t kClosed = 1;

// Packed field positions.
enum W : size_t { kWCccd, kWCmnd, kWName, kWBirth, kWSex, kWCurrent, kWPermanent, kWResidence };
enum R : size_t {
  kRCccd,
  kRName,
  kRBirth,
  kRSex,
  kRCurrent,
  kRPermanent,
  kRResidence,
  kRStatus,
  kRStatusDate
};

UnitEdition EditionOfKey(std::string_view key) {
  auto ref = ParseUnitKey(key);
  return ref ? ref->edition : UnitEdition::k2025;
}

}  // namespace

void PackedRows::Add(int64_t person_id, std::initializer_list<std::string_view> fields,
                     uint32_t flags) {
  Row row{person_id, text_.size(), 0, flags};
  for (std::string_view f : fields) {
    size_t len = std::min<size_t>(f.size(), 0x7fff);
    if (len < 0x80) {
      text_.push_back(static_cast<char>(len));
    } else {
      text_.push_back(static_cast<char>(0x80 | (len >> 8)));
      text_.push_back(static_cast<char>(len & 0xff));
    }
    text_.append(f.data(), len);
  }
  row.size = static_cast<uint32_t>(text_.size() - row.offset);
  rows_.push_back(row);
}

void PackedRows::Sort() {
  auto by_id = [](const Row& a, const Row& b) { return a.person_id < b.person_id; };
  auto middle = rows_.begin() + static_cast<std::ptrdiff_t>(sorted_);
  std::sort(middle, rows_.end(), by_id);
  std::inplace_merge(rows_.begin(), middle, rows_.end(), by_id);
  sorted_ = rows_.size();
}

void PopulationReconciler::AddWorker(const WorkerIdentity& w) {
  workers_.Add(w.person_id,
               {w.cccd, w.cmnd, w.full_name, w.birth_date, w.sex, w.current_unit, w.permanent_unit,
                w.residence_unit},
               w.closed.empty() ? 0 : kClosed);
}

void PopulationReconciler::AddRegister(const RegisterIdentity& p) {
  register_.Add(p.person_id, {p.cccd, p.full_name, p.birth_date, p.sex, p.current_unit,
                              p.permanent_unit, p.residence_unit, p.status, p.status_date});
}

void PopulationReconciler::Match(std::vector<int64_t>* worker_only,
                                 std::vector<int64_t>* register_only) {
  std::thread sorter([this] { register_.Sort(); });
  workers_.Sort();
  sorter.join();
  const auto& w = workers_.rows();
  const auto& p = register_.rows();
  size_t i = 0, j = 0;
  while (i < w.size() || j < p.size()) {
    if (j == p.size() || (i < w.size() && w[i].person_id < p[j].person_id)) {
      worker_only->push_back(w[i++].person_id);
    } else if (i == w.size() || p[j].person_id < w[i].person_id) {
      register_only->push_back(p[j++].person_id);
    } else {
      ++i, ++j;
    }
  }
}

PopulationResult PopulationReconciler::Compare() {
  std::thread sorter([this] { register_.Sort(); });
  workers_.Sort();
  sorter.join();
  PopulationResult out;
  const auto& w = workers_.rows();
  const auto& p = register_.rows();
  out.workers = static_cast<int64_t>(w.size());
  out.register_people = static_cast<int64_t>(p.size());
  size_t i = 0, j = 0;
  while (i < w.size() || j < p.size()) {
    if (j == p.size() || (i < w.size() && w[i].person_id < p[j].person_id)) {
      WorkerOnly(w[i++], &out);
    } else if (i == w.size() || p[j].person_id < w[i].person_id) {
      RegisterOnly(p[j++], &out);
    } else {
      ++out.matched;
      ComparePair(w[i++], p[j++], &out);
    }
  }
  std::sort(out.discrepancies.begin(), out.discrepancies.end(), ReportOrder);
  return out;
}

void PopulationReconciler::ComparePair(const PackedRows::Row& wr, const PackedRows::Row& pr,
                                       PopulationResult* out) const {
  if (wr.flags & kClosed) return;  // a closed record is not compared
  const auto wfields = workers_.Fields<8>(wr);
  const auto pfields = register_.Fields<9>(pr);
  auto wf = [&](size_t k) { return wfields[k]; };
  auto pf = [&](size_t k) { return pfields[k]; };
  const std::string unit(wf(kWResidence));
  const std::string cccd(wf(kWCccd));
  auto add = [&](DiscrepancyKind kind, std::string_view field, std::string_view worker_value,
                 std::string_view register_value) {
    out->discrepancies.push_back({unit, cccd, kind, std::string(field), std::string(worker_value),
                                  std::string(register_value)});
  };
  if (ClosedOn(pf(kRStatus), pf(kRStatusDate), as_of_)) {
    add(DiscrepancyKind::kClosedInRegister, "status", "", pf(kRStatus));
    return;
  }
  if (!SameName(wf(kWName), pf(kRName)))
    add(DiscrepancyKind::kFieldMismatch, "full_name", wf(kWName), pf(kRName));
  if (!CompatibleDates(wf(kWBirth), pf(kRBirth)))
    add(DiscrepancyKind::kFieldMismatch, "birth_date", wf(kWBirth), pf(kRBirth));
  if (wf(kWSex) != pf(kRSex)) add(DiscrepancyKind::kFieldMismatch, "sex", wf(kWSex), pf(kRSex));
  const UnitEdition we = EditionOfKey(wf(kWResidence)), pe = EditionOfKey(pf(kRResidence));
  std::string_view w_current = wf(kWCurrent).empty() ? wf(kWPermanent) : wf(kWCurrent);
  std::string_view p_current = pf(kRCurrent).empty() ? pf(kRPermanent) : pf(kRCurrent);
  if (!SameUnit(ref_.units, we, w_current, pe, p_current))
    add(DiscrepancyKind::kFieldMismatch, "current_unit", w_current, p_current);
  if (!SameUnit(ref_.units, we, wf(kWPermanent), pe, pf(kRPermanent)))
    add(DiscrepancyKind::kFieldMismatch, "permanent_unit", wf(kWPermanent), pf(kRPermanent));
}

void PopulationReconciler::WorkerOnly(const PackedRows::Row& wr, PopulationResult* out) const {
  if (wr.flags & kClosed) return;
  const auto fields = workers_.Fields<8>(wr);
  auto wf = [&](size_t k) { return std::string(fields[k]); };
  Discrepancy d{wf(kWResidence), wf(kWCccd), DiscrepancyKind::kNotInRegister, "", "", ""};
  if (wr.person_id >= kCmndBase) {
    d.cccd.clear();
    d.field = "cmnd";
    d.worker_value = wf(kWCmnd);
  }
  out->discrepancies.push_back(d);
  out->unmatched_workers.push_back({wr.person_id, d.cccd.empty() ? wf(kWCmnd) : d.cccd, wf(kWCccd),
                                    wf(kWName), wf(kWBirth), wf(kWSex), wf(kWResidence)});
}

void PopulationReconciler::RegisterOnly(const PackedRows::Row& pr, PopulationResult* out) const {
  const auto fields = register_.Fields<9>(pr);
  auto pf = [&](size_t k) { return fields[k]; };
  if (ClosedOn(pf(kRStatus), pf(kRStatusDate), as_of_)) return;
  auto birth = PartialDate::Parse(pf(kRBirth));
  if (!birth) return;
  if (CertainlyAtLeast(*birth, as_of_, kMinimumAge))
    out->discrepancies.push_back({std::string(pf(kRResidence)), std::string(pf(kRCccd)),
                                  DiscrepancyKind::kNoWorkerRecord, "", "", ""});
  if (!CertainlyYoungerThan(*birth, as_of_, kMinimumAge))
    out->unmatched_register.push_back(
        {pr.person_id, std::string(pf(kRCccd)), std::string(pf(kRName)), std::string(pf(kRBirth)),
         std::string(pf(kRSex)), std::string(pf(kRResidence)), std::string(pf(kRPermanent)),
         EditionOfKey(pf(kRResidence))});
}

}  // namespace lmis
