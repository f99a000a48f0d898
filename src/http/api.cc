#include "http/api.h"

#include "http/api_support.h"
#include "http/collect_api.h"
#include "http/report_api.h"
#include "http/users_api.h"

#include <charconv>
#include <mutex>
#include <unordered_map>

#include "auth/audit_writer.h"
#include "auth/login_throttle.h"
#include "auth/password.h"
#include "auth/session.h"
#include "http/openapi_json.h"
#include "http/register_api.h"
#include "http/render.h"
#include "registry/import_jobs.h"
#include "registry/lookup.h"
#include "registry/worker_service.h"
#include "store/store_pool.h"

namespace lmis::http {
namespace {

using nlohmann::json;

constexpr const char* kCookie = "lmis_session";
constexpr int kDefaultPage = 50;

// The session token of a request: a bearer token, else the session cookie.
std::string TokenOf(const Request& r, bool* from_cookie) {
  *from_cookie = false;
  if (const std::string* auth = r.Header("authorization")) {
    std::string_view a = *auth;
    if (a.size() > 7 && (a.substr(0, 7) == "Bearer " || a.substr(0, 7) == "bearer "))
      return std::string(a.substr(7));
    return "";
  }
  if (const std::string* cookie = r.Header("cookie")) {
    std::string_view c = *cookie;
    const std::string key = std::string(kCookie) + "=";
    size_t at = 0;
    while ((at = c.find(key, at)) != std::string_view::npos) {
      if (at == 0 || c[at - 1] == ' ' || c[at - 1] == ';') {
        size_t end = c.find(';', at);
        *from_cookie = true;
        return std::string(c.substr(at + key.size(), end == std::string_view::npos
                                                         ? std::string_view::npos
                                                         : end - at - key.size()));
      }
      at += key.size();
    }
  }
  return "";
}

json UserJson(const Principal& p) {
  return {{"username", p.username},
          {"role", std::string(RoleSlug(p.role))},
          {"role_label_vi", std::string(RoleLabelVi(p.role))},
          {"role_label_en", std::string(RoleLabelEn(p.role))},
          {"unit", p.unit},
          {"person", p.person_id ? json(PersonIdText(p.person_id)) : json()}};
}

json OptionsJson(const CodeList& list) {
  json options = json::array();
  for (const CodeOption& o : list.options())
    options.push_back({{"code", std::string(o.slug)},
                       {"form_code", std::string(o.form_code)},
                       {"label_vi", std::string(o.label_vi)},
                       {"label_en", std::string(o.label_en)}});
  return options;
}

// The code lists of Mẫu 03 by the names the API gives them.
const std::vector<std::pair<std::string_view, const CodeList*>>& CodeLists() {
  static const std::vector<std::pair<std::string_view, const CodeList*>> lists = {
      {"sex", &CodeListOf<Sex>()},
      {"priority_group", &CodeListOf<PriorityGroup>()},
      {"general_education", &CodeListOf<GeneralEducation>()},
      {"qualification", &CodeListOf<Qualification>()},
      {"lf_status", &CodeListOf<LfStatus>()},
      {"nilf_reason", &CodeListOf<NilfReason>()},
      {"employment_status", &CodeListOf<EmploymentStatus>()},
      {"workplace_type", &CodeListOf<WorkplaceType>()},
      {"si_type", &CodeListOf<SiType>()},
      {"contract_type", &CodeListOf<ContractType>()},
      {"unemployment_duration", &CodeListOf<UnemploymentDuration>()},
      {"source", &CodeListOf<ChangeSource>()},
  };
  return lists;
}

json CatalogJson(const Catalog& catalog, int max_level) {
  json entries = json::array();
  for (int level = 1; level <= max_level; ++level)
    for (const CatalogEntry* e : catalog.Level(level))
      entries.push_back({{"code", e->code},
                         {"level", e->level},
                         {"name", e->name},
                         {"parent", e->parent_code.empty() ? json() : json(e->parent_code)}});
  return entries;
}

// A session resolved recently: trusted until `recheck_at` (steady clock seconds).
struct CachedSession {
  Principal principal;
  int64_t expires_at = 0;
  std::chrono::steady_clock::time_point recheck_at;
};

}  // namespace

class Api::Impl {
 public:
  Impl(ApiOptions options, const RefData& ref, const Clock& clock)
      : options_(std::move(options)),
        ref_(ref),
        clock_(clock),
        pool_(options_.db_spec, options_.connections, ServingOptions()),
        audit_(OpenStore(options_.db_spec, AuditOptions())),
        throttle_(options_.throttle),
        imports_(options_.db_spec, ref, clock, audit_),
        context_{ref_, clock_, pool_, audit_},
        registers_(context_, options_.db_spec) {}

