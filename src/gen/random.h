// Small, fast and fully specified random tools for the generator. The standard library's
// distributions are implementation-defined, so output would differ between libstdc++ and libc++;
// everything here is spelled out to keep a seed's population identical everywhere.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace lmis::gen {

// splitmix64: seeds the main generator and hashes keys into independent streams.
inline uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// xoshiro256** (Blackman & Vigna): fast, 256-bit state, good statistical quality.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (uint64_t& s : s_) {
      seed = SplitMix64(seed);
      s = seed;
    }
  }
  uint64_t Next() {
    uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n); n > 0. Multiply-shift: bias is negligible for the small n used here.
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  // Uniform in [lo, hi].
  int Between(int lo, int hi) { return lo + static_cast<int>(Below(hi - lo + 1)); }
  bool Chance(double p) { return Uniform() < p; }
  // Approximately normal (Irwin–Hall of 4): cheap, bounded, good enough for ages and gaps.
  double Normalish(double mean, double sd) {
    double s = Uniform() + Uniform() + Uniform() + Uniform() - 2.0;
    return mean + sd * s * 1.7320508;  // var of the sum is 1/3
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// Draws an index with probability proportional to its weight (cumulative table + binary search).
class Weighted {
 public:
  Weighted() = default;
  explicit Weighted(std::span<const double> weights) {
    cumulative_.reserve(weights.size());
    double sum = 0;
    for (double w : weights) cumulative_.push_back(sum += (w > 0 ? w : 0));
  }
  Weighted(std::initializer_list<double> weights)
      : Weighted(std::span<const double>(weights.begin(), weights.size())) {}
  size_t Draw(Rng& rng) const {
    double x = rng.Uniform() * cumulative_.back();
    auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), x);
    return std::min<size_t>(it - cumulative_.begin(), cumulative_.size() - 1);
  }
  size_t size() const { return cumulative_.size(); }
  bool empty() const { return cumulative_.empty() || cumulative_.back() <= 0; }

 private:
  std::vector<double> cumulative_;
};

// A keyed bijection on [0, a*b) (a balanced-ish Feistel network over the mixed radix a × b).
// Turning a running counter into a random-looking number this way guarantees uniqueness with no
// set of used numbers, and can be inverted to tell whether a number was ever handed out.
class Permutation {
 public:
  Permutation(uint64_t key, uint64_t a, uint64_t b) : key_(key), a_(a), b_(b) {}
  uint64_t Forward(uint64_t x) const {
    uint64_t l = x / b_, r = x % b_;  // l in [0,a), r in [0,b)
    for (int round = 0; round < kRounds; ++round) {
      // Alternate the radices so that both halves are mixed: (l in a, r in b) → (r', l').
      uint64_t m = round % 2 == 0 ? a_ : b_;
      uint64_t nl = r;
      uint64_t nr = (l + F(round, r)) % m;
      l = nl;
      r = nr;
    }
    // After an even number of rounds l is again in [0,a) and r in [0,b).
    return l * b_ + r;
  }
  uint64_t Inverse(uint64_t y) const {
    uint64_t l = y / b_, r = y % b_;
    for (int round = kRounds - 1; round >= 0; --round) {
      uint64_t m = round % 2 == 0 ? a_ : b_;
      uint64_t pl = (r + m - F(round, l) % m) % m;
      uint64_t pr = l;
      l = pl;
      r = pr;
    }
    return l * b_ + r;
  }

 private:
  static constexpr int kRounds = 4;
  uint64_t F(int round, uint64_t x) const {
    return SplitMix64(key_ ^ (static_cast<uint64_t>(round) << 56) ^ x) % (round % 2 == 0 ? a_ : b_);
  }
  uint64_t key_, a_, b_;
};

}  // namespace lmis::gen
