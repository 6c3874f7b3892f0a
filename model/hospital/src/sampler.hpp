#pragma once
// Turns a scenario's distribution_spec into a kernel distribution.

#include <variant>

#include "strikesim/hospital/scenario.hpp"
#include "strikesim/sim/random.hpp"

namespace strikesim::model::detail {

class sampler {
 public:
  explicit sampler(const distribution_spec& s) : d_(make(s)) {}
  double operator()(sim::random_stream& g) {
    return std::visit(
        [&](auto& d) -> double {
          if constexpr (std::is_same_v<std::decay_t<decltype(d)>, double>) {
            return d;
          } else {
            return d(g);
          }
        },
        d_);
  }

 private:
  using variant = std::variant<double, sim::exponential, sim::lognormal, sim::gamma, sim::weibull,
                               sim::triangular, sim::uniform, sim::beta>;
  static variant make(const distribution_spec& s) {
    using k = distribution_spec::kind;
    switch (s.type) {
      case k::constant:
        return s.value;
      case k::exponential:
        return sim::exponential{1.0 / s.mean};
      case k::lognormal:
        return sim::lognormal{s.mean, s.sd};
      case k::gamma:
        return sim::gamma{s.shape, s.scale};
      case k::weibull:
        return sim::weibull{s.shape, s.scale};
      case k::triangular:
        return sim::triangular{s.low, s.mode, s.high};
      case k::uniform:
        return sim::uniform{s.low, s.high};
      case k::beta:
        return sim::beta{s.mean, s.sd};
    }
    return s.value;
  }
  variant d_;
};

}  // namespace strikesim::model::detail
