#include "strikesim/hospital/scenario.hpp"

#include <cmath>

namespace strikesim::model {

double distribution_spec::expected_value() const {
  switch (type) {
    case kind::constant:
      return value;
    case kind::exponential:
    case kind::lognormal:
    case kind::beta:
      return mean;
    case kind::gamma:
      return shape * scale;
    case kind::weibull:
      return scale * std::tgamma(1.0 + 1.0 / shape);
    case kind::triangular:
      return (low + mode + high) / 3.0;
    case kind::uniform:
      return (low + high) / 2.0;
  }
  return value;
}

}  // namespace strikesim::model
