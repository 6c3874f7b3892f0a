#include "strikesim/hospital/turnout.hpp"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/binomial.hpp>
#include <cmath>

#include "strikesim/sim/random.hpp"

namespace strikesim::model {

double participation_quantile(const distribution_spec& d, double u) {
  using k = distribution_spec::kind;
  switch (d.type) {
    case k::constant:
      return std::clamp(d.value, 0.0, 1.0);
    case k::uniform:
      return d.low + u * (d.high - d.low);
    case k::triangular: {
      const double lo = d.low, mode = d.mode, hi = d.high;
      const double f = (mode - lo) / (hi - lo);
      return u < f ? lo + std::sqrt(u * (hi - lo) * (mode - lo))
                   : hi - std::sqrt((1 - u) * (hi - lo) * (hi - mode));
    }
    case k::beta: {
      const sim::beta_shapes shapes = sim::beta_shapes_of(d.mean, d.sd);
      return boost::math::quantile(boost::math::beta_distribution<>(shapes.alpha, shapes.beta), u);
    }
    case k::exponential:
    case k::lognormal:
    case k::gamma:
    case k::weibull:
      // Not shares (the reader refuses them for participation): planned as if always the mean.
      return std::clamp(d.expected_value(), 0.0, 1.0);
  }
  return std::clamp(d.value, 0.0, 1.0);
}

double department_participation(double participation, double clustering, double u) {
  if (clustering <= 0 || participation <= 0 || participation >= 1) return participation;
  const double concentration = 1 / clustering - 1;
  return boost::math::quantile(
      boost::math::beta_distribution<>(concentration * participation,
                                       concentration * (1 - participation)),
      u);
}

std::vector<double> absence_quadrature(const distribution_spec& participation, double clustering) {
  const auto midpoint = [](std::size_t i, std::size_t n) {
    return (static_cast<double>(i) + 0.5) / static_cast<double>(n);
  };
  std::vector<double> ps(absence_quadrature_points);
  for (std::size_t i = 0; i < ps.size(); ++i)
    ps[i] = std::clamp(participation_quantile(participation, midpoint(i, ps.size())), 0.0, 1.0);
  if (clustering <= 0) return ps;
  std::vector<double> spread;
  spread.reserve(ps.size() * clustered_quadrature_points);
  for (const double p : ps) {
    for (std::size_t j = 0; j < clustered_quadrature_points; ++j)
      spread.push_back(
          department_participation(p, clustering, midpoint(j, clustered_quadrature_points)));
  }
  return spread;
}

int planned_absence(int n, std::span<const double> ps, double percentile) {
  if (n <= 0) return 0;
  const std::vector<double> mass = absence_masses(n, ps);
  return absence_at(mass, ps.size(), percentile);
}

std::vector<double> absence_masses(int n, std::span<const double> ps) {
  // The mixture's probability mass at each k: for each participation value, the binomial's mass
  // at its mode (Boost.Math) and then the ratios pmf(k+1)/pmf(k) = (n-k)/(k+1) * p/(1-p) outwards
  // from it, so each value costs n+1 products instead of a regularised incomplete beta function
  // for every k. Each product adds a relative error of a few ulps; masses far out in a tail
  // underflow to zero, harmlessly. (Against Boost's cdf for every k: tests/model.)
  std::vector<double> mass(static_cast<std::size_t>(n) + 1, 0.0);
  const auto un = static_cast<std::size_t>(n);
  for (const double p : ps) {
    if (p <= 0) {
      mass[0] += 1;
      continue;
    }
    if (p >= 1) {
      mass[un] += 1;
      continue;
    }
    const auto mode =
        static_cast<std::size_t>(std::min<double>(n, std::floor((static_cast<double>(n) + 1) * p)));
    // In double precision throughout (Boost would otherwise promote to long double, x87
    // arithmetic): a few ulps, as the ratios are.
    using in_double = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
    const double at_mode = boost::math::pdf(
        boost::math::binomial_distribution<double, in_double>(n, p), static_cast<double>(mode));
    const double up = p / (1 - p), down = (1 - p) / p;
    double f = at_mode;
    mass[mode] += f;
    for (std::size_t k = mode; k > 0 && f > 0; --k) {
      f *= static_cast<double>(k) / static_cast<double>(un - k + 1) * down;  // pmf(k-1)
      mass[k - 1] += f;
    }
    f = at_mode;
    for (std::size_t k = mode; k < un && f > 0; ++k) {
      f *= static_cast<double>(un - k) / static_cast<double>(k + 1) * up;  // pmf(k+1)
      mass[k + 1] += f;
    }
  }
  return mass;
}

int absence_at(std::span<const double> mass, std::size_t quadrature_points, double percentile) {
  const auto points = static_cast<double>(quadrature_points);
  const std::size_t un = mass.size() - 1;
  double cdf = 0;
  for (std::size_t k = 0; k < un; ++k) {
    cdf += mass[k];
    if (cdf / points >= percentile - 1e-12) return static_cast<int>(k);
  }
  return static_cast<int>(un);
}

int planned_absence(int n, const distribution_spec& participation, double percentile) {
  return planned_absence(n, absence_quadrature(participation), percentile);
}

}  // namespace strikesim::model
