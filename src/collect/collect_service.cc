#include "collect/collect_service.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <unordered_set>

#include "auth/session.h"
#include "collect/handover.h"
#include "core/text.h"
#include "registry/lookup.h"
#include "store/identity_scans.h"

namespace lmis {
namespace {

// Audit entries per write: PostgreSQL takes at most 65,535 parameters in one statement.
constexpr size_t kAuditChunk = 2000;
constexpr size_t kMaxHandoverForms = 5000;
constexpr size_t kMaxReason = 500;
constexpr int kMaxPage = 500;

Violation Problem(std::string field, ViolationCode code, std::string vi, std::string en) {
  return {std::move(field), code, std::move(vi), std::move(en)};
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const std::string& i : items) {
    if (!out.empty()) out.append(sep);
    out.append(i);
  }
  return out;
}

std::optional<Date> DateOf(const std::string& text) { return Date::Parse(text); }

std::optional<int64_t> ParseWholeNumber(std::string_view text) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return v;
}

Campaign FromRow(const CampaignRow& r) {
  Campaign c;
  c.id = r.id;
  c.name = r.name;
  c.unit = r.unit;
  c.reference_date = DateOf(r.reference_date).value_or(Date{});
  c.window_start = DateOf(r.window_start).value_or(Date{});
  c.window_end = DateOf(r.window_end).value_or(Date{});
  for (const WaveRow& w : r.waves)
    c.waves.push_back({w.number, w.name, DateOf(w.deadline).value_or(Date{})});
  c.created_by = r.created_by;
  c.created_at = r.created_at;
  c.updated_by = r.updated_by;
  c.updated_at = r.updated_at;
  return c;
}

CampaignRow ToRow(const Campaign& c) {
  CampaignRow r;
  r.id = c.id;
  r.name = c.name;
  r.unit = c.unit;
  r.reference_date = c.reference_date.ToString();
  r.window_start = c.window_start.ToString();
  r.window_end = c.window_end.ToString();
  for (const Wave& w : c.waves) r.waves.push_back({w.number, w.name, w.deadline.ToString()});
  r.created_by = c.created_by;
  r.created_at = c.created_at;
  r.updated_by = c.updated_by;
  r.updated_at = c.updated_at;
  return r;
}

}  // namespace

CollectCaller UserCaller(const Caller& caller) {
  CollectCaller c;
  c.who = &caller.who;
  c.username = caller.who.username;
  c.role = std::string(RoleSlug(caller.who.role));
  c.unit = caller.who.unit;
  c.address = caller.address;
  return c;
}

CollectCaller OperatorCaller(const AuditEvent& identity) {
  CollectCaller c;
  c.username = identity.username;
  c.role = identity.role.empty() ? "operator" : identity.role;
  c.unit = identity.unit.empty() ? "national" : identity.unit;
  c.address = identity.address.empty() ? "cli" : identity.address;
  return c;
}

// ---- audit ----

AuditEvent CollectService::Event(const CollectCaller& c, std::string_view action,
                                 std::string_view outcome, int64_t person_id,
                                 std::string_view province, std::string_view residence,
                                 std::string detail) const {
  AuditEvent e;
  e.at = clock_.Now();
  e.username = c.username;
  e.role = c.role;
  e.unit = c.unit;
  e.action = std::string(action);
  e.outcome = std::string(outcome);
  e.person_id = person_id;
  e.province_code = std::string(province);
  e.residence_unit = std::string(residence);
  e.detail = std::move(detail);
  e.address = c.address;
  return e;
}

AuditEvent CollectService::FormEvent(const CollectCaller& c, std::string_view action,
                                     std::string_view outcome, const FormRow& f,
                                     std::string detail) const {
  if (detail.empty()) detail = "form " + std::to_string(f.id);
  return Event(c, action, outcome, f.person_id, f.province_code, f.unit, std::move(detail));
}

void CollectService::Audit(std::vector<AuditEvent> events) {
  for (size_t start = 0; start < events.size(); start += kAuditChunk) {
    auto first = events.begin() + static_cast<std::ptrdiff_t>(start);
    auto last =
        events.begin() + static_cast<std::ptrdiff_t>(std::min(events.size(), start + kAuditChunk));
    std::vector<AuditEvent> chunk(std::make_move_iterator(first), std::make_move_iterator(last));
    if (audit_)
      audit_->Write(std::move(chunk));
    else
      store_.AppendAudit(chunk);
  }
}

void CollectService::AuditInTransaction(const std::vector<AuditEvent>& events) {
  for (size_t start = 0; start < events.size(); start += kAuditChunk)
    store_.AppendAudit(std::span<const AuditEvent>(events).subspan(
        start, std::min(kAuditChunk, events.size() - start)));
}

void CollectService::Deny(const CollectCaller& c, CollectStatus* status, Decision d,
                          std::string_view action, std::string denial) {
  Audit({Event(c, action, DecisionSlug(d), 0, "", "", denial)});
  status->outcome = CollectOutcome::kDenied;
  status->decision = d;
  status->denial = denial.empty() ? std::string(DecisionSlug(d)) : denial;
}

void CollectService::Conflict(CollectStatus* status, std::string code, std::string vi,
                              std::string en) {
  status->outcome = CollectOutcome::kConflict;
  status->conflict_code = std::move(code);
  status->conflict_vi = std::move(vi);
  status->conflict_en = std::move(en);
}

// ---- helpers ----

std::optional<Campaign> CollectService::OpenCampaign(const CollectCaller& c, CollectStatus* status,
                                                     bool (*may)(Role), std::string_view action,
                                                     int64_t id) {
  if (c.who && !may(c.who->role)) {
    Deny(c, status, Decision::kDenyRole, action);
    return std::nullopt;
  }
  std::optional<Campaign> campaign = LoadCampaign(id);
  if (!campaign) status->outcome = CollectOutcome::kNotFound;
  return campaign;
}

std::optional<Campaign> CollectService::LoadCampaign(int64_t id) {
  std::optional<CampaignRow> row = tables_.FindCampaign(id);
  if (!row) return std::nullopt;
  return FromRow(*row);
}

CampaignView CollectService::ViewOf(const Campaign& campaign) {
  CampaignView v;
  v.campaign = campaign;
  v.quotas = tables_.Quotas(campaign.id);
  v.forms = tables_.CountForms(campaign.id);
  return v;
}

bool CollectService::Covers(const CollectCaller& c, std::string_view commune) const {
  return !c.who || c.who->jurisdiction.Covers(commune);
}

