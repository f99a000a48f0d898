#include "auth/accounts.h"

#include <algorithm>

#include "auth/password.h"
#include "auth/session.h"
#include "core/text.h"
#include "core/worker.h"
#include "registry/lookup.h"

namespace lmis {
namespace {

bool UsernameOk(std::string_view name) {
  return name.size() >= 3 && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                  c == '-';
         });
}

// A value typed by the user, for a message: as it is when short (the command line's messages
// have always named it bare), else quoted and cut (QuoteValue) so that no message floods.
std::string Shown(std::string_view value) {
  if (value.size() <= 40 && IsValidUtf8(value)) return std::string(value);
  return QuoteValue(value);
}

// The reason `password` is refused, as a violation of field password.
bool PasswordAcceptable(std::string_view password, Violations* problems) {
  auto problem = CheckPassword(password);
  if (!problem) return true;
  problems->push_back({"password", ViolationCode::kFormat, problem->vi, problem->en});
  return false;
}

// The input an existing account was made from: what an update starts from.
AccountInput InputOf(const UserRecord& u) {
  AccountInput in;
  in.username = u.username;
  in.role = u.role;
  if (auto ref = ParseUnitKey(u.unit)) {
    in.unit = std::string(ref->code);
    in.tree = ref->edition == UnitEdition::kPre2025 ? "pre2025" : "2025";
  } else {
    in.unit = u.unit;
  }
  if (u.person_id) in.person = PersonIdText(u.person_id);
  return in;
}

// The fields of `change` that differ from `before`, for the audit entry ("role, password").
std::string ChangedFields(const UserRecord& before, const UserRecord& after,
                          const AccountChange& change) {
  std::string out;
  auto add = [&](bool changed, const char* name) {
    if (!changed) return;
    if (!out.empty()) out += ", ";
    out += name;
  };
  add(before.role != after.role, "role");
  add(before.unit != after.unit, "unit");
  add(before.person_id != after.person_id, "person");
  add(before.disabled != after.disabled, after.disabled ? "disabled" : "enabled");
  add(change.password.has_value(), "password");
  return out.empty() ? "unchanged" : out;
}

}  // namespace

std::optional<UserRecord> AccountFrom(const AccountInput& in, const AdminUnits& units,
                                      Violations* problems) {
  const size_t before = problems->size();
  UserRecord u;
  u.username = in.username;
  if (!UsernameOk(in.username))
    problems->push_back({"username", ViolationCode::kFormat,
                         "tên đăng nhập gồm 3–64 ký tự a-z, 0-9, dấu chấm, gạch dưới, gạch ngang",
                         "a username is 3–64 characters of a-z, 0-9, '.', '_', '-'"});
  auto role = ParseRole(in.role);
  if (!role)
    problems->push_back({"role", ViolationCode::kCodeUnknown,
                         "vai trò không hợp lệ: " + Shown(in.role),
                         "unknown role: " + Shown(in.role)});
  else
    u.role = std::string(RoleSlug(*role));
  if (in.tree != "2025" && in.tree != "pre2025") {
    problems->push_back({"tree", ViolationCode::kCodeUnknown, "cây đơn vị là 2025 hoặc pre2025",
                         "tree is 2025 or pre2025"});
  } else if (in.unit == "national") {
    // The ministry answers for the country, and someone must administer its accounts; every
    // other role works for a unit.
    if (role && *role != Role::kMinistry && *role != Role::kAdmin)
      problems->push_back({"unit", ViolationCode::kNotApplicable,
                           "chỉ vai trò ministry hoặc admin được gắn với toàn quốc",
                           "only the ministry and admin roles can be bound to the whole country"});
    u.unit = "national";
  } else {
    UnitEdition edition = in.tree == "pre2025" ? UnitEdition::kPre2025 : UnitEdition::k2025;
    if (!units.Find(edition, in.unit))
      problems->push_back(
          {"unit", ViolationCode::kUnitUnknown,
           "không có đơn vị hành chính " + Shown(in.unit) + " (" + in.tree + ")",
           "no administrative unit " + Shown(in.unit) + " in the " + in.tree + " tree"});
    else
      u.unit = UnitKey(edition, in.unit);
  }
  if (role == Role::kWorker) {
    // A worker account reads one record, its holder's: without it the account means nothing.
    if (auto id = PersonIdFromText(in.person))
      u.person_id = *id;
    else
      problems->push_back({"person",
                           in.person.empty() ? ViolationCode::kRequired : ViolationCode::kFormat,
                           "tài khoản người lao động cần số CCCD của chính người đó",
                           "a worker account needs the worker's own CCCD number"});
  } else if (role && !in.person.empty()) {
    problems->push_back({"person", ViolationCode::kNotApplicable,
                         "chỉ tài khoản người lao động gắn với một số CCCD",
                         "only a worker account is linked to a CCCD"});
  }
  if (problems->size() != before) return std::nullopt;
  return u;
}