  Response Handle(const Request& r) {
    std::vector<std::string_view> s = Segments(r.path);
    if (s.empty()) return NotFound();
    const std::string_view top = s[0];
    if (s.size() == 1 && (top == "health" || top == "ready" || top == "openapi.json")) {
      if (r.method != "GET" && r.method != "HEAD") return MethodNotAllowed();
      if (top == "health") return Json(200, {{"status", "ok"}});
      return top == "ready" ? Ready() : OpenApi();
    }
    if (top == "session" && s.size() == 1) {
      if (r.method == "POST") return Login(r);
      if (r.method == "GET" || r.method == "DELETE") return WithUser(r, s);
      return MethodNotAllowed();
    }
    if (top == "units" || top == "codes" || top == "workers" || top == "me" || top == "audit" ||
        top == "imports" || top == "campaigns" || top == "forms" || top == "handovers" ||
        top == "reports" || top == "registers" || top == "reconciliations" || top == "linkage" ||
        top == "users")
      return WithUser(r, s);
    return NotFound();
  }

 private:
  static StoreOptions ServingOptions() {
    StoreOptions o;
    o.cache_bytes = 64ll << 20;  // per connection; the OS page cache is shared
    return o;
  }

  // The audit writer's connection. Read entries are committed before each answer; on
  // PostgreSQL without waiting for the WAL flush (a few ms on ordinary disks, which every read
  // would otherwise wait for): a crash of the database server can lose the last fraction of a
  // second of read entries — as with SQLite's synchronous=NORMAL on power loss. Changes and
  // their audit entries commit together, durably, through the pool.
  static StoreOptions AuditOptions() {
    StoreOptions o = ServingOptions();
    o.durable_commits = false;
    return o;
  }

  Response Ready() {
    auto store = pool_.Acquire();
    if (store->SchemaVersion() != store->LatestSchemaVersion())
      return Error(503, "not_ready", "Cơ sở dữ liệu chưa được khởi tạo hoặc nâng cấp",
                   "The database is not initialised or not migrated");
    return Json(200, {{"status", "ready"}});
  }

  Response OpenApi() {
    Response r;
    r.body = std::string(kOpenApiJson);
    return r;
  }

  // ---- sessions ----

