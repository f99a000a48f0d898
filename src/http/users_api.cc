#include "http/users_api.h"

#include "auth/accounts.h"
#include "registry/lookup.h"

namespace lmis::http {
namespace {

using nlohmann::json;

constexpr const char* kCreateFields = "username, role, unit, tree, person, password";
constexpr const char* kUpdateFields = "role, unit, tree, person, disabled, password";

Violation UnknownField(const std::string& key, const char* allowed) {
  return {key, ViolationCode::kColumnUnknown,
          "Trường không hợp lệ " + QuoteValue(key) + " (chỉ nhận " + allowed + ")",
          "Unknown field " + QuoteValue(key) + " (only " + allowed + ")"};
}

Violation NotText(const std::string& key) {
  return {key, ViolationCode::kFormat, key + " phải là chuỗi ký tự", key + " must be a string"};
}

json AccountJson(const RefData& ref, const UserRecord& u) {
  auto role = ParseRole(u.role);
  json unit_name;  // null when the unit is no longer in the reference data
  if (u.unit == "national") {
    unit_name = "Toàn quốc";
  } else if (auto key = ParseUnitKey(u.unit)) {
    if (const AdminUnit* a = ref.units.Find(key->edition, key->code)) unit_name = a->name;
  }
  return {{"username", u.username},
          {"role", u.role},
          {"role_label_vi", role ? std::string(RoleLabelVi(*role)) : u.role},
          {"role_label_en", role ? std::string(RoleLabelEn(*role)) : u.role},
          {"unit", u.unit},
          {"unit_name", unit_name},
          {"person", u.person_id ? json(PersonIdText(u.person_id)) : json()},
          {"disabled", u.disabled},
          {"created_at", u.created_at},
          {"updated_at", u.updated_at}};
}

Response Failure(const AccountReply& reply) {
  switch (reply.outcome) {
    case AccountOutcome::kNotFound:
      return NotFound();
    case AccountOutcome::kDenied:
      if (reply.decision == Decision::kDenyJurisdiction)
        return Error(403, "forbidden_jurisdiction",
                     "Tài khoản này nằm ngoài phạm vi quản lý của bạn",
                     "This account lies outside your jurisdiction");
      return Denied(reply.decision);
    case AccountOutcome::kInvalid:
      return Invalid(reply.violations);
    case AccountOutcome::kConflict:
      return Error(409, "username_taken", reply.conflict.vi, reply.conflict.en);
    default:
      return Error(500, "internal", "Lỗi hệ thống", "Internal error");
  }
}

// A new account from a POST body; unknown and mistyped fields go to `found`.
AccountInput InputFrom(const json& body, std::string* password, Violations* found) {
  AccountInput in;
  for (const auto& [key, value] : body.items()) {
    std::string* target = key == "username"   ? &in.username
                          : key == "role"     ? &in.role
                          : key == "unit"     ? &in.unit
                          : key == "tree"     ? &in.tree
                          : key == "person"   ? &in.person
                          : key == "password" ? password
                                              : nullptr;
    if (!target)
      found->push_back(UnknownField(key, kCreateFields));
    else if (key == "person" && value.is_null())
      continue;
    else if (!value.is_string())
      found->push_back(NotText(key));
    else
      *target = value.get<std::string>();
  }
  return in;
}

// A change from a PUT body; unknown and mistyped fields go to `found`.
AccountChange ChangeFrom(const json& body, Violations* found) {
  AccountChange change;
  for (const auto& [key, value] : body.items()) {
    if (key == "disabled") {
      if (value.is_boolean())
        change.disabled = value.get<bool>();
      else
        found->push_back({key, ViolationCode::kFormat, "disabled phải là true hoặc false",
                          "disabled must be true or false"});
      continue;
    }
    std::optional<std::string>* target = key == "role"       ? &change.role
                                         : key == "unit"     ? &change.unit
                                         : key == "tree"     ? &change.tree
                                         : key == "person"   ? &change.person
                                         : key == "password" ? &change.password
                                                             : nullptr;
    if (!target)
      found->push_back(UnknownField(key, kUpdateFields));
    else if (key == "person" && value.is_null())
      *target = "";  // no longer linked to a record
    else if (!value.is_string())
      found->push_back(NotText(key));
    else
      *target = value.get<std::string>();
  }
  return change;
}

}  // namespace

std::optional<Response> UsersApi::Handle(const Request& r, const std::vector<std::string_view>& s,
                                         const Caller& caller) {
  if (s.empty() || s[0] != "users") return std::nullopt;
  if (s.size() > 2) return NotFound();
  if (s.size() == 1 && r.method != "GET" && r.method != "POST") return MethodNotAllowed();
  if (s.size() == 2 && r.method != "PUT") return MethodNotAllowed();
  auto store = c_.pool.Acquire();
  AccountService service(*store, c_.ref.units, c_.clock, c_.audit);
  Response error;

  if (s.size() == 1 && r.method == "GET") {
    AccountReply reply = service.List(caller.who, caller.address);
    if (reply.outcome != AccountOutcome::kOk) return Failure(reply);
    json items = json::array();
    for (const UserRecord& u : reply.users) items.push_back(AccountJson(c_.ref, u));
    return Json(200, {{"items", items}});
  }
  auto body = ObjectBody(r, &error);
  if (!body) return error;
  Violations found;
  AccountReply reply;
  if (s.size() == 1) {
    std::string password;
    AccountInput input = InputFrom(*body, &password, &found);
    reply = service.Create(caller.who, caller.address, input, password, found);
  } else {
    AccountChange change = ChangeFrom(*body, &found);
    reply = service.Update(caller.who, caller.address, s[1], change, found);
    if (reply.outcome == AccountOutcome::kOk) forget_sessions_(reply.users.front().username);
  }
  if (reply.outcome != AccountOutcome::kOk && reply.outcome != AccountOutcome::kCreated)
    return Failure(reply);
  return Json(reply.outcome == AccountOutcome::kCreated ? 201 : 200,
              AccountJson(c_.ref, reply.users.front()));
}

}  // namespace lmis::http