Decision CollectService::SeesCampaign(const CollectCaller& c, const Campaign& campaign) const {
  if (!c.who) return Decision::kAllow;
  if (!MayReadCollection(c.who->role)) return Decision::kDenyRole;
  if (campaign.national() || !c.who->jurisdiction.Units()) return Decision::kAllow;
  const std::optional<std::vector<std::string>> communes = CampaignCommunes(campaign, ref_.units);
  for (const std::string& commune : *communes)
    if (c.who->jurisdiction.Covers(commune)) return Decision::kAllow;
  return Decision::kDenyJurisdiction;
}

Decision CollectService::ManagesCampaign(const CollectCaller& c, const Campaign& campaign) const {
  if (!c.who) return Decision::kAllow;
  if (!MayManageCampaigns(c.who->role)) return Decision::kDenyRole;
  if (c.who->role == Role::kMinistry) return Decision::kAllow;
  if (campaign.national()) return Decision::kDenyJurisdiction;
  std::vector<std::string> communes = *CampaignCommunes(campaign, ref_.units);
  if (communes.empty()) return Decision::kDenyJurisdiction;
  for (const std::string& commune : communes)
    if (!c.who->jurisdiction.Covers(commune)) return Decision::kDenyJurisdiction;
  return Decision::kAllow;
}

std::string CollectService::ProvinceOf(const std::string& commune) const {
  auto ref = ParseUnitKey(commune);
  return ref ? ref_.units.ProvinceNow(ref->edition, ref->code) : "";
}

bool CollectService::CheckUser(const std::string& username, Role role, const std::string& commune,
                               const std::string& field, Violations* out) {
  const std::string label_vi =
      role == Role::kCollector ? "điều tra viên" : std::string(RoleLabelVi(role));
  const std::string label_en =
      role == Role::kCollector ? "collector" : std::string(RoleLabelEn(role));
  if (username.empty()) {
    out->push_back(Problem(field, ViolationCode::kRequired, "Cần tên đăng nhập của " + label_vi,
                           "The username of the " + label_en + " is required"));
    return false;
  }
  std::optional<UserRecord> user = store_.FindUser(username);
  std::optional<Principal> p = user ? PrincipalOf(*user, ref_.units) : std::nullopt;
  if (!p || p->role != role || !p->jurisdiction.Covers(commune)) {
    auto ref = ParseUnitKey(commune);
    const std::string code = ref ? std::string(ref->code) : commune;
    out->push_back(Problem(
        field, ViolationCode::kCodeUnknown,
        QuoteValue(username) + " không phải " + label_vi + " (đang hoạt động) của xã " + code,
        QuoteValue(username) + " is not an active " + label_en + " of commune " + code));
    return false;
  }
  return true;
}

std::vector<WorklistHousehold> CollectService::BuildWorklist(const Campaign& campaign,
                                                             const std::string& commune) {
  auto ref = ParseUnitKey(commune);
  auto units = ResidenceUnitsFor(ref_.units, ref->code, campaign.reference_date);
  WorklistBuilder builder(campaign.reference_date);
  ScanRegisterIdentities(store_, units, [&](const RegisterIdentity& p) { builder.AddRegister(p); });
  std::vector<int64_t> ids = builder.PersonIds();
  std::unordered_set<int64_t> wanted(ids.begin(), ids.end());
  // Most records live where the register says the person lives: one scan of the commune,
  // then the others one query per few thousand.
  std::unordered_set<int64_t> seen;
  ScanWorkerIdentities(store_, units, std::nullopt, [&](const WorkerIdentity& w) {
    if (!wanted.contains(w.person_id)) return;
    seen.insert(w.person_id);
    builder.AddWorker(w);
  });
  std::vector<int64_t> elsewhere;
  for (int64_t id : ids)
    if (!seen.contains(id)) elsewhere.push_back(id);
  FindWorkerIdentities(store_, elsewhere, std::nullopt,
                       [&](const WorkerIdentity& w) { builder.AddWorker(w); });
  std::set<int64_t> forms_seen;
  for (const FormRow& f : tables_.FormsOfPeople(campaign.id, ids)) {
    forms_seen.insert(f.id);
    builder.AddForm(f);
  }
  FormQuery q;
  q.campaign_id = campaign.id;
  q.units = std::vector<std::string>{commune};
  for (const FormRow& f : tables_.ListForms(q))
    if (!forms_seen.contains(f.id)) builder.AddForm(f);
  return builder.Build();
}

// ---- campaigns ----

CollectReply<CampaignView> CollectService::CreateCampaign(const CollectCaller& c,
                                                          const CampaignDraft& draft) {
  CollectReply<CampaignView> reply;
  if (c.who && !MayManageCampaigns(c.who->role)) {
    Deny(c, &reply, Decision::kDenyRole, "campaign_create");
    return reply;
  }
  std::optional<Campaign> campaign = ReadCampaign(draft, ref_.units, &reply.violations);
  if (!campaign) {
    reply.outcome = CollectOutcome::kInvalid;
    return reply;
  }
  if (Decision d = ManagesCampaign(c, *campaign); d != Decision::kAllow) {
    Deny(c, &reply, d, "campaign_create");
    return reply;
  }
  campaign->created_by = campaign->updated_by = c.username;
  campaign->created_at = campaign->updated_at = clock_.Now();
  {
    Transaction tx(store_);
    campaign->id = tables_.AddCampaign(ToRow(*campaign));
    AuditInTransaction({Event(c, "campaign_create", "allow", 0, "", "",
                              "campaign " + std::to_string(campaign->id) + ": " + campaign->name)});
    tx.Commit();
  }
  reply.outcome = CollectOutcome::kCreated;
  reply.value = ViewOf(*campaign);
  return reply;
}

CollectReply<CampaignView> CollectService::UpdateCampaign(const CollectCaller& c, int64_t id,
                                                          const CampaignDraft& draft) {
  CollectReply<CampaignView> reply;
  if (c.who && !MayManageCampaigns(c.who->role)) {
    Deny(c, &reply, Decision::kDenyRole, "campaign_update");
    return reply;
  }
  std::optional<Campaign> before = LoadCampaign(id);
  if (!before) {
    reply.outcome = CollectOutcome::kNotFound;
    return reply;
  }
  std::optional<Campaign> after = ReadCampaign(draft, ref_.units, &reply.violations);
  if (!after) {
    reply.outcome = CollectOutcome::kInvalid;
    return reply;
  }
  for (const Campaign* each : {&*before, &*after})
    if (Decision d = ManagesCampaign(c, *each); d != Decision::kAllow) {
      Deny(c, &reply, d, "campaign_update");
      return reply;
    }
  const int64_t forms = tables_.CountForms(id);
  if (forms > 0 &&
      (after->unit != before->unit || after->reference_date != before->reference_date)) {
    Conflict(&reply, "has_forms",
             "Chiến dịch đã có phiếu: không đổi được địa bàn và thời điểm thu thập",
             "The campaign has forms: its unit and reference date cannot change");
    return reply;
  }
  std::set<int> with_quota;
  for (const QuotaRow& q : tables_.Quotas(id)) with_quota.insert(q.wave);
  for (const Wave& w : before->waves) {
    if (after->FindWave(w.number)) continue;
    if (with_quota.contains(w.number) || tables_.CountForms(id, w.number) > 0) {
      Conflict(&reply, "wave_in_use",
               "Đợt " + std::to_string(w.number) + " đã có chỉ tiêu hoặc phiếu: không bỏ được",
               "Wave " + std::to_string(w.number) + " has quotas or forms: it cannot go");
      return reply;
    }
  }
  after->id = id;
  after->created_by = before->created_by;
  after->created_at = before->created_at;
  after->updated_by = c.username;
  after->updated_at = clock_.Now();
  {
    Transaction tx(store_);
    tables_.UpdateCampaign(ToRow(*after));
    AuditInTransaction(
        {Event(c, "campaign_update", "allow", 0, "", "", "campaign " + std::to_string(id))});
    tx.Commit();
  }
  reply.value = ViewOf(*after);
  return reply;
}

