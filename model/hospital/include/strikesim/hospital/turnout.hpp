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
/// Points of a department's own rate around each of those values, when striking is clustered.
inline constexpr std::size_t clustered_quadrature_points = 16;

/// The participation values of that quadrature, to compute once for many `n` and percentiles.
/// With `clustering` above 0, each value is spread into a department's rates around it.
std::vector<double> absence_quadrature(const distribution_spec& participation,
                                       double clustering = 0);

/// A department's own participation at probability `u`, around the national `participation`
/// (action.clustering): the beta of mean `participation` and variance clustering x p(1-p), the
/// intraclass correlation of a beta-binomial. For a fixed `u` it rises with `participation`
/// (the beta's first shape rises and its second falls), so a higher national rate strikes a
/// superset of the doctors. With no clustering, `participation` itself.
double department_participation(double participation, double clustering, double u);
int planned_absence(int n, std::span<const double> quadrature, double percentile);
/// planned_absence in two steps: the mixture's mass at each number of strikers 0..n (n >= 1), then
/// the strikers expected at `percentile` from those masses over `quadrature_points` values (the
/// same numbers: a plan cache computes the masses once and the quantile for each draw).
std::vector<double> absence_masses(int n, std::span<const double> quadrature);
int absence_at(std::span<const double> masses, std::size_t quadrature_points, double percentile);

}  // namespace strikesim::model