  Response Login(const Request& r) {
    json body;
    try {
      body = ParseBody(r.body);
    } catch (const BadJson& e) {
      return BadRequest(e.what());
    }
    if (!body.is_object() || !body.contains("username") || !body.contains("password") ||
        !body["username"].is_string() || !body["password"].is_string())
      return BadRequest("expected {\"username\": string, \"password\": string}");
    const std::string username = body["username"];
    const std::string password = body["password"];
    const int64_t now = UnixSeconds();
    if (int64_t wait = throttle_.RetryAfter(username, r.remote_address, now); wait > 0) {
      Response tooMany =
          Error(429, "too_many_attempts", "Đăng nhập sai quá nhiều lần; hãy thử lại sau",
                "Too many failed sign-ins; try again later");
      tooMany.headers.emplace_back("Retry-After", std::to_string(wait));
      return tooMany;
    }
    auto store = pool_.Acquire();
    std::optional<UserRecord> user = store->FindUser(username);
    // A missing user costs the same hashing time as a wrong password: no name probing.
    static const std::string kDecoy = HashPassword("decoy password, never matches");
    const bool matches = VerifyPassword(user ? user->password_hash : kDecoy, password) && user;
    std::optional<Principal> who = matches ? PrincipalOf(*user, ref_.units) : std::nullopt;
    AuditEvent e = BareEvent(r, "login");
    e.username = username.size() <= 64 ? username : username.substr(0, 64);
    if (!who) {
      throttle_.Failed(username, r.remote_address, now);
      e.outcome = "fail";
      audit_.Write({e});
      return Error(401, "bad_credentials", "Sai tên đăng nhập hoặc mật khẩu",
                   "Wrong username or password");
    }
    throttle_.Succeeded(username);
    const std::string token = NewSessionToken();
    SessionRecord session{
        HashSessionToken(token), username, now, now + options_.session_lifetime.count(), 0,
        r.remote_address};
    store->AddSession(session);
    e.role = std::string(RoleSlug(who->role));
    e.unit = who->unit;
    e.outcome = "allow";
    audit_.Write({e});
    Response out =
        Json(200, {{"token", token}, {"expires_at", session.expires_at}, {"user", UserJson(*who)}});
    out.headers.emplace_back("Set-Cookie", std::string(kCookie) + "=" + token +
                                               "; Path=/; HttpOnly; Secure; SameSite=Strict; "
                                               "Max-Age=" +
                                               std::to_string(options_.session_lifetime.count()));
    return out;
  }

  // The principal behind the request's token, checked against the database at most every
  // session_recheck.
  std::optional<Principal> Authenticate(const std::string& token_hash) {
    const auto now = std::chrono::steady_clock::now();
    {
      std::lock_guard lock(cache_mu_);
      auto it = cache_.find(token_hash);
      if (it != cache_.end() && now < it->second.recheck_at &&
          UnixSeconds() < it->second.expires_at)
        return it->second.principal;
    }
    auto store = pool_.Acquire();
    std::optional<SessionRecord> session = store->FindSession(token_hash);
    std::optional<Principal> who;
    if (session && SessionLive(*session, UnixSeconds()))
      if (auto user = store->FindUser(session->username)) who = PrincipalOf(*user, ref_.units);
    std::lock_guard lock(cache_mu_);
    if (!who) {
      cache_.erase(token_hash);
      return std::nullopt;
    }
    if (cache_.size() > 100000) cache_.clear();
    cache_[token_hash] = {*who, session->expires_at, now + options_.session_recheck};
    return who;
  }

  Response WithUser(const Request& r, const std::vector<std::string_view>& s) {
    bool from_cookie = false;
    const std::string token = TokenOf(r, &from_cookie);
    if (token.empty() || token.size() > 128) return Unauthenticated();
    const std::string token_hash = HashSessionToken(token);
    std::optional<Principal> who = Authenticate(token_hash);
    if (!who) return Unauthenticated();
    // A cookie rides along on cross-site form posts; such forms can only send these types.
    if (from_cookie && r.method != "GET" && r.method != "HEAD" && r.method != "DELETE") {
      const std::string* type = r.Header("content-type");
      std::string_view t = type ? std::string_view(*type) : std::string_view();
      if (t.empty() || t.starts_with("application/x-www-form-urlencoded") ||
          t.starts_with("multipart/form-data") || t.starts_with("text/plain"))
        return Error(415, "unsupported_media_type",
                     "Kiểu nội dung không được chấp nhận (cần application/json hoặc text/csv)",
                     "Unsupported content type (use application/json or text/csv)");
    }
    Caller caller{*who, r.remote_address};
    const std::string_view top = s[0];
    if (top == "session")
      return r.method == "GET" ? Json(200, {{"user", UserJson(*who)}}) : Logout(token_hash);
    if (top == "units" && s.size() == 1) return Units(r, caller);
    if (top == "codes") return Codes(r, s);
    if (top == "workers") return Workers(r, s, caller);
    if (top == "me" && s.size() == 2 && s[1] == "readers") return Readers(r, caller);
    if (top == "audit" && s.size() == 1) return Audit(r, caller);
    if (top == "imports") return Imports(r, s, caller);
    if (auto answer = users_.Handle(r, s, caller)) return *answer;
    if (auto answer = collect_.Handle(r, s, caller)) return *answer;
    if (auto answer = reports_.Handle(r, s, caller)) return *answer;
    if (auto answer = registers_.Handle(r, s, caller)) return *answer;
    return NotFound();
  }

