#include "registry/worker_service.h"

#include <algorithm>

#include "core/text.h"
#include "core/validate.h"
#include "core/worker_codec.h"
#include "registry/import.h"
#include "registry/lookup.h"

namespace lmis {
namespace {

// Mixed into the content hash of a closing version: the same answers, closed, are a change.
constexpr uint64_t kClosedMark = 0x9e3779b97f4a7c15ull;

constexpr int kMaxPage = 200;

std::string_view PutSlug(PutOutcome o) {
  switch (o) {
    case PutOutcome::kCreated:
      return "created";
    case PutOutcome::kNewVersion:
      return "new_version";
    case PutOutcome::kUnchanged:
      return "unchanged";
  }
  return "";
}

Violation Problem(std::string field, ViolationCode code, std::string vi, std::string en) {
  return {std::move(field), code, std::move(vi), std::move(en)};
}

// The day `years` years before `day` (29 February falls back to the 28th).
Date YearsBefore(const Date& day, int years) {
  Date d{day.year - years, day.month, day.day};
  d.day = std::min(d.day, DaysInMonth(d.year, d.month));
  return d;
}

Date NextDay(Date d) {
  if (++d.day > DaysInMonth(d.year, d.month)) {
    d.day = 1;
    if (++d.month > 12) {
      d.month = 1;
      ++d.year;
    }
  }
  return d;
}

}  // namespace

AuditEvent WorkerService::Event(const Caller& caller, std::string_view action,
                                std::string_view outcome, int64_t person_id,
                                std::string_view province, std::string_view residence) const {
  AuditEvent e;
  e.at = clock_.Now();
  e.username = caller.who.username;
  e.role = std::string(RoleSlug(caller.who.role));
  e.unit = caller.who.unit;
  e.action = std::string(action);
  e.outcome = std::string(outcome);
  e.person_id = person_id;
  e.province_code = std::string(province);
  e.residence_unit = std::string(residence);
  e.address = caller.address;
  return e;
}

std::optional<WorkerVersion> WorkerService::Locate(const Caller& caller, std::string_view id,
                                                   Action action, std::string_view audit_action,
                                                   WorkerReply* reply) {
  auto person = PersonIdFromText(id);
  if (!person) {
    reply->outcome = ServiceOutcome::kInvalid;
    reply->violations.push_back(
        Problem("cccd", ViolationCode::kFormat,
                "Số CCCD phải gồm 12 chữ số (hoặc CMND 9 chữ số): " + QuoteValue(id),
                "A CCCD number has 12 digits (a CMND 9): " + QuoteValue(id)));
    return std::nullopt;
  }
  std::optional<WorkerVersion> v = store_.Current(*person);
  if (!v) {
    audit_.Write({Event(caller, audit_action, "not_found", *person, "", "")});
    reply->outcome = ServiceOutcome::kNotFound;
    return std::nullopt;
  }
  Decision d = Decide(caller.who, action, {v->person_id, v->residence_unit});
  if (d != Decision::kAllow) {
    audit_.Write({Event(caller, audit_action, DecisionSlug(d), v->person_id, v->province_code,
                        v->residence_unit)});
    reply->outcome = ServiceOutcome::kDenied;
    reply->decision = d;
    return std::nullopt;
  }
  return v;
}

WorkerReply WorkerService::Get(const Caller& caller, std::string_view id) {
  WorkerReply reply;
  std::optional<WorkerVersion> v = Locate(caller, id, Action::kRead, "read", &reply);
  if (!v) return reply;
  audit_.Write({Event(caller, "read", "allow", v->person_id, v->province_code, v->residence_unit)});
  reply.versions.push_back(std::move(*v));
  return reply;
}

WorkerReply WorkerService::History(const Caller& caller, std::string_view id) {
  WorkerReply reply;
  std::optional<WorkerVersion> v = Locate(caller, id, Action::kRead, "history", &reply);
  if (!v) return reply;
  audit_.Write(
      {Event(caller, "history", "allow", v->person_id, v->province_code, v->residence_unit)});
  reply.versions = store_.History(v->person_id);
  return reply;
}

WorkerReply WorkerService::Create(const Caller& caller, const WorkerCells& cells) {
  return Write(caller, cells, std::nullopt, "create", ChangeSource::kCollection, "");
}

WorkerReply WorkerService::Update(const Caller& caller, std::string_view id, WorkerCells cells) {
  WorkerReply reply;
  std::string& cccd = cells[static_cast<size_t>(WorkerField::kCccd)];
  auto person = PersonIdFromText(id);
  if (person && cccd.empty() && CccdPersonId(id)) cccd = std::string(id);
  if (person && !cccd.empty() && CccdPersonId(cccd) != person) {
    reply.outcome = ServiceOutcome::kInvalid;
    reply.violations.push_back(
        Problem("cccd", ViolationCode::kFormat, "Số CCCD trong phiếu khác số trong địa chỉ yêu cầu",
                "The record's CCCD differs from the one in the request address"));
    return reply;
  }
  std::optional<WorkerVersion> before = Locate(caller, id, Action::kWrite, "update", &reply);
  if (!before) return reply;
  if (!before->closed.empty()) {
    reply.outcome = ServiceOutcome::kConflict;
    return reply;
  }
  return Write(caller, cells, before, "update", ChangeSource::kAdminProcedure, "");
}

WorkerReply WorkerService::Close(const Caller& caller, std::string_view id, std::string_view reason,
                                 std::string_view date, std::string_view source) {
  WorkerReply reply;
  if (reason != "deceased" && reason != "emigrated")
    reply.violations.push_back(
        Problem("reason", ViolationCode::kCodeUnknown,
                "Lý do đóng hồ sơ phải là deceased (đã mất) hoặc emigrated (xuất cảnh): " +
                    QuoteValue(reason),
                "The reason must be deceased or emigrated: " + QuoteValue(reason)));
  std::optional<Date> day = date.empty() ? std::optional(clock_.Today()) : Date::Parse(date);
  if (!day)
    reply.violations.push_back(Problem("date", ViolationCode::kDateFormat,
                                       "Ngày phải có dạng YYYY-MM-DD: " + QuoteValue(date),
                                       "The date must be YYYY-MM-DD: " + QuoteValue(date)));
  else if (clock_.Today() < *day)
    reply.violations.push_back(Problem("date", ViolationCode::kDateFuture,
                                       "Ngày đóng hồ sơ ở tương lai: " + day->ToString(),
                                       "The closing date is in the future: " + day->ToString()));
  if (!source.empty() && !ParseCode<ChangeSource>(source))
    reply.violations.push_back(Problem("source", ViolationCode::kCodeUnknown,
                                       "Nguồn thay đổi không hợp lệ: " + QuoteValue(source),
                                       "Unknown change source: " + QuoteValue(source)));
  if (!reply.violations.empty()) {
    reply.outcome = ServiceOutcome::kInvalid;
    return reply;
  }
  std::optional<WorkerVersion> before = Locate(caller, id, Action::kWrite, "close", &reply);
  if (!before) return reply;
  if (!before->closed.empty()) {
    reply.outcome = ServiceOutcome::kConflict;
    return reply;
  }
  WorkerCells cells = before->cells;
  cells[static_cast<size_t>(WorkerField::kCollectedOn)] = day->ToString();
  cells[static_cast<size_t>(WorkerField::kSource)] =
      source.empty() ? std::string(Slug(ChangeSource::kAdminProcedure)) : std::string(source);
  return Write(caller, cells, before, "close", ChangeSource::kAdminProcedure, reason);
}

WorkerReply WorkerService::Write(const Caller& caller, const WorkerCells& cells,
                                 const std::optional<WorkerVersion>& before,
                                 std::string_view action, ChangeSource default_source,
                                 std::string_view closed) {
  WorkerReply reply;
  const Date today = clock_.Today();
  WorkerRecord record;
  FieldMask undecodable = DecodeWorker(ViewsOf(cells), ref_, &record, &reply.violations);
  ValidateWorker(record, undecodable, ref_, today, &reply.violations);
  if (!reply.violations.empty()) {
    reply.outcome = ServiceOutcome::kInvalid;
    return reply;
  }
  if (!record.source) record.source = default_source;
  const WorkerCells canonical = EncodeWorker(record);
  VersionMeta meta;
  meta.actor = "api:" + caller.who.username;
  meta.recorded_at = clock_.Now();
  WorkerPut put = MakeWorkerPut(record, ViewsOf(canonical), ref_, today, meta);
  put.closed = std::string(closed);
  if (!closed.empty()) put.content_hash ^= kClosedMark;

  Decision d = Decide(caller.who, Action::kWrite, {put.person_id, put.residence_unit});
  if (d == Decision::kAllow && before)
    d = Decide(caller.who, Action::kWrite, {before->person_id, before->residence_unit});
  if (d != Decision::kAllow) {
    audit_.Write({Event(caller, action, DecisionSlug(d), put.person_id, put.province_code,
                        before ? before->residence_unit : put.residence_unit)});
    reply.outcome = ServiceOutcome::kDenied;
    reply.decision = d;
    return reply;
  }

  store_.Begin();
  try {
    if (!before && store_.Current(put.person_id)) {
      store_.Rollback();
      reply.outcome = ServiceOutcome::kConflict;
      return reply;
    }
    PutOutcome outcome = store_.Put(put);
    // Put decides under the store's writer lock: a create that raced another create of the
    // same person finds them here even when the check above did not. (A new version is right
    // when it links a person known until now by their CMND alone.)
    const bool linked = outcome == PutOutcome::kNewVersion && put.legacy_person_id != 0;
    if (!before && outcome != PutOutcome::kCreated && !linked) {
      store_.Rollback();
      reply.outcome = ServiceOutcome::kConflict;
      return reply;
    }
    AuditEvent e =
        Event(caller, action, "allow", put.person_id, put.province_code, put.residence_unit);
    e.detail = std::string(PutSlug(outcome));
    store_.AppendAudit({&e, 1});
    store_.Commit();
    reply.outcome = outcome == PutOutcome::kCreated     ? ServiceOutcome::kCreated
                    : outcome == PutOutcome::kUnchanged ? ServiceOutcome::kUnchanged
                                                        : ServiceOutcome::kOk;
  } catch (...) {
    store_.Rollback();
    throw;
  }
  if (auto now = store_.Current(put.person_id)) reply.versions.push_back(std::move(*now));
  return reply;
}

std::vector<AuditEvent> WorkerService::ReadsOf(int64_t person_id, std::string_view except) {
  // The log holds every kind of entry of the person (writes, denials, lookups of this list):
  // pages of them until enough reads are found, within a bound on the work one call may do.
  constexpr int kPage = 500;
  constexpr int kMaxPages = 20;
  AuditQuery q;
  q.person_id = person_id;
  q.limit = kPage;
  std::vector<AuditEvent> reads;
  for (int page = 0; page < kMaxPages; ++page) {
    std::vector<AuditEvent> events = store_.QueryAudit(q);
    for (AuditEvent& e : events) {
      if (e.outcome != "allow" || (!except.empty() && e.username == except)) continue;
      if (e.action != "read" && e.action != "history" && e.action != "list") continue;
      reads.push_back(std::move(e));
      if (static_cast<int>(reads.size()) == kMaxReaders) return reads;
    }
    if (static_cast<int>(events.size()) < kPage) break;
    q.before_id = events.back().id;
  }
  return reads;
}

ReadersReply WorkerService::Readers(const Caller& caller, std::string_view id) {
  ReadersReply reply;
  WorkerReply located;
  std::optional<WorkerVersion> v = Locate(caller, id, Action::kRead, "readers", &located);
  if (!v) {
    reply.outcome = located.outcome;
    reply.decision = located.decision;
    reply.violations = std::move(located.violations);
    return reply;
  }
  reply.reads = ReadsOf(v->person_id, "");
  // Like every read, answered only once its audit entry is stored.
  AuditEvent e =
      Event(caller, "readers", "allow", v->person_id, v->province_code, v->residence_unit);
  e.detail = std::to_string(reply.reads.size()) + " reads";
  audit_.Write({e});
  return reply;
}

ReadersReply WorkerService::OwnReaders(const Caller& caller) {
  ReadersReply reply;
  if (caller.who.person_id == 0) {
    reply.outcome = ServiceOutcome::kDenied;
    reply.decision = Decision::kDenyRole;
    return reply;
  }
  reply.reads = ReadsOf(caller.who.person_id, caller.who.username);
  return reply;
}

SearchReply WorkerService::Search(const Caller& caller, const SearchRequest& request) {
  SearchReply reply;
  if (!MayListPersons(caller.who.role)) {
    audit_.Write({Event(caller, "search", "deny_role", 0, "", "")});
    reply.outcome = ServiceOutcome::kDenied;
    reply.decision = Decision::kDenyRole;
    return reply;
  }
  WorkerSearch q;
  q.residence_units = caller.who.jurisdiction.Units();
  if (!request.unit.empty()) {
    const bool old_tree = request.tree == "pre2025";
    auto asked = ResidenceUnitsFor(ref_.units, request.unit,
                                   old_tree ? Date{2025, 6, 30} : Date{2025, 7, 1});
    if (!asked) {
      reply.violations.push_back(Problem("unit", ViolationCode::kUnitUnknown,
                                         "Không có đơn vị hành chính " + QuoteValue(request.unit),
                                         "No administrative unit " + QuoteValue(request.unit)));
    } else if (q.residence_units) {
      std::vector<std::string> both;
      std::sort(asked->begin(), asked->end());
      std::set_intersection(asked->begin(), asked->end(), q.residence_units->begin(),
                            q.residence_units->end(), std::back_inserter(both));
      if (both.empty()) {
        audit_.Write({Event(caller, "search", "deny_jurisdiction", 0, "", "")});
        reply.outcome = ServiceOutcome::kDenied;
        reply.decision = Decision::kDenyJurisdiction;
        return reply;
      }
      q.residence_units = std::move(both);
    } else {
      q.residence_units = std::move(*asked);
    }
  }
  if (!request.lf_status.empty()) {
    if (!ParseCode<LfStatus>(request.lf_status))
      reply.violations.push_back(
          Problem("status", ViolationCode::kCodeUnknown,
                  "Tình trạng không hợp lệ: " + QuoteValue(request.lf_status),
                  "Unknown status: " + QuoteValue(request.lf_status)));
    q.lf_status = request.lf_status;
  }
  if (!request.sex.empty()) {
    if (!ParseCode<Sex>(request.sex))
      reply.violations.push_back(Problem("sex", ViolationCode::kCodeUnknown,
                                         "Giới tính không hợp lệ: " + QuoteValue(request.sex),
                                         "Unknown sex: " + QuoteValue(request.sex)));
    q.sex = request.sex;
  }
  const Date today = clock_.Today();
  for (const auto& [age, field] :
       {std::pair{request.age_min, "age_min"}, std::pair{request.age_max, "age_max"}})
    if (age && (*age < 0 || *age > 150))
      reply.violations.push_back(
          Problem(field, ViolationCode::kFormat, "Tuổi phải từ 0 đến 150", "An age is 0 to 150"));
  if (!reply.violations.empty()) {
    reply.outcome = ServiceOutcome::kInvalid;
    return reply;
  }
  if (request.age_min) q.born_on_or_before = YearsBefore(today, *request.age_min).ToString();
  if (request.age_max)
    q.born_on_or_after = NextDay(YearsBefore(today, *request.age_max + 1)).ToString();
  if (!request.name.empty()) q.name_prefix = FoldVietnamese(request.name);  // as name_key is stored
  q.include_closed = request.include_closed;
  q.after_person_id = request.after_person_id;
  const int limit = std::clamp(request.limit, 1, kMaxPage);
  q.limit = limit + 1;
  reply.items = store_.Search(q);
  if (static_cast<int>(reply.items.size()) > limit) {
    reply.items.resize(static_cast<size_t>(limit));
    reply.next_after = reply.items.back().person_id;
  }
  std::vector<AuditEvent> events;
  for (const WorkerVersion& v : reply.items)
    events.push_back(
        Event(caller, "list", "allow", v.person_id, v.province_code, v.residence_unit));
  if (events.empty()) events.push_back(Event(caller, "search", "allow", 0, "", ""));
  audit_.Write(std::move(events));
  return reply;
}

}  // namespace lmis