bool SetAccountPassword(UserRecord* user, std::string_view password, Violations* problems) {
  if (!PasswordAcceptable(password, problems)) return false;
  user->password_hash = HashPassword(password);
  return true;
}

AccountMessage NameTaken(std::string_view username) {
  const std::string name(username);
  return {"tên đăng nhập " + name + " đã có", "the username " + name + " is taken"};
}

Decision MayManage(const Principal& admin, const UserRecord& target, const AdminUnits& units) {
  if (admin.role != Role::kAdmin) return Decision::kDenyRole;
  if (admin.unit == "national") return Decision::kAllow;
  auto theirs = JurisdictionOfUnit(target.unit, units);
  return theirs && admin.jurisdiction.Includes(*theirs) ? Decision::kAllow
                                                        : Decision::kDenyJurisdiction;
}

// ---- the service ----

AuditEvent AccountService::Event(const Principal& who, std::string_view address,
                                 std::string_view action, std::string_view outcome,
                                 std::string detail) const {
  AuditEvent e;
  e.at = clock_.Now();
  e.username = who.username;
  e.role = std::string(RoleSlug(who.role));
  e.unit = who.unit;
  e.action = std::string(action);
  e.outcome = std::string(outcome);
  e.detail = std::move(detail);
  e.address = std::string(address);
  return e;
}

void AccountService::Refuse(const Principal& who, std::string_view address, std::string_view action,
                            std::string detail, Decision decision, AccountReply* reply) {
  audit_.Write({Event(who, address, action, DecisionSlug(decision), std::move(detail))});
  reply->outcome = AccountOutcome::kDenied;
  reply->decision = decision;
}

AccountReply AccountService::List(const Principal& who, std::string_view address) {
  AccountReply reply;
  if (who.role != Role::kAdmin) {
    Refuse(who, address, "user_list", "", Decision::kDenyRole, &reply);
    return reply;
  }
  for (UserRecord& u : store_.ListUsers())
    if (MayManage(who, u, units_) == Decision::kAllow) reply.users.push_back(std::move(u));
  audit_.Write(
      {Event(who, address, "user_list", "allow", std::to_string(reply.users.size()) + " users")});
  return reply;
}

AccountReply AccountService::Create(const Principal& who, std::string_view address,
                                    const AccountInput& input, std::string_view password,
                                    const Violations& found) {
  AccountReply reply;
  const std::string name = input.username.substr(0, 64);
  if (who.role != Role::kAdmin) {
    Refuse(who, address, "user_create", name, Decision::kDenyRole, &reply);
    return reply;
  }
  reply.violations = found;
  std::optional<UserRecord> u = AccountFrom(input, units_, &reply.violations);
  PasswordAcceptable(password, &reply.violations);
  if (!reply.violations.empty()) {
    audit_.Write({Event(who, address, "user_create", "fail", name)});
    reply.outcome = AccountOutcome::kInvalid;
    return reply;
  }
  if (Decision d = MayManage(who, *u, units_); d != Decision::kAllow) {
    Refuse(who, address, "user_create", name, d, &reply);
    return reply;
  }
  u->password_hash = HashPassword(password);  // checked above; hashed once the rest is allowed
  u->created_at = u->updated_at = clock_.Now();
  Transaction tx(store_);
  if (!store_.AddUser(*u)) {
    tx.Rollback();
    audit_.Write({Event(who, address, "user_create", "fail", name + ": taken")});
    reply.outcome = AccountOutcome::kConflict;
    reply.conflict = NameTaken(u->username);
    return reply;
  }
  AuditEvent e = Event(who, address, "user_create", "allow", name);
  store_.AppendAudit({&e, 1});
  tx.Commit();
  reply.outcome = AccountOutcome::kCreated;
  reply.users.push_back(std::move(*u));
  return reply;
}