  void ForgetSessionsOf(const std::string& username) {
    std::lock_guard lock(cache_mu_);
    std::erase_if(cache_,
                  [&](const auto& entry) { return entry.second.principal.username == username; });
  }

  Response Logout(const std::string& token_hash) {
    {
      auto store = pool_.Acquire();
      store->RevokeSession(token_hash, UnixSeconds());
    }
    {
      std::lock_guard lock(cache_mu_);
      cache_.erase(token_hash);
    }
    Response r;
    r.status = 204;
    r.content_type.clear();
    r.headers.emplace_back("Set-Cookie", std::string(kCookie) +
                                             "=; Path=/; HttpOnly; Secure; SameSite=Strict; "
                                             "Max-Age=0");
    return r;
  }

  AuditEvent BareEvent(const Request& r, std::string_view action) const {
    AuditEvent e;
    e.at = clock_.Now();
    e.action = std::string(action);
    e.address = r.remote_address;
    return e;
  }

  // ---- workers ----

  Response Workers(const Request& r, const std::vector<std::string_view>& s, const Caller& caller) {
    auto store = pool_.Acquire();
    WorkerService service(*store, ref_, clock_, audit_);
    if (s.size() == 1) {
      if (r.method == "GET") return Search(r, service, caller);
      if (r.method != "POST") return MethodNotAllowed();
      Violations problems;
      WorkerCells cells;
      if (auto bad = RecordBody(r, &cells, &problems)) return *bad;
      return Reply(service.Create(caller, cells));
    }
    const std::string id(s[1]);
    if (s.size() == 2) {
      if (r.method == "GET") return Reply(service.Get(caller, id), true);
      if (r.method != "PUT") return MethodNotAllowed();
      Violations problems;
      WorkerCells cells;
      if (auto bad = RecordBody(r, &cells, &problems)) return *bad;
      return Reply(service.Update(caller, id, std::move(cells)));
    }
    if (s.size() == 3 && s[2] == "history") {
      if (r.method != "GET") return MethodNotAllowed();
      WorkerReply reply = service.History(caller, id);
      if (reply.outcome != ServiceOutcome::kOk) return Reply(reply);
      json versions = json::array();
      for (const WorkerVersion& v : reply.versions) versions.push_back(WorkerJson(v));
      return Json(200, {{"versions", versions}});
    }
    if (s.size() == 3 && s[2] == "readers") {
      if (r.method != "GET") return MethodNotAllowed();
      return ReadersAnswer(service.Readers(caller, id));
    }
    if (s.size() == 3 && s[2] == "close") {
      if (r.method != "POST") return MethodNotAllowed();
      json body;
      try {
        body = ParseBody(r.body);
      } catch (const BadJson& e) {
        return BadRequest(e.what());
      }
      if (!body.is_object()) return BadRequest("expected a JSON object");
      auto text = [&](const char* key) {
        return body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : "";
      };
      return Reply(service.Close(caller, id, text("reason"), text("date"), text("source")));
    }
    return NotFound();
  }