CollectReply<CampaignView> CollectService::GetCampaign(const CollectCaller& c, int64_t id) {
  CollectReply<CampaignView> reply;
  std::optional<Campaign> campaign =
      OpenCampaign(c, &reply, MayReadCollection, "campaign_read", id);
  if (!campaign) return reply;
  if (Decision d = SeesCampaign(c, *campaign); d != Decision::kAllow) {
    Deny(c, &reply, d, "campaign_read");
    return reply;
  }
  reply.value = ViewOf(*campaign);
  return reply;
}

CollectReply<std::vector<CampaignView>> CollectService::ListCampaigns(const CollectCaller& c) {
  CollectReply<std::vector<CampaignView>> reply;
  if (c.who && !MayReadCollection(c.who->role)) {
    Deny(c, &reply, Decision::kDenyRole, "campaign_list");
    return reply;
  }
  for (const CampaignRow& row : tables_.ListCampaigns()) {
    Campaign campaign = FromRow(row);
    if (SeesCampaign(c, campaign) == Decision::kAllow) reply.value.push_back(ViewOf(campaign));
  }
  return reply;
}

CollectReply<CampaignView> CollectService::SetQuotas(const CollectCaller& c, int64_t id,
                                                     const std::vector<QuotaDraft>& drafts) {
  CollectReply<CampaignView> reply;
  std::optional<Campaign> campaign = OpenCampaign(c, &reply, MayManageCampaigns, "quota_set", id);
  if (!campaign) return reply;
  if (Decision d = ManagesCampaign(c, *campaign); d != Decision::kAllow) {
    Deny(c, &reply, d, "quota_set");
    return reply;
  }
  std::vector<Quota> quotas;
  std::set<std::pair<std::string, int>> seen;
  if (drafts.empty())
    reply.violations.push_back(Problem("quotas", ViolationCode::kRequired,
                                       "Cần ít nhất một chỉ tiêu", "At least one quota is needed"));
  for (size_t i = 0; i < drafts.size(); ++i) {
    const std::string field = "quotas[" + std::to_string(i) + "]";
    auto q = ReadQuota(*campaign, ref_.units, drafts[i], field, &reply.violations);
    if (!q) continue;
    if (!seen.insert({q->unit, q->wave}).second) {
      reply.violations.push_back(Problem(field + ".unit", ViolationCode::kFormat,
                                         "Xã và đợt này đã có ở trên",
                                         "This commune and wave are given above already"));
      continue;
    }
    quotas.push_back(std::move(*q));
  }
  if (!reply.violations.empty()) {
    reply.outcome = CollectOutcome::kInvalid;
    return reply;
  }
  std::vector<QuotaRow> rows;
  const std::string now = clock_.Now();
  for (const Quota& q : quotas) rows.push_back({q.unit, q.wave, q.quota, c.username, now});
  {
    Transaction tx(store_);
    tables_.PutQuotas(id, rows);
    AuditInTransaction(
        {Event(c, "quota_set", "allow", 0, "", "",
               "campaign " + std::to_string(id) + ": " + std::to_string(rows.size()) + " quotas")});
    tx.Commit();
  }
  reply.value = ViewOf(*campaign);
  return reply;
}

CollectReply<CampaignView> CollectService::SetQuotasCsv(const CollectCaller& c, int64_t id,
                                                        std::string_view csv) {
  CollectReply<CampaignView> reply;
  std::optional<Campaign> campaign = OpenCampaign(c, &reply, MayManageCampaigns, "quota_set", id);
  if (!campaign) return reply;
  if (Decision d = ManagesCampaign(c, *campaign); d != Decision::kAllow) {
    Deny(c, &reply, d, "quota_set");
    return reply;
  }
  QuotaFile file = ReadQuotaCsv(csv, *campaign, ref_.units);
  if (file.rejects.empty() && file.quotas.empty())
    file.rejects.push_back(
        {1, Problem("unit", ViolationCode::kRequired, "Tệp không có dòng chỉ tiêu nào",
                    "The file holds no quota rows")});
  if (!file.rejects.empty()) {
    reply.outcome = CollectOutcome::kInvalid;
    reply.rejects = std::move(file.rejects);
    for (const QuotaReject& r : reply.rejects) reply.violations.push_back(r.violation);
    return reply;
  }
  std::vector<QuotaDraft> drafts;
  for (const Quota& q : file.quotas)
    drafts.push_back(
        {std::string(ParseUnitKey(q.unit)->code), std::to_string(q.wave), std::to_string(q.quota)});
  return SetQuotas(c, id, drafts);
}

// ---- worklist and assignments ----

