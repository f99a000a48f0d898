#include "cli/output.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "core/codes.h"
#include "exchange/worker_file.h"

namespace lmis {

void Output::Say(const std::string& vi, const std::string& en) const {
  std::cerr << (english_ ? en : vi) << "\n";
}

void Output::Err(const std::string& vi, const std::string& en) const {
  std::cerr << (english_ ? "error: " + en : "lỗi: " + vi + "\n  (" + en + ")") << "\n";
}

ProgressBar::ProgressBar(int64_t total_bytes, bool enabled, bool english)
    : total_(total_bytes),
      enabled_(enabled && total_bytes > 0),
      english_(english),
      start_(std::chrono::steady_clock::now()) {}

void ProgressBar::Update(int64_t bytes, int64_t rows) {
  if (!enabled_) return;
  int permille = static_cast<int>(bytes * 1000 / total_);
  if (permille == last_permille_) return;
  last_permille_ = permille;
  constexpr int kWidth = 40;
  int filled = permille * kWidth / 1000;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::fprintf(stderr, "\r[%.*s%*s] %5.1f%%  %lld %s  %.0f %s ", filled,
               "########################################", kWidth - filled, "", permille / 10.0,
               static_cast<long long>(rows), english_ ? "rows" : "dòng",
               secs > 0 ? rows / secs : 0.0, english_ ? "rows/s" : "dòng/giây");
  std::fflush(stderr);
}

void ProgressBar::Done() {
  if (enabled_ && last_permille_ >= 0) std::fprintf(stderr, "\n");
}

std::string Num(int64_t n) { return std::to_string(n); }

std::string UserName() {
  if (const char* u = std::getenv("USER"); u && *u) return u;
  if (passwd* pw = getpwuid(getuid())) return pw->pw_name;
  return "unknown";
}

Date ParseDateArg(const std::string& text, const std::string& flag) {
  auto d = Date::Parse(text);
  if (!d)
    throw UserError(flag + ": \"" + text + "\" không phải ngày dạng YYYY-MM-DD",
                    flag + ": \"" + text + "\" is not a YYYY-MM-DD date");
  return *d;
}

nlohmann::json VersionJson(const WorkerVersion& v) {
  return {{"person", PersonIdText(v.person_id)},
          {"seq", v.seq},
          {"province_code", v.province_code},
          {"valid_from", v.meta.valid_from.ToString()},
          {"recorded_at", v.meta.recorded_at},
          {"source", std::string(Slug(v.meta.source))},
          {"actor", v.meta.actor},
          {"record", CellsJson(v.cells)}};
}

namespace {

// The label of a coded cell ("employed" → "Người có việc làm"), or "" when not a code.
std::string CodeLabel(WorkerField f, const std::string& slug, bool english) {
  const CodeList* list = nullptr;
  switch (f) {
    case WorkerField::kSex:
      list = &CodeListOf<Sex>();
      break;
    case WorkerField::kGeneralEducation:
      list = &CodeListOf<GeneralEducation>();
      break;
    case WorkerField::kQualification:
      list = &CodeListOf<Qualification>();
      break;
    case WorkerField::kLfStatus:
      list = &CodeListOf<LfStatus>();
      break;
    case WorkerField::kEmploymentStatus:
      list = &CodeListOf<EmploymentStatus>();
      break;
    case WorkerField::kWorkplaceType:
      list = &CodeListOf<WorkplaceType>();
      break;
    case WorkerField::kSiType:
      list = &CodeListOf<SiType>();
      break;
    case WorkerField::kContractType:
      list = &CodeListOf<ContractType>();
      break;
    case WorkerField::kUnemploymentDuration:
      list = &CodeListOf<UnemploymentDuration>();
      break;
    case WorkerField::kNilfReason:
      list = &CodeListOf<NilfReason>();
      break;
    case WorkerField::kSource:
      list = &CodeListOf<ChangeSource>();
      break;
    default:
      return "";
  }
  const CodeOption* o = list->BySlug(slug);
  return o ? std::string(english ? o->label_en : o->label_vi) : "";
}

// A cell as officers read it: the label first, the stored code after it.
std::string Describe(WorkerField f, const std::string& value, const WorkerVersion& v,
                     const RefData& ref, bool english) {
  std::string label = CodeLabel(f, value, english);
  const Catalog* catalog = nullptr;
  if (f == WorkerField::kEthnicity) catalog = &ref.ethnic_groups;
  if (f == WorkerField::kOccupation) catalog = &ref.occupations;
  if (f == WorkerField::kIndustry) catalog = &ref.IndustriesAt(v.meta.valid_from);
  if (catalog)
    if (const CatalogEntry* e = catalog->Find(value)) label = e->name;
  if (f == WorkerField::kPermanentUnit || f == WorkerField::kCurrentUnit ||
      f == WorkerField::kWorkplaceUnit)
    if (const AdminUnit* u = ref.units.Find(EditionAt(v.meta.valid_from), value)) label = u->name;
  return label.empty() ? value : label + " (" + value + ")";
}

}  // namespace

void PrintVersion(const WorkerVersion& v, const RefData& ref, const Output& out) {
  bool en = out.english();
  std::cout << (en ? "Worker " : "Người lao động ") << PersonIdText(v.person_id) << " — "
            << (en ? "version " : "phiên bản ") << v.seq << ", "
            << (en ? "in force from " : "hiệu lực từ ") << v.meta.valid_from.ToString() << ", "
            << Slug(v.meta.source) << ", " << v.meta.actor << " @ " << v.meta.recorded_at << "\n";
  for (size_t i = 0; i < kWorkerFieldCount; ++i) {
    if (v.cells[i].empty()) continue;
    auto f = static_cast<WorkerField>(i);
    const FieldInfo& info = InfoOf(f);
    std::string item = info.form_item.empty() ? "" : "[" + std::string(info.form_item) + "] ";
    std::cout << "  " << item << (en ? info.label_en : info.label_vi) << ": "
              << Describe(f, v.cells[i], v, ref, en) << "\n";
  }
}

void PrintHistory(const std::vector<WorkerVersion>& versions, const Output& out) {
  bool en = out.english();
  const WorkerCells* prev = nullptr;
  for (const WorkerVersion& v : versions) {
    std::cout << "#" << v.seq << "  " << v.meta.valid_from.ToString() << "  " << Slug(v.meta.source)
              << "  " << v.meta.actor << "  " << v.meta.recorded_at;
    if (!prev) {
      std::cout << "  " << (en ? "first record" : "bản ghi đầu tiên") << "\n";
    } else {
      std::cout << "\n";
      for (size_t i = 0; i < kWorkerFieldCount; ++i) {
        if ((*prev)[i] == v.cells[i]) continue;
        std::cout << "    " << InfoOf(static_cast<WorkerField>(i)).name << ": \"" << (*prev)[i]
                  << "\" → \"" << v.cells[i] << "\"\n";
      }
    }
    prev = &v.cells;
  }
}

}  // namespace lmis