  // Reads a record body; an error response when it is not one.
  std::optional<Response> RecordBody(const Request& r, WorkerCells* cells, Violations* problems) {
    json body;
    try {
      body = ParseBody(r.body);
    } catch (const BadJson& e) {
      return BadRequest(e.what());
    }
    *cells = CellsFromJson(body, problems);
    if (!problems->empty()) return Invalid(*problems);
    return std::nullopt;
  }

  // The answer to a worker-service call that did not go through; nullopt when it did.
  static std::optional<Response> Refusal(ServiceOutcome outcome, Decision decision,
                                         const Violations& violations) {
    switch (outcome) {
      case ServiceOutcome::kNotFound:
        return NotFound();
      case ServiceOutcome::kDenied:
        return Denied(decision);
      case ServiceOutcome::kInvalid:
        return Invalid(violations);
      case ServiceOutcome::kConflict:
        return Error(409, "conflict",
                     "Hồ sơ đã tồn tại hoặc đã đóng; không thể thực hiện thao tác này",
                     "The record already exists or is closed; this cannot be done");
      case ServiceOutcome::kOk:
      case ServiceOutcome::kCreated:
      case ServiceOutcome::kUnchanged:
        break;
    }
    return std::nullopt;
  }

  static Response Reply(const WorkerReply& reply, bool bare = false) {
    if (auto refused = Refusal(reply.outcome, reply.decision, reply.violations)) return *refused;
    if (reply.versions.empty()) return NotFound();
    if (bare) return Json(200, WorkerJson(reply.versions.front()));
    std::string_view outcome = reply.outcome == ServiceOutcome::kCreated     ? "created"
                               : reply.outcome == ServiceOutcome::kUnchanged ? "unchanged"
                                                                             : "new_version";
    return Json(reply.outcome == ServiceOutcome::kCreated ? 201 : 200,
                {{"outcome", outcome}, {"worker", WorkerJson(reply.versions.front())}});
  }

  Response Search(const Request& r, WorkerService& service, const Caller& caller) {
    SearchRequest q;
    Violations problems;
    auto text = [&](const char* key) {
      const std::string* v = r.Query(key);
      return v ? *v : std::string();
    };
    auto number = [&](const char* key) -> std::optional<int64_t> {
      const std::string* v = r.Query(key);
      if (!v || v->empty()) return std::nullopt;
      auto n = ParseInt(*v);
      if (!n)
        problems.push_back({key, ViolationCode::kFormat, std::string(key) + " phải là số nguyên",
                            std::string(key) + " must be an integer"});
      return n;
    };
    q.unit = text("unit");
    if (!text("tree").empty()) q.tree = text("tree");
    q.lf_status = text("status");
    q.sex = text("sex");
    q.name = text("name");
    q.include_closed = text("include_closed") == "true";
    if (auto v = number("age_min")) q.age_min = static_cast<int>(std::clamp<int64_t>(*v, -1, 999));
    if (auto v = number("age_max")) q.age_max = static_cast<int>(std::clamp<int64_t>(*v, -1, 999));
    q.limit =
        static_cast<int>(std::clamp<int64_t>(number("limit").value_or(kDefaultPage), 0, 1000));
    if (auto v = number("cursor")) q.after_person_id = *v;
    if (q.tree != "2025" && q.tree != "pre2025")
      problems.push_back({"tree", ViolationCode::kCodeUnknown, "tree phải là 2025 hoặc pre2025",
                          "tree is 2025 or pre2025"});
    if (!problems.empty()) return Invalid(problems);
    SearchReply reply = service.Search(caller, q);
    if (auto refused = Refusal(reply.outcome, reply.decision, reply.violations)) return *refused;
    json items = json::array();
    for (const WorkerVersion& v : reply.items) items.push_back(WorkerJson(v));
    return Json(
        200, {{"items", items},
              {"next_cursor", reply.next_after ? json(std::to_string(reply.next_after)) : json()}});
  }

  // ---- audit ----