CollectReply<WorklistView> CollectService::Worklist(const CollectCaller& c, int64_t id,
                                                    const std::string& unit,
                                                    const std::string& collector) {
  CollectReply<WorklistView> reply;
  std::optional<Campaign> campaign = OpenCampaign(c, &reply, MayReadCollection, "worklist", id);
  if (!campaign) return reply;
  std::optional<std::string> commune =
      CampaignCommune(*campaign, ref_.units, unit, "unit", &reply.violations);
  if (!commune) {
    reply.outcome = CollectOutcome::kInvalid;
    return reply;
  }
  if (!Covers(c, *commune)) {
    Deny(c, &reply, Decision::kDenyJurisdiction, "worklist");
    return reply;
  }
  std::string only = collector;
  if (c.who && c.who->role == Role::kCollector) only = c.username;
  WorklistView& v = reply.value;
  v.campaign = *campaign;
  v.commune = *commune;
  v.commune_code = unit;
  const AdminUnit* u = ref_.units.Find(campaign->edition(), unit);
  v.commune_name = u ? u->name : "";
  for (WorklistHousehold& h : BuildWorklist(*campaign, *commune)) {
    if (!only.empty())
      std::erase_if(h.members, [&](const WorklistPerson& p) { return p.collector != only; });
    if (h.members.empty()) continue;
    v.households.push_back(std::move(h));
  }
  const std::string province = ProvinceOf(*commune);
  std::vector<AuditEvent> events;
  for (const WorklistHousehold& h : v.households)
    for (const WorklistPerson& p : h.members) {
      ++v.people;
      (p.reason == NeedReason::kNoRecord ? v.no_record : v.incomplete) += 1;
      v.age_uncertain += p.age_uncertain;
      v.assigned += p.form_id != 0;
      events.push_back(Event(c, "worklist", "allow", p.person_id, province, *commune,
                             "campaign " + std::to_string(id)));
    }
  if (events.empty())
    events.push_back(Event(c, "worklist", "allow", 0, province, *commune,
                           "campaign " + std::to_string(id) + ": nobody listed"));
  Audit(std::move(events));
  return reply;
}

CollectReply<AssignResult> CollectService::Assign(const CollectCaller& c, int64_t id,
                                                  const AssignRequest& r) {
  CollectReply<AssignResult> reply;
  std::optional<Campaign> campaign =
      OpenCampaign(c, &reply, MayOrganiseCollection, "form_assign", id);
  if (!campaign) return reply;
  Violations& problems = reply.violations;
  std::optional<std::string> commune =
      CampaignCommune(*campaign, ref_.units, r.unit, "unit", &problems);
  if (commune && !Covers(c, *commune)) {
    Deny(c, &reply, Decision::kDenyJurisdiction, "form_assign");
    return reply;
  }
  auto wave = ParseWholeNumber(r.wave);
  if (!wave || !campaign->FindWave(static_cast<int>(*wave)))
    problems.push_back(Problem("wave", ViolationCode::kCodeUnknown,
                               "Chiến dịch không có đợt " + QuoteValue(r.wave),
                               "The campaign has no wave " + QuoteValue(r.wave)));
  if (commune) CheckUser(r.collector, Role::kCollector, *commune, "collector", &problems);
  if (!r.all && r.households.empty())
    problems.push_back(Problem("households", ViolationCode::kRequired,
                               "Cần danh sách mã hộ (hoặc tất cả)",
                               "The households are required (or all)"));
  if (!problems.empty()) {
    reply.outcome = CollectOutcome::kInvalid;
    return reply;
  }
  std::vector<WorklistHousehold> worklist = BuildWorklist(*campaign, *commune);
  std::map<std::string, const WorklistHousehold*> by_id;
  for (const WorklistHousehold& h : worklist)
    if (!h.household_id.empty()) by_id[h.household_id] = &h;
  std::vector<const WorklistHousehold*> chosen;
  if (r.all) {
    for (const WorklistHousehold& h : worklist) chosen.push_back(&h);
  } else {
    std::set<std::string> asked;
    for (size_t i = 0; i < r.households.size(); ++i) {
      const std::string& hh = r.households[i];
      auto it = by_id.find(hh);
      if (it == by_id.end()) {
        problems.push_back(
            Problem("households[" + std::to_string(i) + "]", ViolationCode::kCodeUnknown,
                    "Hộ " + QuoteValue(hh) + " không có trong bảng kê của xã",
                    "Household " + QuoteValue(hh) + " is not on the commune's worklist"));
        continue;
      }
      if (asked.insert(hh).second) chosen.push_back(it->second);
    }
    if (!problems.empty()) {
      reply.outcome = CollectOutcome::kInvalid;
      return reply;
    }
  }
  const std::string now = clock_.Now();
  const std::string province = ProvinceOf(*commune);
  std::vector<FormRow> forms;
  for (const WorklistHousehold* h : chosen)
    for (const WorklistPerson& p : h->members) {
      if (p.form_id != 0) {
        ++reply.value.already_assigned;
        continue;
      }
      FormRow f;
      f.campaign_id = id;
      f.wave = static_cast<int>(*wave);
      f.unit = *commune;
      f.province_code = province;
      f.person_id = p.person_id;
      f.cccd = p.cccd;
      f.full_name = p.full_name;
      f.birth_date = p.birth_date;
      f.sex = p.sex;
      f.household_id = p.household_id;
      f.relation_to_head = p.relation_to_head;
      f.address = p.address;
      f.head = p.head;
      f.age_uncertain = p.age_uncertain;
      f.reason = std::string(ReasonSlug(p.reason));
      f.missing = Join(p.missing, ",");
      f.collector = r.collector;
      f.state = std::string(StateSlug(FormState::kAssigned));
      f.state_at = f.assigned_at = now;
      f.assigned_by = c.username;
      forms.push_back(std::move(f));
    }
  if (forms.empty()) {
    reply.outcome = CollectOutcome::kOk;
    return reply;
  }
  std::vector<int64_t> people;
  for (const FormRow& f : forms) people.push_back(f.person_id);
  {
    Transaction tx(store_);
    if (!tables_.FormsOfPeople(id, people).empty()) {
      tx.Rollback();
      Conflict(&reply, "already_assigned",
               "Một số người vừa được giao cho điều tra viên khác; hãy tải lại bảng kê",
               "Some of these people were assigned meanwhile; reload the worklist");
      return reply;
    }
    tables_.AddForms(forms);
    reply.value.forms = tables_.FormsOfPeople(id, people);
    std::vector<FormEventRow> history;
    std::vector<AuditEvent> events;
    for (const FormRow& f : reply.value.forms) {
      history.push_back({0, f.id, id, f.province_code, f.person_id, "", f.state, c.username, c.role,
                         now, "collector " + f.collector + ", wave " + std::to_string(f.wave)});
      events.push_back(FormEvent(c, "form_assign", "allow", f,
                                 "form " + std::to_string(f.id) + " to " + f.collector));
    }
    tables_.AddEvents(history);
    AuditInTransaction(events);
    tx.Commit();
  }
  reply.outcome = CollectOutcome::kCreated;
  return reply;
}

// ---- forms ----

