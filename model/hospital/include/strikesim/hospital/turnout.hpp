#pragma once
/// Who strikes: the action's participation (one draw a replication for the whole country), and
/// the absence the planner expects from it.

#include <cstddef>
#include <span>
#include <vector>

#include "strikesim/hospital/scenario.hpp"

namespace strikesim::model {

/// The participation at probability `u` of its distribution (its quantile function): the
/// planner's quadrature points, and each replication's draw (by inversion, so that with the same
/// seed a higher participation distribution draws a higher participation).
double participation_quantile(const distribution_spec& participation, double u);

/// The quantile of the number of strikers among `n` eligible doctors when each strikes with a
/// probability drawn from `participation`: the planner's expected absence at `percentile`. The
/// mixture of binomials is taken over `absence_quadrature_points` equally likely participation
/// values (the midpoints of its quantiles).
int planned_absence(int n, const distribution_spec& participation, double percentile);

inline constexpr std::size_t absence_quadrature_points = 400;

/// The participation values of that quadrature, to compute once for many `n` and percentiles.
std::vector<double> absence_quadrature(const distribution_spec& participation);
int planned_absence(int n, std::span<const double> quadrature, double percentile);
/// planned_absence in two steps: the mixture's mass at each number of strikers 0..n (n >= 1), then
/// the strikers expected at `percentile` from those masses over `quadrature_points` values (the
/// same numbers: a plan cache computes the masses once and the quantile for each draw).
std::vector<double> absence_masses(int n, std::span<const double> quadrature);
int absence_at(std::span<const double> masses, std::size_t quadrature_points, double percentile);

}  // namespace strikesim::model