  Response Readers(const Request& r, const Caller& caller) {
    if (r.method != "GET") return MethodNotAllowed();
    auto store = pool_.Acquire();
    WorkerService service(*store, ref_, clock_, audit_);
    return ReadersAnswer(service.OwnReaders(caller));
  }

  // The answer of /me/readers and /workers/{id}/readers.
  static Response ReadersAnswer(const ReadersReply& reply) {
    if (auto refused = Refusal(reply.outcome, reply.decision, reply.violations)) return *refused;
    json items = json::array();
    for (const AuditEvent& e : reply.reads) {
      auto role = ParseRole(e.role);
      items.push_back({{"at", e.at},
                       {"username", e.username},
                       {"role", e.role},
                       {"role_label_vi", role ? std::string(RoleLabelVi(*role)) : e.role},
                       {"role_label_en", role ? std::string(RoleLabelEn(*role)) : e.role},
                       {"unit", e.unit},
                       {"action", e.action}});
    }
    return Json(200, {{"items", items}});
  }

  Response Audit(const Request& r, const Caller& caller) {
    if (r.method != "GET") return MethodNotAllowed();
    if (caller.who.role != Role::kAdmin) {
      AuditEvent e = BareEvent(r, "audit_query");
      FillWho(&e, caller.who);
      e.outcome = "deny_role";
      audit_.Write({e});
      return Denied(Decision::kDenyRole);
    }
    AuditQuery q;
    q.residence_units = caller.who.jurisdiction.Units();
    Violations problems;
    if (const std::string* person = r.Query("person"); person && !person->empty()) {
      if (auto id = PersonIdFromText(*person))
        q.person_id = *id;
      else
        problems.push_back(
            {"person", ViolationCode::kFormat, "Số CCCD không hợp lệ", "Not a CCCD number"});
    }
    if (const std::string* v = r.Query("user"); v && !v->empty()) q.username = *v;
    if (const std::string* v = r.Query("action"); v && !v->empty()) q.action = *v;
    if (const std::string* v = r.Query("since"); v && !v->empty()) q.since = *v;
    if (const std::string* v = r.Query("until"); v && !v->empty()) q.until = *v;
    if (const std::string* v = r.Query("cursor"); v && !v->empty()) {
      if (auto id = ParseInt(*v))
        q.before_id = *id;
      else
        problems.push_back({"cursor", ViolationCode::kFormat, "cursor không hợp lệ", "Bad cursor"});
    }
    int64_t limit = 100;
    if (const std::string* v = r.Query("limit"); v && !v->empty()) {
      if (auto n = ParseInt(*v))
        limit = *n;
      else
        problems.push_back({"limit", ViolationCode::kFormat, "limit phải là số nguyên",
                            "limit must be an integer"});
    }
    q.limit = static_cast<int>(std::clamp<int64_t>(limit, 1, 500)) + 1;
    if (!problems.empty()) return Invalid(problems);
    std::vector<AuditEvent> events;
    {
      auto store = pool_.Acquire();
      events = store->QueryAudit(q);
    }
    std::optional<int64_t> next;
    if (static_cast<int>(events.size()) == q.limit) {
      events.pop_back();
      next = events.back().id;
    }
    AuditEvent e = BareEvent(r, "audit_query");
    FillWho(&e, caller.who);
    e.outcome = "allow";
    e.detail = std::to_string(events.size()) + " entries";
    audit_.Write({e});
    json items = json::array();
    for (const AuditEvent& a : events) items.push_back(AuditJson(a));
    return Json(200,
                {{"items", items}, {"next_cursor", next ? json(std::to_string(*next)) : json()}});
  }

  static void FillWho(AuditEvent* e, const Principal& who) {
    e->username = who.username;
    e->role = std::string(RoleSlug(who.role));
    e->unit = who.unit;
  }

  // ---- reference data ----