CollectReply<FormPage> CollectService::ListForms(const CollectCaller& c, int64_t id,
                                                 const FormFilter& filter) {
  CollectReply<FormPage> reply;
  std::optional<Campaign> campaign = OpenCampaign(c, &reply, MayReadCollection, "form_list", id);
  if (!campaign) return reply;
  FormQuery q;
  q.campaign_id = id;
  if (!filter.unit.empty()) {
    std::optional<std::string> commune =
        CampaignCommune(*campaign, ref_.units, filter.unit, "unit", &reply.violations);
    if (commune && !Covers(c, *commune)) {
      Deny(c, &reply, Decision::kDenyJurisdiction, "form_list");
      return reply;
    }
    if (commune) q.units = std::vector<std::string>{*commune};
  } else if (c.who) {
    q.units = c.who->jurisdiction.Units();
  }
  if (!filter.state.empty()) {
    if (!ParseFormState(filter.state))
      reply.violations.push_back(
          Problem("state", ViolationCode::kCodeUnknown,
                  "Trạng thái phiếu không hợp lệ: " + QuoteValue(filter.state),
                  "Unknown form state: " + QuoteValue(filter.state)));
    q.state = filter.state;
  }
  if (filter.wave && !campaign->FindWave(filter.wave))
    reply.violations.push_back(Problem("wave", ViolationCode::kCodeUnknown,
                                       "Chiến dịch không có đợt " + std::to_string(filter.wave),
                                       "The campaign has no wave " + std::to_string(filter.wave)));
  if (!reply.violations.empty()) {
    reply.outcome = CollectOutcome::kInvalid;
    return reply;
  }
  if (!filter.collector.empty()) q.collector = filter.collector;
  if (c.who && c.who->role == Role::kCollector) q.collector = c.username;
  q.wave = filter.wave;
  q.after_id = filter.after_id;
  const int limit = std::clamp(filter.limit, 1, kMaxPage);
  q.limit = limit + 1;
  reply.value.items = tables_.ListForms(q);
  if (static_cast<int>(reply.value.items.size()) > limit) {
    reply.value.items.resize(static_cast<size_t>(limit));
    reply.value.next_after = reply.value.items.back().id;
  }
  std::vector<AuditEvent> events;
  for (const FormRow& f : reply.value.items)
    events.push_back(FormEvent(c, "form_list", "allow", f));
  if (events.empty())
    events.push_back(Event(c, "form_list", "allow", 0, "", "", "campaign " + std::to_string(id)));
  Audit(std::move(events));
  return reply;
}

CollectReply<FormView> CollectService::GetForm(const CollectCaller& c, int64_t form_id) {
  CollectReply<FormView> reply;
  if (c.who && !MayReadCollection(c.who->role)) {
    Deny(c, &reply, Decision::kDenyRole, "form_read");
    return reply;
  }
  std::optional<FormRow> form = tables_.FindForm(form_id);
  if (!form) {
    Audit({Event(c, "form_read", "not_found", 0, "", "", "form " + std::to_string(form_id))});
    reply.outcome = CollectOutcome::kNotFound;
    return reply;
  }
  std::string denial;
  Decision d = Decision::kAllow;
  if (!Covers(c, form->unit)) {
    d = Decision::kDenyJurisdiction;
  } else if (c.who && c.who->role == Role::kCollector && form->collector != c.username) {
    d = Decision::kDenyJurisdiction;
    denial = "not_assigned";
  }
  if (d != Decision::kAllow) {
    Audit({FormEvent(c, "form_read", DecisionSlug(d), *form, denial)});
    reply.outcome = CollectOutcome::kDenied;
    reply.decision = d;
    reply.denial = denial.empty() ? std::string(DecisionSlug(d)) : denial;
    return reply;
  }
  Audit({FormEvent(c, "form_read", "allow", *form)});
  reply.value.form = std::move(*form);
  reply.value.events = tables_.Events(form_id);
  return reply;
}

CollectReply<FormView> CollectService::Move(const CollectCaller& c, int64_t form_id,
                                            const std::string& to_slug, const std::string& reason) {
  CollectReply<FormView> reply;
  std::optional<FormState> to = ParseFormState(to_slug);
  if (!to) {
    reply.outcome = CollectOutcome::kInvalid;
    reply.violations.push_back(
        Problem("to", to_slug.empty() ? ViolationCode::kRequired : ViolationCode::kCodeUnknown,
                "Trạng thái đích không hợp lệ: " + QuoteValue(to_slug),
                "Unknown target state: " + QuoteValue(to_slug)));
    return reply;
  }
  std::optional<FormRow> form = tables_.FindForm(form_id);
  const std::string action_of_to = *to == FormState::kHandedOver  ? "handover"
                                   : *to == FormState::kCollected ? "form_collect"
                                   : *to == FormState::kAccepted  ? "form_accept"
                                   : *to == FormState::kReturned  ? "form_return"
                                   : *to == FormState::kEntered   ? "form_enter"
                                   : *to == FormState::kArchived  ? "form_archive"
                                                                  : "form_move";
  if (!form) {
    Audit({Event(c, action_of_to, "not_found", 0, "", "", "form " + std::to_string(form_id))});
    reply.outcome = CollectOutcome::kNotFound;
    return reply;
  }
  auto from = ParseFormState(form->state);
  const std::string move =
      "form " + std::to_string(form_id) + ": " + form->state + " → " + std::string(to_slug);
  std::optional<Role> role;
  if (c.who) role = c.who->role;
  TransitionVerdict v =
      CheckTransition(role, form->collector == c.username, *from, *to, /*via_handover=*/false);
  auto deny = [&](Decision d, std::string denial) {
    Audit({FormEvent(c, action_of_to, DecisionSlug(d), *form, move + " (" + denial + ")")});
    reply.outcome = CollectOutcome::kDenied;
    reply.decision = d;
    reply.denial = std::move(denial);
  };
  auto refuse = [&](std::string code, std::string vi, std::string en) {
    Audit({FormEvent(c, action_of_to, "deny_state", *form, move + " (" + code + ")")});
    Conflict(&reply, std::move(code), std::move(vi), std::move(en));
  };
  if (v == TransitionVerdict::kDenyRole) {
    deny(Decision::kDenyRole, "deny_role");
    return reply;
  }
  if (!Covers(c, form->unit)) {
    deny(Decision::kDenyJurisdiction, "deny_jurisdiction");
    return reply;
  }
  if (v == TransitionVerdict::kNotAssigned) {
    deny(Decision::kDenyJurisdiction, "not_assigned");
    return reply;
  }
  if (v == TransitionVerdict::kWrongState) {
    refuse("wrong_state",
           "Phiếu đang ở trạng thái \"" + std::string(StateLabelVi(*from)) +
               "\": không chuyển sang \"" + std::string(StateLabelVi(*to)) + "\" được",
           "The form is " + std::string(StateLabelEn(*from)) + ": it cannot become " +
               std::string(StateLabelEn(*to)));
    return reply;
  }
  if (v == TransitionVerdict::kHandoverOnly) {
    refuse("handover_only", "Phiếu chỉ được bàn giao bằng biên bản bàn giao",
           "Forms are handed over only by a hand-over record");
    return reply;
  }
  const TransitionRule* rule = FindTransition(*from, *to);
  if (rule->reason_required && reason.empty()) {
    Audit({FormEvent(c, action_of_to, "fail", *form, move + " (reason_required)")});
    reply.outcome = CollectOutcome::kInvalid;
    reply.violations.push_back(Problem("reason", ViolationCode::kRequired,
                                       "Trả lại phiếu phải ghi rõ lý do",
                                       "Returning a form requires a reason"));
    return reply;
  }
  if (CharacterCount(reason) > kMaxReason) {
    reply.outcome = CollectOutcome::kInvalid;
    reply.violations.push_back(Problem("reason", ViolationCode::kFormat, "Lý do dài quá 500 ký tự",
                                       "The reason is longer than 500 characters"));
    return reply;
  }
  FormRow f = *form;
  const std::string now = clock_.Now();
  if (rule->needs_worker_record) {
    std::optional<WorkerVersion> record = store_.Current(f.person_id);
    if (!record) {
      refuse("no_worker_record",
             "Chưa có phiếu của " + f.cccd + " trong CSDL người lao động: hãy nhập phiếu trước",
             "There is no worker record of " + f.cccd + " yet: enter the form first");
      return reply;
    }
    f.entered_seq = record->seq;
  }
  f.state = std::string(StateSlug(*to));
  f.state_at = now;
  switch (*to) {
    case FormState::kCollected:
      if (f.collected_at.empty()) f.collected_at = now;
      f.last_collected_at = now;
      break;
    case FormState::kAccepted:
      if (f.accepted_at.empty()) f.accepted_at = now;
      break;
    case FormState::kEntered:
      if (f.entered_at.empty()) f.entered_at = now;
      break;
    case FormState::kArchived:
      if (f.archived_at.empty()) f.archived_at = now;
      break;
    case FormState::kReturned:
      f.returned_at = now;
      f.returned_by = c.username;
      f.returned_reason = reason;
      break;
    default:
      break;
  }
  {
    Transaction tx(store_);
    if (!tables_.UpdateForm(f, form->state)) {
      tx.Rollback();
      refuse("wrong_state", "Phiếu vừa được người khác chuyển trạng thái; hãy tải lại",
             "The form was moved by someone else meanwhile; reload it");
      return reply;
    }
    FormEventRow e{0,           f.id,        f.campaign_id, f.province_code,
                   f.person_id, form->state, f.state,       c.username,
                   c.role,      now,         reason};
    tables_.AddEvents({&e, 1});
    AuditInTransaction({FormEvent(c, rule->audit_action, "allow", f, move)});
    tx.Commit();
  }
  reply.value.form = std::move(f);
  reply.value.events = tables_.Events(form_id);
  return reply;
}

