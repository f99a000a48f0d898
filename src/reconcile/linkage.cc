#include "reconcile/linkage.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"
#include "gen/random.h"

namespace lmis {
namespace {

constexpr int kMissing = 3;  // the CCCD outcome for a record without one: no evidence either way

constexpr std::string_view kFieldSlugs[] = {"full_name", "birth_date", "sex", "commune", "cccd"};
constexpr std::string_view kFieldLabels[] = {"Họ tên", "Ngày sinh", "Giới tính", "Nơi cư trú",
                                             "Số CCCD"};
constexpr std::string_view kOutcomeSlugs[kLinkFields][5] = {
    {"exact", "no_diacritics", "similar", "different", ""},
    {"exact", "compatible", "same_month", "same_year", "different"},
    {"same", "different", "", "", ""},
    {"same_commune", "same_province", "different", "", ""},
    {"one_digit", "transposed", "different", "missing", ""}};
constexpr std::string_view kOutcomeLabels[kLinkFields][5] = {
    {"trùng khớp", "trùng khi bỏ dấu", "gần giống", "khác", ""},
    {"trùng khớp", "phù hợp (ngày không đầy đủ)", "cùng tháng năm", "cùng năm", "khác"},
    {"trùng khớp", "khác", "", "", ""},
    {"cùng xã", "cùng tỉnh", "khác tỉnh", "", ""},
    {"lệch 1 chữ số", "đảo 2 chữ số liền nhau", "khác", "không có", ""}};

// Chances of each outcome among true matches before the data speaks (EM refines them).
// A record written from the same person rarely gets a wholly different name or CCCD.
constexpr double kPriorM[kLinkFields][5] = {{0.86, 0.07, 0.06, 0.01, 0},
                                            {0.85, 0.05, 0.05, 0.04, 0.01},
                                            {0.98, 0.02, 0, 0, 0},
                                            {0.85, 0.10, 0.05, 0, 0},
                                            {0.84, 0.15, 0.01, 0, 0}};

int Outcomes(size_t field) { return kOutcomes[field]; }

int CompareName(const LinkRecord& a, const LinkRecord& b) {
  if (a.name_key == b.name_key) return 0;
  if (a.folded == b.folded) return 1;
  return JaroWinkler(a.folded, b.folded) >= 0.90 ? 2 : 3;
}

int CompareBirth(const PartialDate& a, const PartialDate& b) {
  if (a.empty() || b.empty() || a.year != b.year) return 4;
  if (a.is_full() && b.is_full() && a == b) return 0;
  bool months = a.month && b.month;
  if ((!months || a.month == b.month) && (!(a.day && b.day) || a.day == b.day)) return 1;
  if (months && a.month == b.month) return 2;
  return 3;
}

int CompareCommune(const LinkRecord& a, const LinkRecord& b) {
  for (const std::string& c : a.communes)
    if (std::binary_search(b.communes.begin(), b.communes.end(), c)) return 0;
  return !a.province.empty() && a.province == b.province ? 1 : 2;
}

int CompareCccd(const std::string& a, const std::string& b) {
  if (a.size() != 12 || b.size() != 12) return kMissing;
  int differing = 0;
  size_t first = 12;
  for (size_t i = 0; i < 12; ++i)
    if (a[i] != b[i]) {
      if (first == 12) first = i;
      ++differing;
    }
  if (differing <= 1) return 0;
  if (differing == 2 && first < 11 && a[first] == b[first + 1] && a[first + 1] == b[first])
    return 1;
  // Equal first six digits (province, century and sex, birth year) are no evidence of their
  // own: they restate the birth year and sex compared already.
  return 2;
}

size_t PatternIndex(const LinkPattern& p) {
  size_t index = 0;
  for (size_t f = 0; f < kLinkFields; ++f) index = index * 5 + p[f];
  return index;
}

LinkPattern PatternOf(size_t index) {
  LinkPattern p{};
  for (size_t f = kLinkFields; f-- > 0;) {
    p[f] = static_cast<uint8_t>(index % 5);
    index /= 5;
  }
  return p;
}

// Block keys of a record: pairs are compared only within a shared block. Any one field that
// differs (a mistyped name, date of birth, CCCD digit, or a move) still leaves the true pair a
// block in common, while blocks stay a handful of people each even in a city of millions.
std::vector<std::string> BlockKeys(const LinkRecord& r) {
  std::vector<std::string> keys;
  const std::string year = r.birth.year ? std::to_string(r.birth.year) : "";
  for (const std::string& c : r.communes) {
    if (!year.empty()) keys.push_back("c" + c + "|" + year + "|" + r.sex);
    if (!r.given.empty()) keys.push_back("n" + c + "|" + r.given);
  }
  if (r.cccd.size() == 12) {  // a digit mistyped in 7–12 keeps one of these
    keys.push_back("d" + r.cccd.substr(0, 9));
    keys.push_back("e" + r.cccd.substr(0, 6) + r.cccd.substr(9));
  }
  if (!r.folded.empty() && !year.empty()) keys.push_back("y" + r.folded + "|" + year);
  return keys;
}

}  // namespace

std::string_view Slug(LinkField field) { return kFieldSlugs[static_cast<size_t>(field)]; }
std::string_view LabelVi(LinkField field) { return kFieldLabels[static_cast<size_t>(field)]; }
std::string_view OutcomeSlug(LinkField field, int outcome) {
  return kOutcomeSlugs[static_cast<size_t>(field)][outcome];
}
std::string_view OutcomeLabelVi(LinkField field, int outcome) {
  return kOutcomeLabels[static_cast<size_t>(field)][outcome];
}

LinkRecord MakeLinkRecord(const AdminUnits& units, int64_t person_id, std::string_view cccd,
                          std::string_view full_name, std::string_view birth_date,
                          std::string_view sex, std::string_view residence_key) {
  LinkRecord r;
  r.person_id = person_id;
  r.cccd = std::string(cccd);
  r.name_key = NameKey(full_name);
  r.folded = FoldVietnamese(full_name);
  size_t space = r.folded.rfind(' ');
  r.given = space == std::string::npos ? r.folded : r.folded.substr(space + 1);
  r.birth = PartialDate::Parse(birth_date).value_or(PartialDate{});
  r.sex = std::string(sex);
  if (auto unit = ParseUnitKey(residence_key)) {
    if (unit->edition == UnitEdition::k2025)
      r.communes.emplace_back(unit->code);
    else
      r.communes = units.NewUnitsOf(unit->code);
    std::sort(r.communes.begin(), r.communes.end());
    r.province = units.ProvinceNow(unit->edition, unit->code);
  }
  return r;
}

LinkPattern ComparePair(const LinkRecord& a, const LinkRecord& b) {
  return {static_cast<uint8_t>(CompareName(a, b)),
          static_cast<uint8_t>(CompareBirth(a.birth, b.birth)),
          static_cast<uint8_t>(a.sex == b.sex ? 0 : 1), static_cast<uint8_t>(CompareCommune(a, b)),
          static_cast<uint8_t>(CompareCccd(a.cccd, b.cccd))};
}

double JaroWinkler(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1;
  if (a.empty() || b.empty()) return 0;
  const size_t range = std::max<size_t>(std::max(a.size(), b.size()) / 2, 1) - 1;
  // Names are short: flags on the stack, no allocation per comparison.
  constexpr size_t kStack = 128;
  bool stack_a[kStack] = {}, stack_b[kStack] = {};
  std::vector<bool> heap_a, heap_b;
  const bool small = a.size() <= kStack && b.size() <= kStack;
  if (!small) {
    heap_a.assign(a.size(), false);
    heap_b.assign(b.size(), false);
  }
  auto ma = [&](size_t i) -> bool { return small ? stack_a[i] : heap_a[i]; };
  auto mb = [&](size_t j) -> bool { return small ? stack_b[j] : heap_b[j]; };
  auto set = [&](size_t i, size_t j) {
    if (small) {
      stack_a[i] = stack_b[j] = true;
    } else {
      heap_a[i] = heap_b[j] = true;
    }
  };
  size_t matches = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    size_t lo = i > range ? i - range : 0, hi = std::min(b.size(), i + range + 1);
    for (size_t j = lo; j < hi; ++j)
      if (!mb(j) && a[i] == b[j]) {
        set(i, j);
        ++matches;
        break;
      }
  }
  if (matches == 0) return 0;
  size_t transpositions = 0;
  for (size_t i = 0, j = 0; i < a.size(); ++i) {
    if (!ma(i)) continue;
    while (!mb(j)) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  double m = static_cast<double>(matches);
  double jaro = (m / a.size() + m / b.size() + (m - transpositions / 2.0) / m) / 3;
  size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + prefix * 0.1 * (1 - jaro);
}

std::vector<LinkProposal> Linker::Link(const std::vector<LinkRecord>& workers,
                                       const std::vector<LinkRecord>& candidates) {
  model_ = Model();
  std::vector<LinkProposal> proposals;
  if (workers.empty() || candidates.empty()) return proposals;

  // Candidate pairs from the blocks.
  std::unordered_map<std::string, std::pair<std::vector<uint32_t>, std::vector<uint32_t>>> blocks;
  for (size_t i = 0; i < workers.size(); ++i)
    for (std::string& k : BlockKeys(workers[i])) blocks[std::move(k)].first.push_back(i);
  for (size_t j = 0; j < candidates.size(); ++j)
    for (std::string& k : BlockKeys(candidates[j])) blocks[std::move(k)].second.push_back(j);
  std::unordered_set<uint64_t> seen;
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  for (const auto& [key, sides] : blocks) {
    if (sides.first.empty() || sides.second.empty() || sides.first.size() > settings_.max_block ||
        sides.second.size() > settings_.max_block)
      continue;
    for (uint32_t i : sides.first)
      for (uint32_t j : sides.second)
        if (seen.insert((uint64_t{i} << 32) | j).second) pairs.emplace_back(i, j);
  }
  model_.pairs = pairs.size();
  if (pairs.empty()) return proposals;
  std::vector<LinkPattern> patterns(pairs.size());
  std::vector<double> counts(3125, 0);  // 5^5 patterns
  for (size_t k = 0; k < pairs.size(); ++k) {
    patterns[k] = ComparePair(workers[pairs[k].first], candidates[pairs[k].second]);
    counts[PatternIndex(patterns[k])] += 1;
  }

  // u: outcome frequencies among random pairs of two different register people — non-matches
  // by construction (pairs of a worker record and a random person would include its own
  // match now and then, and overrate agreement), smoothed.
  auto& m = model_.m;
  auto& u = model_.u;
  gen::Rng rng(0x6c696e6b);
  for (size_t f = 0; f < kLinkFields; ++f)
    for (int o = 0; o < Outcomes(f); ++o) u[f][o] = 0.5;
  if (candidates.size() >= 2) {
    const size_t samples = std::min<size_t>(100000, candidates.size() * (candidates.size() - 1));
    for (size_t s = 0; s < samples; ++s) {
      size_t a = rng.Below(candidates.size()), b = rng.Below(candidates.size() - 1);
      if (b >= a) ++b;
      LinkPattern p = ComparePair(candidates[a], candidates[b]);
      for (size_t f = 0; f < kLinkFields; ++f) u[f][p[f]] += 1;
    }
  }
  for (size_t f = 0; f < kLinkFields; ++f) {
    double total = 0;
    for (int o = 0; o < Outcomes(f); ++o) total += u[f][o];
    for (int o = 0; o < Outcomes(f); ++o) u[f][o] /= total;
  }
  u[static_cast<size_t>(LinkField::kCccd)][kMissing] = 0;  // register people all have one

  // The share of matches among the compared pairs by EM over their pattern counts (and, with
  // learn_weights, m and u too, starting from the priors and the random pairs). A record
  // without a CCCD says nothing of that field: it is left out.
  const size_t cccd = static_cast<size_t>(LinkField::kCccd);
  auto observed = [&](size_t f, int o) { return !(f == cccd && o == kMissing); };
  for (size_t f = 0; f < kLinkFields; ++f)
    for (int o = 0; o < Outcomes(f); ++o) m[f][o] = std::max(kPriorM[f][o], 1e-4);
  double share = std::min(0.5, static_cast<double>(workers.size()) / pairs.size());
  auto likelihoods = [&](const LinkPattern& p, double* lm, double* lu) {
    *lm = 1;
    *lu = 1;
    for (size_t f = 0; f < kLinkFields; ++f) {
      if (!observed(f, p[f])) continue;
      *lm *= m[f][p[f]];
      *lu *= u[f][p[f]];
    }
  };
  for (int it = 0; it < settings_.em_iterations; ++it) {
    std::array<std::array<double, 5>, kLinkFields> next_m{}, next_u{};
    double matched = 0, total = 0;
    for (size_t index = 0; index < counts.size(); ++index) {
      if (counts[index] == 0) continue;
      LinkPattern p = PatternOf(index);
      double lm, lu;
      likelihoods(p, &lm, &lu);
      double w = share * lm / (share * lm + (1 - share) * lu);
      matched += counts[index] * w;
      total += counts[index];
      for (size_t f = 0; f < kLinkFields; ++f) {
        if (!observed(f, p[f])) continue;
        next_m[f][p[f]] += counts[index] * w;
        next_u[f][p[f]] += counts[index] * (1 - w);
      }
    }
    share = std::clamp(matched / total, 1e-6, 0.999);
    if (!settings_.learn_weights) continue;
    for (size_t f = 0; f < kLinkFields; ++f) {
      double sum_m = 0, sum_u = 0;
      for (int o = 0; o < Outcomes(f); ++o) {
        if (!observed(f, o)) continue;
        sum_m += next_m[f][o] + 1e-3;
        sum_u += next_u[f][o] + 1e-3;
      }
      for (int o = 0; o < Outcomes(f); ++o) {
        if (!observed(f, o)) continue;
        m[f][o] = (next_m[f][o] + 1e-3) / sum_m;
        u[f][o] = (next_u[f][o] + 1e-3) / sum_u;
      }
    }
  }
  model_.match_share = share;

  // Score every pair; keep the best and second best per record.
  struct Scored {
    size_t pair;
    double score;
  };
  std::vector<Scored> scored(pairs.size());
  std::vector<double> best_w(workers.size(), -1e9), second_w(workers.size(), -1e9);
  std::vector<double> best_c(candidates.size(), -1e9), second_c(candidates.size(), -1e9);
  auto keep = [](double s, double* best, double* second) {
    if (s > *best) {
      *second = *best;
      *best = s;
    } else if (s > *second) {
      *second = s;
    }
  };
  for (size_t k = 0; k < pairs.size(); ++k) {
    double s = 0;
    for (size_t f = 0; f < kLinkFields; ++f) {
      const int o = patterns[k][f];
      if (f == static_cast<size_t>(LinkField::kCccd) && o == kMissing) continue;
      s += std::log2(m[f][o] / u[f][o]);
    }
    scored[k] = {k, s};
    keep(s, &best_w[pairs[k].first], &second_w[pairs[k].first]);
    keep(s, &best_c[pairs[k].second], &second_c[pairs[k].second]);
  }
  std::sort(scored.begin(), scored.end(),
            [](const Scored& a, const Scored& b) { return a.score > b.score; });
  const double prior_odds = share / (1 - share);
  std::vector<bool> worker_taken(workers.size()), candidate_taken(candidates.size());
  for (const Scored& s : scored) {
    auto [i, j] = pairs[s.pair];
    double odds = prior_odds * std::exp2(s.score);
    double probability = odds / (1 + odds);
    if (probability < settings_.min_probability) break;
    if (worker_taken[i] || candidate_taken[j]) continue;
    if (s.score < best_w[i] || s.score < best_c[j]) continue;  // not the best of its records
    if (s.score - second_w[i] < settings_.margin || s.score - second_c[j] < settings_.margin)
      continue;
    worker_taken[i] = candidate_taken[j] = true;
    LinkProposal p{i, j, s.score, probability, {}};
    for (size_t f = 0; f < kLinkFields; ++f) {
      const int o = patterns[s.pair][f];
      double w = f == static_cast<size_t>(LinkField::kCccd) && o == kMissing
                     ? 0
                     : std::log2(m[f][o] / u[f][o]);
      p.reasons.push_back({static_cast<LinkField>(f), o, w});
    }
    proposals.push_back(std::move(p));
  }
  return proposals;
}

}  // namespace lmis