  Response Units(const Request& r, const Caller& caller) {
    if (r.method != "GET") return MethodNotAllowed();
    UnitEdition edition = UnitEdition::k2025;
    if (const std::string* as_of = r.Query("as_of"); as_of && !as_of->empty()) {
      auto date = Date::Parse(*as_of);
      if (!date)
        return Invalid({{"as_of", ViolationCode::kDateFormat, "Ngày phải có dạng YYYY-MM-DD",
                         "The date must be YYYY-MM-DD"}});
      edition = EditionAt(*date);
    } else if (const std::string* tree = r.Query("tree"); tree && *tree == "pre2025") {
      edition = UnitEdition::kPre2025;
    }
    auto unit_json = [](const AdminUnit* u) {
      return json{{"code", u->code},
                  {"name", u->name},
                  {"level", static_cast<int>(u->level)},
                  {"parent", u->parent_code.empty() ? json() : json(u->parent_code)}};
    };
    const char* tree = edition == UnitEdition::k2025 ? "2025" : "pre2025";
    json units = json::array();
    if (const std::string* within = r.Query("within"); within && !within->empty()) {
      // The communes the caller answers for, in the tree asked for: what the entry form offers
      // first for a residence. The whole country is not listed (`national` says so).
      if (*within != "me")
        return Invalid({{"within", ViolationCode::kCodeUnknown, "within chỉ nhận giá trị me",
                         "within takes the value me"}});
      std::optional<std::vector<std::string>> keys = caller.who.jurisdiction.Units();
      if (keys) {
        const std::string prefix = std::string(tree) + ":";
        for (const std::string& key : *keys)
          if (key.starts_with(prefix))
            if (const AdminUnit* u = ref_.units.Find(edition, key.substr(prefix.size())))
              units.push_back(unit_json(u));
      }
      return Json(200, {{"tree", tree}, {"national", !keys.has_value()}, {"units", units}});
    }
    std::string parent;
    if (const std::string* p = r.Query("parent")) parent = *p;
    if (!parent.empty() && !ref_.units.Find(edition, parent)) return NotFound();
    for (const AdminUnit* u : ref_.units.ChildrenOf(edition, parent)) units.push_back(unit_json(u));
    return Json(200, {{"tree", tree}, {"units", units}});
  }

  Response Codes(const Request& r, const std::vector<std::string_view>& s) {
    if (r.method != "GET") return MethodNotAllowed();
    if (s.size() == 1) {
      json lists = json::array();
      for (const auto& [name, list] : CodeLists())
        lists.push_back({{"name", name}, {"options", OptionsJson(*list)}});
      return Json(200, {{"lists", lists}});
    }
    if (s.size() != 2) return NotFound();
    for (const auto& [name, list] : CodeLists())
      if (s[1] == name) return Json(200, {{"name", name}, {"options", OptionsJson(*list)}});
    if (s[1] == "occupation")
      return Json(200, {{"name", "occupation"}, {"entries", CatalogJson(ref_.occupations, 4)}});
    if (s[1] == "ethnicity")
      return Json(200, {{"name", "ethnicity"}, {"entries", CatalogJson(ref_.ethnic_groups, 2)}});
    if (s[1] == "industry") {
      Date day = clock_.Today();
      if (const std::string* as_of = r.Query("as_of"); as_of && !as_of->empty())
        day = Date::Parse(*as_of).value_or(day);
      return Json(200, {{"name", "industry"}, {"entries", CatalogJson(ref_.IndustriesAt(day), 5)}});
    }
    return NotFound();
  }

  // ---- imports ----