CollectReply<FormView> CollectService::Reassign(const CollectCaller& c, int64_t form_id,
                                                const std::string& collector) {
  CollectReply<FormView> reply;
  if (c.who && !MayOrganiseCollection(c.who->role)) {
    Deny(c, &reply, Decision::kDenyRole, "form_reassign");
    return reply;
  }
  std::optional<FormRow> form = tables_.FindForm(form_id);
  if (!form) {
    reply.outcome = CollectOutcome::kNotFound;
    return reply;
  }
  if (!Covers(c, form->unit)) {
    Audit({FormEvent(c, "form_reassign", "deny_jurisdiction", *form)});
    reply.outcome = CollectOutcome::kDenied;
    reply.decision = Decision::kDenyJurisdiction;
    reply.denial = "deny_jurisdiction";
    return reply;
  }
  if (!CheckUser(collector, Role::kCollector, form->unit, "collector", &reply.violations)) {
    reply.outcome = CollectOutcome::kInvalid;
    return reply;
  }
  if (form->state != StateSlug(FormState::kAssigned)) {
    Audit({FormEvent(c, "form_reassign", "deny_state", *form,
                     "form " + std::to_string(form_id) + " is " + form->state)});
    Conflict(&reply, "wrong_state",
             "Chỉ giao lại được phiếu chưa thu thập (đang ở trạng thái \"Đã giao\")",
             "Only a form not collected yet (assigned) can go to another collector");
    return reply;
  }
  FormRow f = *form;
  if (f.collector != collector) {
    f.collector = collector;
    const std::string now = clock_.Now();
    {
      Transaction tx(store_);
      if (!tables_.UpdateForm(f, form->state)) {
        tx.Rollback();
        Conflict(&reply, "wrong_state", "Phiếu vừa được người khác chuyển trạng thái; hãy tải lại",
                 "The form was moved by someone else meanwhile; reload it");
        return reply;
      }
      FormEventRow e{0,
                     f.id,
                     f.campaign_id,
                     f.province_code,
                     f.person_id,
                     f.state,
                     f.state,
                     c.username,
                     c.role,
                     now,
                     "collector " + form->collector + " → " + collector};
      tables_.AddEvents({&e, 1});
      AuditInTransaction({FormEvent(
          c, "form_reassign", "allow", f,
          "form " + std::to_string(form_id) + ": " + form->collector + " → " + collector)});
      tx.Commit();
    }
  }
  reply.value.form = std::move(f);
  reply.value.events = tables_.Events(form_id);
  return reply;
}

// ---- hand-over records ----