AccountReply AccountService::Update(const Principal& who, std::string_view address,
                                    std::string_view username, const AccountChange& change,
                                    const Violations& found) {
  AccountReply reply;
  const std::string name(username.substr(0, 64));
  if (who.role != Role::kAdmin) {
    Refuse(who, address, "user_update", name, Decision::kDenyRole, &reply);
    return reply;
  }
  std::optional<UserRecord> before = store_.FindUser(std::string(username));
  if (!before) {
    audit_.Write({Event(who, address, "user_update", "not_found", name)});
    reply.outcome = AccountOutcome::kNotFound;
    return reply;
  }
  if (Decision d = MayManage(who, *before, units_); d != Decision::kAllow) {
    Refuse(who, address, "user_update", name, d, &reply);
    return reply;
  }

  reply.violations = found;
  AccountInput in = InputOf(*before);
  if (change.role) in.role = *change.role;
  if (change.unit) {
    in.unit = *change.unit;
    in.tree = change.tree.value_or("2025");
  } else if (change.tree) {
    reply.violations.push_back({"tree", ViolationCode::kNotApplicable,
                                "tree chỉ đi kèm unit (cây của mã đơn vị)",
                                "tree comes only with unit (the tree its code is read in)"});
  }
  if (change.person) in.person = *change.person;
  // Leaving the worker role drops the link to a record, which other roles must not carry.
  if (change.role && *change.role != "worker" && !change.person) in.person.clear();
  std::optional<UserRecord> after = AccountFrom(in, units_, &reply.violations);
  if (change.password) PasswordAcceptable(*change.password, &reply.violations);
  if (after && before->username == who.username) {
    // Locking oneself out, or narrowing one's own powers, could leave no one to undo it.
    auto self = [&](bool changed, const char* field) {
      if (changed)
        reply.violations.push_back(
            {field, ViolationCode::kNotApplicable,
             "Quản trị viên không thể tự khóa hay tự đổi vai trò, đơn vị của chính mình; hãy "
             "nhờ một quản trị viên khác",
             "An administrator cannot disable their own account or change their own role or "
             "unit; ask another administrator"});
    };
    self(change.disabled.value_or(before->disabled) && !before->disabled, "disabled");
    self(after->role != before->role, "role");
    self(after->unit != before->unit, "unit");
  }
  if (!reply.violations.empty()) {
    audit_.Write({Event(who, address, "user_update", "fail", name)});
    reply.outcome = AccountOutcome::kInvalid;
    return reply;
  }
  if (Decision d = MayManage(who, *after, units_); d != Decision::kAllow) {
    Refuse(who, address, "user_update", name + ": new unit", d, &reply);
    return reply;
  }
  after->password_hash = change.password ? HashPassword(*change.password) : before->password_hash;
  after->disabled = change.disabled.value_or(before->disabled);
  after->created_at = before->created_at;
  after->updated_at = clock_.Now();
  // Sessions opened with the old password, or by an account now disabled, end with the change.
  reply.sessions_revoked = change.password.has_value() || (after->disabled && !before->disabled);

  Transaction tx(store_);
  if (!store_.UpdateUser(*after)) {  // removed meanwhile (accounts are never deleted today)
    tx.Rollback();
    audit_.Write({Event(who, address, "user_update", "not_found", name)});
    reply.outcome = AccountOutcome::kNotFound;
    reply.sessions_revoked = false;
    return reply;
  }
  if (reply.sessions_revoked) store_.RevokeSessionsOf(after->username, UnixSeconds());
  AuditEvent e = Event(who, address, "user_update", "allow",
                       name + ": " + ChangedFields(*before, *after, change));
  store_.AppendAudit({&e, 1});
  tx.Commit();
  reply.users.push_back(std::move(*after));
  return reply;
}

}  // namespace lmis
