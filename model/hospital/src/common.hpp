#pragma once
// What several rooms of the hospital library share: the activity of a session, specialty
// indices, the doctors each service has under a plan, and the names of the random streams.

#include <cstdint>
#include <string>
#include <vector>

#include "strikesim/hospital/planner.hpp"
#include "strikesim/hospital/scenario.hpp"

namespace strikesim::model::detail {

/// Random stream purposes within a trust's replication: each draw has a stream of its own, so
/// adding one leaves the others unchanged.
enum stream_purpose : std::uint64_t {
  turnout = 1,
  ed_arrivals,
  ed_patients,
  ed_consult,
  clerking,
  tasks,
  reinstating,
  streamed,
  bed_waits,
  clustered
};

/// A trust's stream id, from its id (FNV-1a), so a trust draws the same alone or in a region.
std::uint64_t stream_id_of(const std::string& trust_id);

/// Operations of a theatre list, slots of a clinic.
int session_activity(const session& s);

std::size_t specialty_index(const trust& t, const std::string& name);

/// The service whose spare doctors are those of `specialty` (the first whose specialty it is),
/// or none (t.services.size()).
std::size_t home_service(const trust& t, const std::string& specialty);

/// Doctors working in each service under a plan: those filling its roles, plus that specialty's
/// doctors who are at work and in no role, for the first service (in file order) whose home
/// specialty it is. Each idle doctor works in one service only.
std::vector<int> service_capacity(const trust& t, const cover_problem& p, const cover_plan& plan);

}  // namespace strikesim::model::detail