CollectReply<HandoverView> CollectService::CreateHandover(const CollectCaller& c, int64_t id,
                                                          const HandoverRequest& r) {
  CollectReply<HandoverView> reply;
  std::optional<Role> role;
  if (c.who) role = c.who->role;
  if (CheckTransition(role, true, FormState::kAccepted, FormState::kHandedOver, true) ==
      TransitionVerdict::kDenyRole) {
    Deny(c, &reply, Decision::kDenyRole, "handover");
    return reply;
  }
  std::optional<Campaign> campaign = LoadCampaign(id);
  if (!campaign) {
    reply.outcome = CollectOutcome::kNotFound;
    return reply;
  }
  Violations& problems = reply.violations;
  std::optional<std::string> commune =
      CampaignCommune(*campaign, ref_.units, r.unit, "unit", &problems);
  if (commune && !Covers(c, *commune)) {
    Deny(c, &reply, Decision::kDenyJurisdiction, "handover");
    return reply;
  }
  if (commune) CheckUser(r.to, Role::kCommunePolice, *commune, "to", &problems);
  if (r.form_ids.empty())
    problems.push_back(Problem("forms", ViolationCode::kRequired, "Cần danh sách phiếu bàn giao",
                               "The forms to hand over are required"));
  if (r.form_ids.size() > kMaxHandoverForms)
    problems.push_back(Problem("forms", ViolationCode::kFormat,
                               "Một biên bản có nhiều nhất 5.000 phiếu",
                               "A hand-over record holds at most 5,000 forms"));
  if (r.note.size() > 2000)
    problems.push_back(Problem("note", ViolationCode::kFormat, "Ghi chú dài quá 2.000 ký tự",
                               "The note is longer than 2,000 characters"));
  std::set<int64_t> distinct;
  for (size_t i = 0; i < r.form_ids.size(); ++i)
    if (!distinct.insert(r.form_ids[i]).second)
      problems.push_back(Problem("forms[" + std::to_string(i) + "]", ViolationCode::kFormat,
                                 "Phiếu " + std::to_string(r.form_ids[i]) + " lặp lại",
                                 "Form " + std::to_string(r.form_ids[i]) + " is listed twice"));
  if (!problems.empty()) {
    reply.outcome = CollectOutcome::kInvalid;
    return reply;
  }
  std::map<int64_t, FormRow> found;
  for (FormRow& f : tables_.FindForms(r.form_ids)) found.emplace(f.id, std::move(f));
  for (size_t i = 0; i < r.form_ids.size(); ++i) {
    auto it = found.find(r.form_ids[i]);
    if (it == found.end() || it->second.campaign_id != id || it->second.unit != *commune) {
      problems.push_back(Problem(
          "forms[" + std::to_string(i) + "]", ViolationCode::kCodeUnknown,
          "Phiếu " + std::to_string(r.form_ids[i]) + " không thuộc chiến dịch và xã này",
          "Form " + std::to_string(r.form_ids[i]) + " is not of this campaign and commune"));
      break;  // the first offending form
    }
  }
  if (!problems.empty()) {
    reply.outcome = CollectOutcome::kInvalid;
    return reply;
  }
  auto first_not_accepted = [&]() -> const FormRow* {
    for (int64_t fid : r.form_ids)
      if (found[fid].state != StateSlug(FormState::kAccepted)) return &found[fid];
    return nullptr;
  };
  auto refuse = [&](const FormRow& f) {
    auto state = ParseFormState(f.state);
    Audit({FormEvent(c, "handover", "deny_state", f,
                     "form " + std::to_string(f.id) + " is " + f.state)});
    Conflict(&reply, "wrong_state",
             "Phiếu " + std::to_string(f.id) + " (" + f.full_name + ") đang ở trạng thái \"" +
                 std::string(StateLabelVi(*state)) +
                 "\", chưa được nghiệm thu: không bàn giao phiếu nào",
             "Form " + std::to_string(f.id) + " is " + std::string(StateLabelEn(*state)) +
                 ", not accepted: no form was handed over");
  };
  if (const FormRow* bad = first_not_accepted()) {
    refuse(*bad);
    return reply;
  }
  std::vector<HandoverItem> items;
  for (int64_t fid : r.form_ids) items.push_back({fid, found[fid].cccd});
  HandoverRow h;
  h.campaign_id = id;
  h.unit = *commune;
  h.province_code = ProvinceOf(*commune);
  h.from_user = c.username;
  h.from_role = c.role;
  h.to_user = r.to;
  h.at = clock_.Now();
  h.form_count = static_cast<int64_t>(r.form_ids.size());
  h.check_code = HandoverCheckCode(items);
  h.note = r.note;
  h.form_ids = r.form_ids;
  {
    Transaction tx(store_);
    h.id = tables_.AddHandover(h);
    if (tables_.HandOverForms(r.form_ids, h.id, h.at) != h.form_count) {
      tx.Rollback();
      found.clear();
      for (FormRow& f : tables_.FindForms(r.form_ids)) found.emplace(f.id, std::move(f));
      const FormRow* bad = first_not_accepted();
      if (bad) {
        refuse(*bad);
      } else {
        Conflict(&reply, "wrong_state", "Phiếu vừa được người khác chuyển trạng thái; hãy thử lại",
                 "Forms were moved by someone else meanwhile; try again");
      }
      return reply;
    }
    std::vector<FormEventRow> history;
    std::vector<AuditEvent> events;
    for (int64_t fid : r.form_ids) {
      const FormRow& f = found[fid];
      history.push_back({0, f.id, id, f.province_code, f.person_id, f.state,
                         std::string(StateSlug(FormState::kHandedOver)), c.username, c.role, h.at,
                         "biên bản bàn giao " + std::to_string(h.id) + " → " + r.to});
      events.push_back(FormEvent(c, "handover", "allow", f,
                                 "form " + std::to_string(f.id) +
                                     ": accepted → handed_over, record " + std::to_string(h.id) +
                                     " to " + r.to));
    }
    tables_.AddEvents(history);
    AuditInTransaction(events);
    tx.Commit();
  }
  reply.outcome = CollectOutcome::kCreated;
  reply.value.campaign = *campaign;
  reply.value.handover = std::move(h);
  reply.value.forms = tables_.FindForms(r.form_ids);
  std::map<int64_t, size_t> position;
  for (size_t i = 0; i < r.form_ids.size(); ++i) position[r.form_ids[i]] = i;
  std::sort(reply.value.forms.begin(), reply.value.forms.end(),
            [&](const FormRow& a, const FormRow& b) { return position[a.id] < position[b.id]; });
  return reply;
}

CollectReply<std::vector<HandoverRow>> CollectService::ListHandovers(const CollectCaller& c,
                                                                     int64_t id,
                                                                     const std::string& unit) {
  CollectReply<std::vector<HandoverRow>> reply;
  if (c.who && (!MayReadCollection(c.who->role) || c.who->role == Role::kCollector)) {
    Deny(c, &reply, Decision::kDenyRole, "handover_list");
    return reply;
  }
  std::optional<Campaign> campaign = LoadCampaign(id);
  if (!campaign) {
    reply.outcome = CollectOutcome::kNotFound;
    return reply;
  }
  std::optional<std::vector<std::string>> units;
  if (!unit.empty()) {
    auto commune = CampaignCommune(*campaign, ref_.units, unit, "unit", &reply.violations);
    if (!commune) {
      reply.outcome = CollectOutcome::kInvalid;
      return reply;
    }
    if (!Covers(c, *commune)) {
      Deny(c, &reply, Decision::kDenyJurisdiction, "handover_list");
      return reply;
    }
    units = std::vector<std::string>{*commune};
  } else if (c.who) {
    units = c.who->jurisdiction.Units();
  }
  reply.value = tables_.ListHandovers(id, units);
  return reply;
}

