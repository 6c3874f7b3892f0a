#include "strikesim/hospital/scenario.hpp"

#include <cmath>

namespace strikesim::model {

double distribution_spec::mean() const {
  switch (type) {
    case kind::constant:
    case kind::exponential:
    case kind::lognormal:  // parametrised by the mean and sd of the value itself
    case kind::beta:
      return a;
    case kind::gamma:
      return a * b;  // shape * scale
    case kind::weibull:
      return b * std::tgamma(1.0 + 1.0 / a);  // scale * Gamma(1 + 1/shape)
    case kind::triangular:
      return (a + b + c) / 3.0;
    case kind::uniform:
      return (a + b) / 2.0;
  }
  return a;
}

}  // namespace strikesim::model
