#include "reconcile/other_registers.h"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"
#include "reconcile/compare.h"
#include "store/identity_scans.h"

namespace lmis {
namespace {

// One participation period, copied out of the scan.
struct Period {
  int64_t person_id;
  std::string bhxh, si_type, from, to, employer;
};

struct InsuranceIndex {
  std::vector<Period> periods;
  std::unordered_map<int64_t, std::vector<size_t>> by_person;
  std::unordered_map<std::string, std::vector<size_t>> by_bhxh;

  // Periods of a worker: by CCCD, and by BHXH code for rows that carry no CCCD.
  std::vector<const Period*> Of(const WorkerIdentity& w) const {
    std::set<size_t> found;
    if (auto it = by_person.find(w.person_id); it != by_person.end())
      found.insert(it->second.begin(), it->second.end());
    if (!w.bhxh.empty())
      if (auto it = by_bhxh.find(std::string(w.bhxh)); it != by_bhxh.end())
        for (size_t i : it->second)
          if (periods[i].person_id == 0 || periods[i].person_id == w.person_id) found.insert(i);
    std::vector<const Period*> out;
    for (size_t i : found) out.push_back(&periods[i]);
    return out;
  }
};

InsuranceIndex LoadInsurance(Store& store) {
  InsuranceIndex index;
  ScanInsuranceIdentities(store, [&](const InsuranceIdentity& i) {
    index.periods.push_back({i.person_id, std::string(i.bhxh), std::string(i.si_type),
                             std::string(i.from), std::string(i.to),
                             std::string(i.employer_tax_code)});
  });
  for (size_t i = 0; i < index.periods.size(); ++i) {
    if (index.periods[i].person_id) index.by_person[index.periods[i].person_id].push_back(i);
    index.by_bhxh[index.periods[i].bhxh].push_back(i);
  }
  return index;
}

bool Covers(const Period& p, const Date& day) { return PeriodCovers(p.from, p.to, day); }

bool ClaimsInsurance(std::string_view si_type) {
  return si_type == "compulsory" || si_type == "voluntary";
}

Discrepancy Make(const WorkerIdentity& w, DiscrepancyKind kind, std::string_view field,
                 std::string_view worker_value, std::string_view register_value) {
  return {std::string(w.residence_unit), std::string(w.cccd),        kind, std::string(field),
          std::string(worker_value),     std::string(register_value)};
}

// Insured people with a period in force and no worker record anywhere: placed by the
// population register (their commune), kept when inside the units asked for.
void InsuredWithoutRecord(Store& store, const InsuranceIndex& index,
                          const std::unordered_set<int64_t>& seen, const ReconcileRequest& request,
                          ReconcileOutcome* out) {
  std::unordered_map<int64_t, const Period*> insured;
  for (const Period& p : index.periods)
    if (p.person_id && Covers(p, request.as_of) && !seen.contains(p.person_id))
      insured.emplace(p.person_id, &p);
  std::vector<int64_t> ids;
  for (const auto& [id, p] : insured) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  FindWorkerIdentities(store, ids, request.as_of,
                       [&](const WorkerIdentity& w) { insured.erase(w.person_id); });
  ids.clear();
  for (const auto& [id, p] : insured) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  std::unordered_map<int64_t, std::string> residence;
  FindRegisterIdentities(store, ids, [&](const RegisterIdentity& r) {
    residence[r.person_id] = std::string(r.residence_unit);
  });
  std::set<std::string> units;
  if (request.units) units.insert(request.units->begin(), request.units->end());
  for (int64_t id : ids) {
    std::string unit = residence.contains(id) ? residence[id] : "";
    if (request.units && !units.contains(unit)) continue;
    out->discrepancies.push_back(
        {unit, PersonIdText(id), DiscrepancyKind::kNoWorkerRecord, "", "", ""});
  }
}

// Legal-form words left out of organisation names, folded.
const std::vector<std::string>& LegalForms() {
  static const std::vector<std::string> forms = {"tong cong ty",
                                                 "cong ty",
                                                 "trach nhiem huu han",
                                                 "tnhh",
                                                 "co phan",
                                                 "cp",
                                                 "mot thanh vien",
                                                 "mtv",
                                                 "hai thanh vien tro len",
                                                 "chi nhanh",
                                                 "doanh nghiep tu nhan",
                                                 "dntn",
                                                 "tap doan",
                                                 "hop tac xa",
                                                 "htx",
                                                 "viet nam",
                                                 "vn",
                                                 "jsc",
                                                 "co ltd",
                                                 "ltd"};
  return forms;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find(' ', i);
    if (j == std::string_view::npos) j = text.size();
    if (j > i) out.emplace_back(text.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

}  // namespace

std::string CoreOrganisationName(std::string_view name) {
  std::string folded = FoldVietnamese(name);
  for (char& c : folded)
    if (c == '.' || c == ',' || c == '-' || c == '(' || c == ')' || c == '"') c = ' ';
  std::string padded = " " + CollapseSpaces(folded) + " ";
  for (const std::string& form : LegalForms()) {
    const std::string needle = " " + form + " ";
    for (size_t at; (at = padded.find(needle)) != std::string::npos;)
      padded.replace(at, needle.size(), " ");
  }
  return CollapseSpaces(padded);
}

bool SameOrganisation(std::string_view a, std::string_view b) {
  std::vector<std::string> x = Words(CoreOrganisationName(a)), y = Words(CoreOrganisationName(b));
  if (x.empty() || y.empty()) return x == y;
  if (x.size() > y.size()) std::swap(x, y);
  return std::search(y.begin(), y.end(), x.begin(), x.end()) != y.end();
}

ReconcileOutcome ReconcileInsurance(Store& store, const RefData& ref,
                                    const ReconcileRequest& request) {
  ReconcileOutcome out;
  InsuranceIndex index = LoadInsurance(store);
  out.register_rows = static_cast<int64_t>(index.periods.size());
  std::unordered_set<int64_t> seen;
  ScanWorkerIdentities(store, request.units, request.as_of, [&](const WorkerIdentity& w) {
    ++out.workers;
    seen.insert(w.person_id);
    if (!w.closed.empty()) return;
    std::vector<const Period*> periods = index.Of(w);
    const std::string_view claimed = w.lf_status == "employed" ? w.si_type : std::string_view();
    if (periods.empty()) {
      if (ClaimsInsurance(claimed))
        out.discrepancies.push_back(
            Make(w, DiscrepancyKind::kNotInRegister, "si_type", claimed, ""));
      return;
    }
    ++out.matched;
    bool known_code = false;
    for (const Period* p : periods) known_code |= p->bhxh == w.bhxh;
    if (!known_code)
      out.discrepancies.push_back(
          Make(w, DiscrepancyKind::kFieldMismatch, "bhxh", w.bhxh, periods.front()->bhxh));
    std::string in_force, last_end;
    for (const Period* p : periods) {
      if (Covers(*p, request.as_of) && in_force != "compulsory") in_force = p->si_type;
      if (!p->to.empty() && p->to > last_end) last_end = p->to;
    }
    if (in_force.empty()) {
      if (ClaimsInsurance(claimed))
        out.discrepancies.push_back(
            Make(w, DiscrepancyKind::kClosedInRegister, "to", claimed, last_end));
      return;
    }
    if (claimed != in_force)
      out.discrepancies.push_back(
          Make(w, DiscrepancyKind::kFieldMismatch, "si_type", claimed, in_force));
  });
  InsuredWithoutRecord(store, index, seen, request, &out);
  std::sort(out.discrepancies.begin(), out.discrepancies.end(), ReportOrder);
  return out;
}

ReconcileOutcome ReconcileEnterprises(Store& store, const RefData& ref,
                                      const ReconcileRequest& request) {
  ReconcileOutcome out;
  struct Enterprise {
    std::string name, status, status_date, main_industry;
  };
  std::unordered_map<std::string, Enterprise> enterprises;
  ScanEnterpriseIdentities(store, [&](const EnterpriseIdentity& e) {
    enterprises[std::string(e.tax_code)] = {std::string(e.name), std::string(e.status),
                                            std::string(e.status_date),
                                            std::string(e.main_industry)};
  });
  out.register_rows = static_cast<int64_t>(enterprises.size());
  InsuranceIndex index = LoadInsurance(store);
  const std::string day = request.as_of.ToString();
  ScanWorkerIdentities(store, request.units, request.as_of, [&](const WorkerIdentity& w) {
    ++out.workers;
    if (!w.closed.empty() || w.lf_status != "employed") return;
    // The employer: of the compulsory period in force that started last.
    const Period* employer = nullptr;
    for (const Period* p : index.Of(w))
      if (!p->employer.empty() && p->si_type == "compulsory" && Covers(*p, request.as_of) &&
          (!employer || p->from > employer->from))
        employer = p;
    if (!employer) return;
    auto it = enterprises.find(employer->employer);
    if (it == enterprises.end())
      it = enterprises.find(employer->employer.substr(0, 10));  // a branch of a known head office
    if (it == enterprises.end()) {
      out.discrepancies.push_back(
          Make(w, DiscrepancyKind::kNotInRegister, "employer_tax_code", employer->employer, ""));
      return;
    }
    ++out.matched;
    const Enterprise& e = it->second;
    bool closed = (e.status == "dissolved" || e.status == "suspended") &&
                  (e.status_date.empty() || e.status_date <= day);
    if (closed) {
      out.discrepancies.push_back(
          Make(w, DiscrepancyKind::kClosedInRegister, "status", "", e.status));
      return;
    }
    if (!w.workplace_name.empty() && !SameOrganisation(w.workplace_name, e.name))
      out.discrepancies.push_back(
          Make(w, DiscrepancyKind::kFieldMismatch, "name", w.workplace_name, e.name));
    if (!w.industry.empty() && !e.main_industry.empty() &&
        !std::string_view(e.main_industry).starts_with(w.industry) &&
        !w.industry.starts_with(e.main_industry))
      out.discrepancies.push_back(
          Make(w, DiscrepancyKind::kFieldMismatch, "main_industry", w.industry, e.main_industry));
  });
  std::sort(out.discrepancies.begin(), out.discrepancies.end(), ReportOrder);
  return out;
}

}  // namespace lmis