CollectReply<HandoverView> CollectService::GetHandover(const CollectCaller& c,
                                                       int64_t handover_id) {
  CollectReply<HandoverView> reply;
  if (c.who && (!MayReadCollection(c.who->role) || c.who->role == Role::kCollector)) {
    Deny(c, &reply, Decision::kDenyRole, "handover_read");
    return reply;
  }
  std::optional<HandoverRow> h = tables_.FindHandover(handover_id);
  std::optional<Campaign> campaign = h ? LoadCampaign(h->campaign_id) : std::nullopt;
  if (!h || !campaign) {
    reply.outcome = CollectOutcome::kNotFound;
    return reply;
  }
  if (!Covers(c, h->unit)) {
    Deny(c, &reply, Decision::kDenyJurisdiction, "handover_read");
    return reply;
  }
  reply.value.campaign = *campaign;
  reply.value.forms = tables_.FindForms(h->form_ids);
  std::map<int64_t, size_t> position;
  for (size_t i = 0; i < h->form_ids.size(); ++i) position[h->form_ids[i]] = i;
  std::sort(reply.value.forms.begin(), reply.value.forms.end(),
            [&](const FormRow& a, const FormRow& b) { return position[a.id] < position[b.id]; });
  std::vector<AuditEvent> events;
  for (const FormRow& f : reply.value.forms)
    events.push_back(
        FormEvent(c, "handover_read", "allow", f, "record " + std::to_string(handover_id)));
  Audit(std::move(events));
  reply.value.handover = std::move(*h);
  return reply;
}

// ---- progress ----

CollectReply<ProgressReport> CollectService::Progress(const CollectCaller& c, int64_t id,
                                                      const ProgressRequest& r) {
  CollectReply<ProgressReport> reply;
  std::optional<Campaign> campaign = OpenCampaign(c, &reply, MayReadCollection, "progress", id);
  if (!campaign) return reply;
  const UnitEdition edition = campaign->edition();
  ProgressReport& report = reply.value;
  report.campaign = *campaign;
  std::optional<Date> as_of =
      r.as_of.empty() ? std::optional(clock_.Today()) : Date::Parse(r.as_of);
  if (!as_of)
    reply.violations.push_back(Problem("as_of", ViolationCode::kDateFormat,
                                       "Ngày phải có dạng YYYY-MM-DD: " + QuoteValue(r.as_of),
                                       "The date must be YYYY-MM-DD: " + QuoteValue(r.as_of)));
  std::vector<const Wave*> waves;
  if (r.wave.empty()) {
    for (const Wave& w : campaign->waves) waves.push_back(&w);
  } else if (auto n = ParseWholeNumber(r.wave); n && campaign->FindWave(static_cast<int>(*n))) {
    waves.push_back(campaign->FindWave(static_cast<int>(*n)));
  } else {
    reply.violations.push_back(Problem("wave", ViolationCode::kCodeUnknown,
                                       "Chiến dịch không có đợt " + QuoteValue(r.wave),
                                       "The campaign has no wave " + QuoteValue(r.wave)));
  }
  // The communes reported: those of `unit` (either tree) in the campaign's tree and unit.
  std::optional<std::vector<std::string>> communes;
  if (!r.unit.empty()) {
    const Date tree_day = r.tree == "pre2025" ? Date{2025, 6, 30}
                          : r.tree == "2025"  ? Date{2025, 7, 1}
                                              : campaign->reference_date;
    auto keys = ResidenceUnitsFor(ref_.units, r.unit, tree_day);
    if (!keys) {
      reply.violations.push_back(Problem("unit", ViolationCode::kUnitUnknown,
                                         "Không có đơn vị hành chính " + QuoteValue(r.unit),
                                         "No administrative unit " + QuoteValue(r.unit)));
    } else {
      communes.emplace();
      for (const std::string& k : *keys)
        if (CampaignCovers(*campaign, ref_.units, k)) communes->push_back(k);
      const AdminUnit* u = ref_.units.Find(EditionAt(tree_day), r.unit);
      report.unit_code = r.unit;
      report.unit_name = u ? u->name : "";
    }
  } else {
    communes = CampaignCommunes(*campaign, ref_.units);
    if (auto u = ParseUnitKey(campaign->unit)) {
      report.unit_code = std::string(u->code);
      const AdminUnit* a = ref_.units.Find(u->edition, u->code);
      report.unit_name = a ? a->name : "";
    } else {
      report.unit_name = "Toàn quốc";
    }
  }
  if (!reply.violations.empty()) {
    reply.outcome = CollectOutcome::kInvalid;
    return reply;
  }
  if (c.who) {
    if (Decision d = SeesCampaign(c, *campaign); d != Decision::kAllow) {
      Deny(c, &reply, d, "progress");
      return reply;
    }
    if (auto mine = c.who->jurisdiction.Units()) {
      std::vector<std::string> visible;
      if (communes) {
        for (const std::string& k : *communes)
          if (c.who->jurisdiction.Covers(k)) visible.push_back(k);
        if (visible.empty() && !communes->empty()) {
          Deny(c, &reply, Decision::kDenyJurisdiction, "progress");
          return reply;
        }
      } else {
        for (const std::string& k : *mine)
          if (auto u = ParseUnitKey(k); u && u->edition == edition) visible.push_back(k);
      }
      communes = std::move(visible);
    }
  }
  report.as_of = *as_of;
  std::map<std::pair<std::string, int>, int64_t> quotas;
  std::set<std::string> allowed;
  if (communes) allowed.insert(communes->begin(), communes->end());
  for (const QuotaRow& q : tables_.Quotas(id))
    if (!communes || allowed.contains(q.unit)) quotas[{q.unit, q.wave}] = q.quota;
  const std::string until = EndOfLocalDay(*as_of);
  for (const Wave* w : waves) {
    std::map<std::string, ProgressCounts> rows;
    for (const auto& [key, quota] : quotas)
      if (key.second == w->number) rows[key.first].quota = quota;
    for (const FormCounts& fc :
         tables_.CountByCommune(id, w->number, communes, until, EndOfLocalDay(w->deadline))) {
      ProgressCounts& p = rows[fc.unit];
      p.assigned = fc.assigned;
      p.collected = fc.collected;
      p.accepted = fc.accepted;
      p.handed_over = fc.handed_over;
      p.entered = fc.entered;
      p.archived = fc.archived;
      p.returned = fc.returned;
      p.collected_by_deadline = fc.collected_by_deadline;
      p.collected_after_deadline = fc.collected_after_deadline;
    }
    WaveProgress wp;
    wp.number = w->number;
    wp.name = w->name;
    wp.deadline = w->deadline;
    for (const auto& [unit, counts] : rows) {
      auto u = ParseUnitKey(unit);
      const AdminUnit* a = u ? ref_.units.Find(u->edition, u->code) : nullptr;
      wp.lines.push_back(MakeProgressLine(unit, u ? std::string(u->code) : unit, a ? a->name : "",
                                          w->number, counts, w->deadline, *as_of));
    }
    wp.total = TotalLine(wp.lines, w->number, w->deadline, *as_of);
    report.waves.push_back(std::move(wp));
  }
  return reply;
}

}  // namespace lmis