  Response Imports(const Request& r, const std::vector<std::string_view>& s, const Caller& caller) {
    if (s.size() == 1) {
      if (r.method != "POST") return MethodNotAllowed();
      std::optional<ExtractKind> kind;
      if (const std::string* k = r.Query("kind"); k && !k->empty() && *k != "workers") {
        kind = ParseExtractKind(*k);
        if (!kind)
          return Invalid({{"kind", ViolationCode::kCodeUnknown,
                           "kind phải là workers, population, insurance hoặc enterprises",
                           "kind is workers, population, insurance or enterprises"}});
      }
      Decision may =
          kind ? RegisterApi::MayImport(caller.who, *kind) : Decide(caller.who, Action::kWrite, {});
      if (may == Decision::kDenyRole) {
        AuditEvent e =
            BareEvent(r, kind ? "import_" + std::string(FormatOf(*kind).slug) : "import");
        FillWho(&e, caller.who);
        e.outcome = "deny_role";
        audit_.Write({e});
        return Denied(Decision::kDenyRole);
      }
      const std::string* type = r.Header("content-type");
      std::string format = r.Query("format") ? *r.Query("format") : "";
      if (format.empty() && type && (type->find("json") != std::string::npos)) format = "jsonl";
      const std::string label = r.Query("name") ? *r.Query("name") : "upload";
      int64_t id =
          imports_.Start(caller.who, caller.address, r.body, FormatFor(format, label), label, kind);
      Response out = Json(202, {{"id", id}, {"state", "running"}});
      out.headers.emplace_back("Location", "/api/imports/" + std::to_string(id));
      return out;
    }
    auto id = ParseInt(s[1]);
    if (!id || s.size() > 3 || (s.size() == 3 && s[2] != "rejects" && s[2] != "warnings"))
      return NotFound();
    if (r.method != "GET") return MethodNotAllowed();
    std::optional<ImportJobStatus> job = imports_.Status(*id);
    if (!job || job->owner != caller.who.username) return NotFound();
    if (s.size() == 3) {
      Response out;
      out.content_type = "text/csv; charset=utf-8";
      out.body =
          (s[2] == "rejects" ? imports_.RejectsCsv(*id) : imports_.WarningsCsv(*id)).value_or("");
      return out;
    }
    if (s.size() != 2) return NotFound();
    json body = {{"id", job->id},
                 {"kind", job->kind},
                 {"state", job->state},
                 {"bytes_total", job->bytes_total},
                 {"bytes_read", job->bytes_read},
                 {"rows_done", job->rows_done}};
    if (job->kind != "workers") {
      const ExtractRunRecord& run = job->extract;
      body.update({{"rows", run.rows_read},
                   {"added", run.added},
                   {"changed", run.changed},
                   {"unchanged", run.unchanged},
                   {"stale", run.stale},
                   {"rejected_rows", run.rejected},
                   {"warnings", run.warnings}});
    } else {
      const ImportRecord& rec = job->result.record;
      body.update({{"rows", rec.rows},
                   {"created", rec.created},
                   {"new_versions", rec.new_versions},
                   {"unchanged", rec.unchanged},
                   {"rejected_rows", rec.rejected_rows}});
    }
    if (!job->error_en.empty())
      body["error"] = {{"message_vi", job->error_vi}, {"message_en", job->error_en}};
    return Json(200, body);
  }

  ApiOptions options_;
  const RefData& ref_;
  const Clock& clock_;
  StorePool pool_;
  AuditWriter audit_;
  LoginThrottle throttle_;
  ImportJobs imports_;
  ApiContext context_;  // what the route modules reach
  RegisterApi registers_;
  CollectApi collect_{context_};
  ReportApi reports_{context_};
  // A changed account applies to its user's next request, not after the session recheck.
  UsersApi users_{context_, [this](const std::string& username) { ForgetSessionsOf(username); }};
  std::mutex cache_mu_;
  std::unordered_map<std::string, CachedSession> cache_;
};

Api::Api(ApiOptions options, const RefData& ref, const Clock& clock)
    : impl_(std::make_unique<Impl>(std::move(options), ref, clock)) {}
Api::~Api() = default;
Response Api::Handle(const Request& request) { return impl_->Handle(request); }

}  // namespace lmis::http
